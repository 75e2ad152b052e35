"""The admin base for every model with a history (django-simple-history), as editors need it.

Two things simple-history's own `SimpleHistoryAdmin` does not do: its revision page saves a revert for
anyone who may *view* the history (the button is hidden, the POST is not refused), and its list of changes
prints datetimes as raw UTC values ("2027-05-20 10:00:00+00:00"). Here a revert needs the change
permission, and times are printed in the zone editors type them in (a concert's: its venue's), zone named.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .editor_fields import EditorDateField, EditorSplitDateTimeField, EditorSplitDateTimeWidget


def zone_of(obj):
    """The zone an editor reads `obj`'s times in, and its name: ('Asia/Tokyo' zone, 'Tokyo time')."""
    zone = getattr(obj, "publication_zone", None) or timezone.get_default_timezone()
    return zone, getattr(obj, "publication_zone_label", None) or str(zone)


def local_time_text(moment, obj):
    """'Thu 20 May 2027, 19:00 Tokyo time'."""
    zone, label = zone_of(obj)
    return f"{date_format(timezone.localtime(moment, zone), 'D j M Y, H:i')} {label}"


class LocalTimeHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return local_time_text(value, self.record.instance)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Also: every date and time field accepts the forms editors type (fansite/editor_fields.py), and a
    date-and-time field's label names its zone ("Publish from (UTC)")."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            field = db_field.formfield(form_class=EditorSplitDateTimeField, widget=EditorSplitDateTimeWidget, **kwargs)
            field.label = f"{capfirst(db_field.verbose_name)} ({timezone.get_default_timezone_name()})"
            return field
        if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField) and db_field.editable:
            return db_field.formfield(form_class=EditorDateField, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalTimeHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
