"""The Jinja2 environment of the few fragments rendered many times a page (settings.TEMPLATES, "jinja2").

Why a second template engine: a concert listing's row rendered by Django's template engine cost about
0.75 ms, of which some 0.5 ms was the engine itself (variable lookups, includes, `{% with %}`, filters
resolved node by node), and a page renders up to 20 of them when no row is in the fragment cache
(fansite/fragment_cache.py), as after a deploy or for a page nobody asked for within the hour. Jinja2,
which Django supports as a backend of its own, compiles a template to Python code: the same row, reading
the same model properties, costs a fraction of that. The same holds for the repertoire page's works (about
100 rows: 57 → 38 ms for the page at 10,000 concerts, every row rendered). Pages and every other template
stay Django's.

What the row templates can use, beside Jinja2's own: `_()` (Django's gettext), the filters `date` (Django's,
in the active language, remembered: `formatted_date`) and `long_local_date` (both in
`fansite.templatetags.translated`), and `lang_of(obj, "field")`, as in Django templates. Templates live in
templates/jinja2/.

Translations: `makemessages` reads these files as it reads Django templates, and finds a string marked
`_("…")` (double quotes, a literal) only where it opens a `{{ … }}` or anywhere inside a `{% … %}`: write
`{{ _("Tickets") }}`, `{{ _("for %(title)s")|format(title=…) }}`, and `{% set name = _("…") %}` for a string
passed to a filter. Nothing else is extracted (`ngettext`, `_()` inside a filter's arguments: a plural
comes from Python, as `Work.times_text`), and tests/test_i18n.py fails on a marked string that is not.
What `_()` returns is escaped like any text.
"""

from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from .templatetags.translated import formatted_date, lang_of, long_local_date


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.filters.update(date=formatted_date, long_local_date=long_local_date)
    env.globals.update(lang_of=lang_of)
    return env
