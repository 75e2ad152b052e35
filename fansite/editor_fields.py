"""Date and time form fields for the editor that accept what people type and say what they expect.

Django's own fields accept the active locale's formats only and answer “Enter a valid date.”; editors
paste dates from e-mails and spreadsheets ("20/05/2027", "2027-05-20", "20.05.2027") and write times as
"19:30" or "7:30 pm". These fields accept all of those and, when they cannot read a value, name the
expected form with an example.
"""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p", "%H"]

DATE_ERROR = _("Enter a date such as 20/05/2027 or 2027-05-20.")
TIME_ERROR = _("Enter a time such as 19:30 or 7:30 pm.")


class EditorSplitDateTimeWidget(admin_widgets.AdminSplitDateTime):
    """The admin's date and time boxes (with calendar and clock), the time shown as 19:30."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"


class EditorDateField(forms.DateField):
    widget = admin_widgets.AdminDateWidget
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": DATE_ERROR}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


class EditorSplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time in two boxes; `naive=True` returns the wall-clock value without a zone, for
    forms that attach the right zone themselves (a concert's venue)."""

    widget = EditorSplitDateTimeWidget
    default_error_messages = {"invalid_date": DATE_ERROR, "invalid_time": TIME_ERROR}

    def __init__(self, *, naive=False, **kwargs):
        kwargs.setdefault("input_date_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("input_time_formats", TIME_INPUT_FORMATS)
        self.naive = naive
        super().__init__(**kwargs)

    def compress(self, data_list):
        value = super().compress(data_list)
        return value.replace(tzinfo=None) if value is not None and self.naive else value
