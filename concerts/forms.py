from django.utils.translation import gettext_lazy as _
from django import forms
from django.contrib.admin import widgets as admin_widgets

from .models import Concert, Venue
from .timezones import NonexistentLocalTime, make_aware_in


class ConcertAdminForm(forms.ModelForm):
    """Editors type the start as the venue's wall-clock time; it is stored in UTC.

    The model field `starts_at` is replaced by a naive date/time field so that the admin's own time
    zone never leaks in: 19:30 entered for a Moscow venue is 19:30 Moscow time, whoever edits it.
    """

    local_start = forms.SplitDateTimeField(
        label=_("Starts (venue local time)"),
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Date and time at the venue, in the venue's own time zone."),
    )

    class Meta:
        model = Concert
        exclude = ["starts_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at:
            self.initial["local_start"] = self.instance.local_starts_at.replace(tzinfo=None)

    def clean_local_start(self):
        value = self.cleaned_data["local_start"]
        # SplitDateTimeField makes values aware in the current zone when USE_TZ is on; only the
        # wall-clock part matters here.
        return value.replace(tzinfo=None) if value else value

    def clean(self):
        cleaned = super().clean()
        local_start, venue = cleaned.get("local_start"), cleaned.get("venue")
        if local_start and venue:
            try:
                self.instance.starts_at = make_aware_in(local_start, venue.timezone)
            except NonexistentLocalTime:
                self.add_error(
                    "local_start",
                    f"{local_start:%d %B %Y %H:%M} does not exist in {venue.timezone}: the clocks change that night.",
                )
        return cleaned


class RescheduleForm(forms.Form):
    """The new date (venue local time) and, if it changes, the new venue of a concert being moved."""

    venue = forms.ModelChoiceField(queryset=Venue.objects.all(), help_text=_("Where the concert now takes place."))
    local_start = forms.SplitDateTimeField(
        label=_("New start (venue local time)"),
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Date and time at the venue, in the venue's own time zone."),
    )

    def __init__(self, *args, concert, **kwargs):
        super().__init__(*args, **kwargs)
        self.concert = concert
        self.fields["venue"].initial = concert.venue_id

    def clean(self):
        cleaned = super().clean()
        local_start, venue = cleaned.get("local_start"), cleaned.get("venue")
        if local_start and venue:
            naive = local_start.replace(tzinfo=None)
            try:
                cleaned["starts_at"] = make_aware_in(naive, venue.timezone)
            except NonexistentLocalTime:
                self.add_error(
                    "local_start", f"{naive:%d %B %Y %H:%M} does not exist in {venue.timezone}: the clocks change that night."
                )
            else:
                if cleaned["starts_at"] == self.concert.starts_at and venue == self.concert.venue:
                    self.add_error("local_start", _("That is the current date and place; choose the new one."))
        if self.concert.status == Concert.Status.RESCHEDULED:
            raise forms.ValidationError(_("This concert has already been rescheduled; reschedule the new performance instead."))
        return cleaned
