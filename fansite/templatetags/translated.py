"""`{% lang_of obj "field" %}`: marks text shown in the fallback language with its own `lang`.

django-modeltranslation shows the English text of a field that has no translation yet (settings:
MODELTRANSLATION_FALLBACK_LANGUAGES). Inside a Russian page that English text must say so, or screen
readers read it with Russian pronunciation: the tag prints ` lang="en"` into the element that holds it
when the current language's column is empty and the fallback filled it, and nothing otherwise (also
for fields that are not translated at all). It reads only the object's loaded columns: no query.
"""

from datetime import date, datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()

# Languages that write the names of weekdays in lower case inside a sentence (“среда, 16 декабря”), which
# Django's catalogues give capitalised, as at the start of a heading.
LOWER_CASE_WEEKDAYS = {"ru", "uk", "be", "fr", "es", "it", "pt", "pl", "cs"}


# Dates in words, remembered: `long_date` and `formatted_date` (the Jinja2 rows' `date` filter) give the
# same text for the same moment, format and language every time, and Django's formatter took about a
# quarter of a listing row's rendering (some 80 µs a row: five formats, weekday and month names looked up
# in the catalogue each time; 2.4 ms of a venue page's 30 rows). A moment is remembered with its zone and
# the zone's name, not as an instant only: two aware datetimes of the same instant in different zones are
# equal in Python, and print different local times. Nothing to invalidate: the text depends on nothing
# else (translations are read once per process; a naive time is read in the default zone, also a key).
# Bounded: the least recently used of REMEMBERED_DATES are dropped.
REMEMBERED_DATES = 8192


def _moment_key(value):
    """What, beside the value itself, decides how a date or time prints: its type, zone and zone name (a
    naive time: the default zone), and the active language."""
    if isinstance(value, datetime):
        zone = value.tzinfo or settings.TIME_ZONE
        return type(value), zone, value.tzname(), value.fold, translation.get_language()
    return type(value), None, None, 0, translation.get_language()


@lru_cache(maxsize=REMEMBERED_DATES)
def _remembered_date(value, key, format_string):
    return date_filter(value, format_string)


@lru_cache(maxsize=REMEMBERED_DATES)
def _remembered_long_date(value, key, format_string):
    return _long_date(value, format_string)


def formatted_date(value, format_string):
    """Django's `date` filter (`{{ when|date("H:i") }}` in the Jinja2 rows), remembered (above)."""
    if not isinstance(value, date):
        return date_filter(value, format_string)
    return _remembered_date(value, _moment_key(value), format_string)


def long_date(value, format_string):
    """`value` formatted with `format_string` (the translated one: `gettext("l j F Y")`) in the active
    language, with the weekday in lower case where the language writes it so. Remembered (above)."""
    return _remembered_long_date(value, _moment_key(value), format_string)


def _long_date(value, format_string):
    text = date_format(value, format_string)
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language in LOWER_CASE_WEEKDAYS and "l" in format_string:
        weekday = date_format(value, "l")
        text = text.replace(weekday, weekday.lower(), 1)
    return text


@register.filter
def long_local_date(value, format_string):
    """`{{ when|long_local_date:_("l j F Y") }}`: see long_date."""
    return long_date(value, format_string)


def fallback_language(obj, field):
    """The language `obj.<field>` is shown in when it is not the current one, else None."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    if obj is None or not field or current == settings.LANGUAGE_CODE:
        return None
    own = getattr(obj, f"{field}_{current.replace('-', '_')}", AttributeError)
    if own is AttributeError or own:
        return None
    for code in getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", (settings.LANGUAGE_CODE,)):
        if getattr(obj, f"{field}_{code.replace('-', '_')}", None):
            return code
    return None


@register.simple_tag
def lang_of(obj, field):
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""
