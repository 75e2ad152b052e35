"""`{% lang_of obj "field" %}`: marks text shown in the fallback language with its own `lang`.

django-modeltranslation shows the English text of a field that has no translation yet (settings:
MODELTRANSLATION_FALLBACK_LANGUAGES). Inside a Russian page that English text must say so, or screen
readers read it with Russian pronunciation: the tag prints ` lang="en"` into the element that holds it
when the current language's column is empty and the fallback filled it, and nothing otherwise (also
for fields that are not translated at all). It reads only the object's loaded columns: no query.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()

# Languages that write the names of weekdays in lower case inside a sentence (“среда, 16 декабря”), which
# Django's catalogues give capitalised, as at the start of a heading.
LOWER_CASE_WEEKDAYS = {"ru", "uk", "be", "fr", "es", "it", "pt", "pl", "cs"}


def long_date(value, format_string):
    """`value` formatted with `format_string` (the translated one: `gettext("l j F Y")`) in the active
    language, with the weekday in lower case where the language writes it so."""
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
