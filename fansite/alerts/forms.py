from django import forms
from django.utils.translation import gettext_lazy as _

from ..mailing.guard import GuardedForm
from .models import place_choices

CONSENT_TEXT = _("I would like an e-mail when a concert is announced, cancelled, postponed or moved in the places "
                 "I chose, at most one a day. I can unsubscribe at any time with the link in every message.")


class PlacesMixin:
    def set_place_choices(self):
        """Each city and country once, named in the page's language; the value is its name in the default
        language, the one the subscription keeps (fansite/alerts/models.py), so a fan who switches
        language keeps the same places."""
        cities, countries = place_choices()
        self.fields["cities"].choices = cities
        self.fields["countries"].choices = countries

    def check_places(self, cleaned):
        if cleaned.get("where") == "places" and not (cleaned.get("cities") or cleaned.get("countries")):
            self.add_error("cities", _("Choose at least one city or country, or choose “Everywhere”."))


def where_field():
    return forms.ChoiceField(
        label=_("Where"), widget=forms.RadioSelect, initial="places",
        choices=[("everywhere", _("Everywhere she plays")), ("places", _("Only in the cities or countries below"))],
    )


class PlacesForm(PlacesMixin, forms.Form):
    """The places a confirmed fan follows, changed from the manage page (its signed link proves the address)."""

    where = where_field()
    cities = forms.MultipleChoiceField(label=_("Cities"), required=False, widget=forms.CheckboxSelectMultiple)
    countries = forms.MultipleChoiceField(label=_("Countries"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_place_choices()

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        return cleaned


class AlertForm(PlacesMixin, GuardedForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    where = where_field()
    cities = forms.MultipleChoiceField(label=_("Cities"), required=False, widget=forms.CheckboxSelectMultiple)
    countries = forms.MultipleChoiceField(label=_("Countries"), required=False, widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True,
                                 error_messages={"required": _("Please tick the box to agree to receive concert alerts.")})

    field_order = ["email", "where", "cities", "countries", "consent", "website", "stamp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_place_choices()

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        return cleaned
