import json
import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext, gettext_lazy as _

from fansite.editor_fields import EditorSplitDateTimeField

from .models import Collaborator, Concert, Performer, ProgrammeItem, TicketLink, Venue
from .services import (
    concert_address, performer_find_or_create, record_translations_set, work_find_or_create,
)
from .timezones import NonexistentLocalTime, make_aware_in, suggest_zone, zones_by_country

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


class TicketLinkForm(forms.ModelForm):
    """A ticket link whose on-sale moment is typed on the venue's wall clock, like the concert's start
    (ConcertAdminForm): in the venue the concert form has, so a venue changed in the same save counts. A
    moment left as it was shown keeps the stored instant."""

    on_sale_local = EditorSplitDateTimeField(
        naive=True, required=False, label=_("On sale from (venue local time)"),
        help_text=_("Empty: on sale now. Before this moment the page says when sales open."),
    )
    concert_venue = None  # set by TicketLinkFormSet

    class Meta:
        model = TicketLink
        exclude = ["on_sale_at"]

    def show_in(self, venue):
        """Label the on-sale box with the venue's zone and show the stored moment on its clock."""
        self.concert_venue = venue
        if venue is None:
            return
        field = self.fields["on_sale_local"]
        field.label = str(field.label).replace(gettext("venue local time"), venue.time_label)
        if self.instance.on_sale_at is not None:
            self.initial["on_sale_local"] = self._local(self.instance.on_sale_at)

    def _local(self, moment):
        return timezone.localtime(moment, self.concert_venue.zone).replace(tzinfo=None, second=0, microsecond=0)

    def clean(self):
        cleaned = super().clean()
        naive, stored = cleaned.get("on_sale_local"), self.instance.on_sale_at
        if naive is None:
            self.instance.on_sale_at = None
        elif self.concert_venue is not None and (stored is None or self._local(stored) != naive):
            try:
                self.instance.on_sale_at = make_aware_in(naive, self.concert_venue.timezone)
            except NonexistentLocalTime:
                self.add_error("on_sale_local", nonexistent_time_message(naive, self.concert_venue.timezone))
        return cleaned


class VenueZoneFormSetMixin:
    """For a ticket link formset: gives each form the concert's venue (as the concert form set it, when
    saving). A mixin, as the admin's sortable inline brings its own formset class."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.show_in(self.instance.venue if self.instance.venue_id else None)
        return form


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
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.fields["timezone"]
        zone.required = False
        zone.help_text = _("Concert times are entered and shown in it. Left empty, it is chosen from the country "
                           "and city.")
        # For static/admin/venue-zone.js: pick the zone as the editor chooses the country and types the city
        # (in the admin, the default language's box: `city_en`).
        zone.widget.attrs["data-city-input"] = f"id_{self.default_language_name('city')}"
        zone.widget.attrs["data-zones-by-country"] = json.dumps(zones_by_country(), separators=(",", ":"))

    def default_language_name(self, field):
        """The form's name for `field` in the default language: `city_en` in the admin, where
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
            city = cleaned.get(self.default_language_name("city")) or ""
            suggested = suggest_zone(cleaned.get("country"), city)
            if suggested:
                cleaned["timezone"] = suggested
            else:
                self.add_error("timezone", gettext("Choose the venue's time zone: it could not be told from the "
                                                   "country and city."))
        return cleaned


# --- Programme and performer rows of the concert form ----------------------------------------------------

class SuggestingTextInput(forms.TextInput):
    """A text box that offers known entries as the editor types (an HTML datalist: no script needed)."""

    def __init__(self, suggestions=(), attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((s,) for s in self.suggestions))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


LANGUAGE_SUFFIXES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
DEFAULT_SUFFIX = settings.LANGUAGE_CODE.replace("-", "_")


def _text_fields():
    """composer_en, composer_ru, work_en, work_ru, catalogue_number: the row's text boxes, one per language
    (named as django-modeltranslation names a translated field's boxes)."""
    fields = {}
    for name, label, length in (("composer", _("composer"), 200), ("work", _("work"), 300)):
        for code in LANGUAGE_SUFFIXES:
            fields[f"{name}_{code}"] = forms.CharField(
                label=format_lazy("{} [{}]", label, code), max_length=length, required=code == DEFAULT_SUFFIX,
                widget=SuggestingTextInput(attrs={"class": "vTextField"}))
    fields["catalogue_number"] = forms.CharField(
        label=_("catalogue number"), max_length=50, required=False, help_text=_("e.g. Op. 64, BWV 1004"),
        widget=SuggestingTextInput(attrs={"class": "vTextField"}))
    return fields


class ProgrammeItemForm(forms.ModelForm):
    """One programme row as text: the composer and the work (once per language) and the catalogue number.
    Saving finds the composer and work records the text names, or makes them (concerts/services.py).
    The default language's text says which work it is; the other languages' text fills in a record's
    missing translations, and a translation the editor changed here corrects the record for every concert.
    """

    # The known records' text per box, {"composer_ru": [...]}; the concert form's inline sets it per request.
    suggestions = {}

    # One box per language of settings.LANGUAGES, declared before the form class is built (ModelForm's
    # metaclass collects declared fields from the class body).
    locals().update(_text_fields())

    class Meta:
        model = ProgrammeItem
        fields = ["order"]

    @staticmethod
    def text_field_names():
        return list(_text_fields())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        work = self.instance.work if self.instance.work_id else None
        for code in LANGUAGE_SUFFIXES:
            if work is not None:
                self.initial.setdefault(f"composer_{code}", getattr(work.composer, f"name_{code}", "") or "")
                self.initial.setdefault(f"work_{code}", getattr(work, f"title_{code}", "") or "")
            self.fields[f"composer_{code}"].widget.suggestions = self.suggestions.get(f"composer_{code}", ())
            self.fields[f"work_{code}"].widget.suggestions = self.suggestions.get(f"work_{code}", ())
        if work is not None:
            self.initial.setdefault("catalogue_number", work.catalogue_number)
        self.fields["catalogue_number"].widget.suggestions = self.suggestions.get("catalogue_number", ())

    def save(self, commit=True):
        data = self.cleaned_data
        composers = {code: data.get(f"composer_{code}", "") for code in LANGUAGE_SUFFIXES if code != DEFAULT_SUFFIX}
        titles = {code: data.get(f"work_{code}", "") for code in LANGUAGE_SUFFIXES if code != DEFAULT_SUFFIX}
        work = work_find_or_create(composer=data[f"composer_{DEFAULT_SUFFIX}"], title=data[f"work_{DEFAULT_SUFFIX}"],
                                   catalogue_number=data.get("catalogue_number", ""), translations=titles)
        record_translations_set(record=work.composer, field="name", translations=composers,
                                changed={code for code in composers if f"composer_{code}" in self.changed_data})
        record_translations_set(record=work, field="title", translations=titles,
                                changed={code for code in titles if f"work_{code}" in self.changed_data})
        self.instance.work = work
        return super().save(commit)


class CollaboratorForm(forms.ModelForm):
    """One performer row: their name as text (the record is found or made on saving), role and place."""

    suggestions = {}

    name = forms.CharField(label=Performer._meta.get_field("name").verbose_name, max_length=200,
                           widget=SuggestingTextInput(attrs={"class": "vTextField"}))

    class Meta:
        model = Collaborator
        fields = ["role", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.performer_id:
            self.initial.setdefault("name", getattr(self.instance.performer, f"name_{DEFAULT_SUFFIX}", "") or "")
        self.fields["name"].widget.suggestions = self.suggestions.get(f"name_{DEFAULT_SUFFIX}", ())

    def save(self, commit=True):
        self.instance.performer = performer_find_or_create(name=self.cleaned_data["name"], role=self.cleaned_data["role"])
        return super().save(commit)
