from django import forms
from django.utils.translation import gettext_lazy as _

from ..mailing.guard import GuardedForm

CONSENT_TEXT = _("I would like to receive the newsletter by e-mail: news, concerts and recordings, a few times a "
                 "year. I can unsubscribe at any time with the link in every message.")


class SubscribeForm(GuardedForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True,
                                 error_messages={"required": _("Please tick the box to agree to receive the newsletter.")})

    field_order = ["email", "consent", "website", "stamp"]
