from django import forms
from django.utils.translation import gettext_lazy as _

from ..mailing.guard import GuardedForm, no_line_breaks
from .models import Topic


class ContactForm(GuardedForm):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, widget=forms.RadioSelect, initial=Topic.FANS)
    name = forms.CharField(label=_("Your name"), max_length=100, validators=[no_line_breaks],
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             help_text=_("We reply to this address. It is not added to any list."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    subject = forms.CharField(label=_("Subject"), max_length=150, validators=[no_line_breaks])
    message = forms.CharField(label=_("Message"), max_length=5000, min_length=10,
                              help_text=_("Up to 5,000 characters."), widget=forms.Textarea(attrs={"rows": 8}))

    field_order = ["topic", "name", "email", "subject", "message", "website", "stamp"]
