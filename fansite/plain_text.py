"""Text as every output format can carry it: no control characters.

XML 1.0 (the Atom feed, the sitemap) cannot hold C0 control characters other than tab, line feed and
carriage return at all, and calendar parsers reject a whole `.ics` for one: a vertical tab pasted from a
word processor's Shift+Enter once made the feed answer 500. Text fields are cleaned when a row is saved
(`clean_text_fields`, a pre_save receiver for the content apps), and the feed and the calendar clean what
they write once more, so rows stored before (or written behind `save()`) stay publishable.

Written here because Django has no such helper: its `ProhibitNullCharactersValidator` covers NUL only,
and the XML writer refuses the others with an exception rather than dropping them.
"""

import re

from django.db import models

# Line breaks a word processor or another system may paste: kept as a line break in multi-line text.
LINE_BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")
# Everything else no output can carry: C0 (but tab, LF, CR), DEL, C1, lone surrogates, non-characters.
UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text, *, single_line=False):
    """`text` without control characters: unusual line breaks become "\\n" (or, with `single_line`, every
    line break and tab becomes a space), the rest is removed. Anything that is not a str is returned as is."""
    if not isinstance(text, str):
        return text
    text = UNPRINTABLE.sub("", LINE_BREAKS.sub("\n", text))
    if single_line:
        text = re.sub("[\t\n\r]", " ", text)
    return text


def clean_text_fields(sender, instance, raw=False, **kwargs):
    """pre_save: every CharField (one line) and TextField (several) of the row without control characters."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            cleaned = clean_text(value, single_line=isinstance(field, models.CharField))
            if cleaned is not value and cleaned != value:
                setattr(instance, field.attname, cleaned)
