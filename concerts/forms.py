import json
import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy as _

from fansite.editor_fields import EditorSplitDateTimeField

from .models import Concert, Venue
from .services import concert_address
from .timezones import NonexistentLocalTime, make_aware_in, country_codes, suggest_zone, zones_by_country

LOCAL_TIME_HELP = _("Date and time at the venue, in the venue's own time zone.")


def nonexistent_time_message(naive, zone_name):
    return gettext("%(when)s does not exist in %(zone)s: the clocks change that night.") % {
        "when": date_format(naive, "j E Y, H:i"), "zone": zone_name}


class ConcertAdminForm(forms.ModelForm):
    """Editors type every time of a concert (its start, and when it is published) as the venue's wall-clock
    time; it is stored in UTC.

    The model's datetime fields are replaced by naive date/time fields so that the admin's own time zone
    never leaks in: 19:30 entered for a Tokyo venue is 19:30 Tokyo time, whoever edits it. A value the
    editor left as it was shown keeps the stored instant exactly (a form shows minutes, not microseconds),
    so saving an unchanged concert is not a revision.
    """

    local_start = EditorSplitDateTimeField(naive=True, label=_("Starts (venue local time)"), help_text=LOCAL_TIME_HELP)
    publish_from = EditorSplitDateTimeField(
        naive=True, required=False, label=_("Publish from (venue local time)"),
        help_text=_("Visitors see it from this moment (empty: now). Set a future time to schedule it."),
    )
    publish_until = EditorSplitDateTimeField(
        naive=True, required=False, label=_("Publish until (venue local time)"),
        help_text=_("Optional: hide it again from this moment."),
    )
    LOCAL_FIELDS = {"local_start": "starts_at", "publish_from": "publish_from", "publish_until": "publish_until"}

    class Meta:
        model = Concert
        exclude = ["starts_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue = self.instance.venue if self.instance.venue_id else None
        self.shown = {}
        if venue is not None:
            for name, attribute in self.LOCAL_FIELDS.items():
                moment = getattr(self.instance, attribute)
                if moment is not None:
                    self.shown[name] = timezone.localtime(moment, venue.zone).replace(tzinfo=None, second=0, microsecond=0)
                    self.initial[name] = self.shown[name]
            for name in self.LOCAL_FIELDS:
                if name in self.fields:
                    label = str(self.fields[name].label).replace(gettext("venue local time"), venue.time_label)
                    self.fields[name].label = label
        if "slug" in self.fields:
            self.fields["slug"].label = _("Web address")
            self.fields["slug"].help_text = _(
                "The concert's address on the site. Until the concert is first published it follows the title and "
                "date by itself; once published, a changed address keeps the old one redirecting here."
            )
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        venue = cleaned.get("venue")
        if venue is None:
            return cleaned
        venue_unchanged = self.instance.venue_id == venue.pk
        for name, attribute in self.LOCAL_FIELDS.items():
            naive = cleaned.get(name)
            if naive is None:
                continue
            if venue_unchanged and self.shown.get(name) == naive:
                aware = getattr(self.instance, attribute)  # as shown: keep the stored instant
            else:
                try:
                    aware = make_aware_in(naive, venue.timezone)
                except NonexistentLocalTime:
                    self.add_error(name, nonexistent_time_message(naive, venue.timezone))
                    continue
            if name == "local_start":
                self.instance.starts_at = aware
            else:
                cleaned[name] = aware
        self._derive_address(cleaned, venue)
        return cleaned

    def _derive_address(self, cleaned, venue):
        """While a concert is a draft never published, its address follows its title and date, unless the
        editor typed one; published, it keeps the address it has (or is given one if it has none)."""
        # The admin names the title per language (`title_en`, django-modeltranslation): the address follows
        # the default language's.
        title = cleaned.get("title") or cleaned.get(f"title_{settings.LANGUAGE_CODE.replace('-', '_')}")
        start = cleaned.get("local_start")
        # The admin's own script fills the box from the title as the editor types it: that is not an
        # address the editor chose.
        typed = "slug" in self.changed_data and cleaned.get("slug") not in ("", slugify(title or "")[:200])
        draft = self.instance.first_published_at is None and not cleaned.get("is_published")
        if draft and not typed and title and start:
            cleaned["slug"] = concert_address(title=title, local_start=start, exclude_pk=self.instance.pk)
        elif not cleaned.get("slug") and "slug" not in self.errors:
            self.add_error("slug", gettext("Give the concert a web address, e.g. its title with dashes."))


class NewDateForm(forms.Form):
    """A new date (venue local time) and, if it changes, the new venue of a concert being moved or copied."""

    venue = forms.ModelChoiceField(queryset=Venue.objects.all(), label=_("Venue"), help_text=_("Where the concert takes place."))
    local_start = EditorSplitDateTimeField(naive=True, label=_("New start (venue local time)"), help_text=LOCAL_TIME_HELP)

    def __init__(self, *args, concert, **kwargs):
        super().__init__(*args, **kwargs)
        self.concert = concert
        self.fields["venue"].initial = concert.venue_id
        self.fields["local_start"].label = gettext("New start (%(zone)s)") % {"zone": concert.venue.time_label}

    def clean(self):
        cleaned = super().clean()
        naive, venue = cleaned.get("local_start"), cleaned.get("venue")
        if naive and venue:
            try:
                cleaned["starts_at"] = make_aware_in(naive, venue.timezone)
            except NonexistentLocalTime:
                self.add_error("local_start", nonexistent_time_message(naive, venue.timezone))
        return cleaned


class RescheduleForm(NewDateForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") == self.concert.starts_at and cleaned.get("venue") == self.concert.venue:
            self.add_error("local_start", gettext("That is the current date and place; choose the new one."))
        if self.concert.status == Concert.Status.RESCHEDULED:
            raise forms.ValidationError(
                gettext("This concert has already been rescheduled; reschedule the new performance instead."))
        return cleaned


class DuplicateForm(NewDateForm):
    """The copy's date: a copy is another performance, so it never keeps the original's date by accident."""

    def __init__(self, *args, concert, **kwargs):
        super().__init__(*args, concert=concert, **kwargs)
        week_later = concert.local_starts_at + timedelta(weeks=1)
        self.fields["local_start"].initial = week_later.replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") == self.concert.starts_at and cleaned.get("venue") == self.concert.venue:
            self.add_error("local_start", gettext("The copy needs its own date: choose the new one."))
        return cleaned


COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


class VenueAdminForm(forms.ModelForm):
    """The venue's zone is suggested from its country and city (in the browser as the editor types, and
    on saving when left empty); its position can be pasted as one "55.75, 37.61" pair from any map."""

    coordinates = forms.CharField(
        label=_("Position (paste)"), required=False,
        help_text=_("Paste “latitude, longitude” as any map shows it, e.g. 55.756, 37.615; it fills the two "
                    "boxes below. Used for maps and search engines; optional."),
    )

    class Meta:
        model = Venue
        fields = ["name", "city", "country", "timezone", "address", "coordinates", "latitude", "longitude",
                  "website", "slug"]
        labels = {"slug": _("Web address")}
        help_texts = {
            "slug": _("The venue's address on the site, made from its name."),
            "latitude": _("Degrees north (negative: south), e.g. 55.756."),
            "longitude": _("Degrees east (negative: west), e.g. 37.615."),
            "country": _("In English, e.g. Japan, Russia, United States."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.fields["timezone"]
        zone.required = False
        zone.help_text = _("Concert times are entered and shown in it. Left empty, it is chosen from the country "
                           "and city.")
        # For static/admin/venue-zone.js: pick the zone as the editor types the country and city (in the
        # admin, the default language's boxes: `country_en`).
        zone.widget.attrs["data-country-input"] = f"id_{self.default_language_name('country')}"
        zone.widget.attrs["data-city-input"] = f"id_{self.default_language_name('city')}"
        zone.widget.attrs["data-zones-by-country"] = json.dumps(zones_by_country(), separators=(",", ":"))
        zone.widget.attrs["data-country-codes"] = json.dumps(country_codes(), separators=(",", ":"))

    def default_language_name(self, field):
        """The form's name for `field` in the default language: `country_en` in the admin, where
        django-modeltranslation names a box per language (English names, as the zones know them)."""
        localised = f"{field}_{settings.LANGUAGE_CODE.replace('-', '_')}"
        return localised if localised in self.fields else field

    def clean_coordinates(self):
        text = self.cleaned_data["coordinates"]
        if not text:
            return None
        match = COORDINATES.match(text)
        if not match or abs(float(match[1])) > 90 or abs(float(match[2])) > 180:
            raise forms.ValidationError(gettext("Paste two numbers, latitude then longitude, e.g. 55.756, 37.615."))
        return Decimal(match[1]).quantize(Decimal("0.000001")), Decimal(match[2]).quantize(Decimal("0.000001"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("coordinates"):
            cleaned["latitude"], cleaned["longitude"] = cleaned["coordinates"]
            self.instance.latitude, self.instance.longitude = cleaned["coordinates"]
        if not cleaned.get("timezone") and "timezone" not in self.errors:
            country = cleaned.get(self.default_language_name("country")) or ""
            city = cleaned.get(self.default_language_name("city")) or ""
            suggested = suggest_zone(country, city)
            if suggested:
                cleaned["timezone"] = suggested
            else:
                self.add_error("timezone", gettext("Choose the venue's time zone: it could not be told from the "
                                                   "country and city."))
        return cleaned
