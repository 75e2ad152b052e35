"""The Jinja2 environment of the few fragments rendered many times a page (settings.TEMPLATES, "jinja2").

Why a second template engine: a concert listing's row rendered by Django's template engine cost about
0.75 ms, of which some 0.5 ms was the engine itself (variable lookups, includes, `{% with %}`, filters
resolved node by node), and a page renders up to 20 of them when no row is in the fragment cache
(fansite/fragment_cache.py), as after a deploy or for a page nobody asked for within the hour. Jinja2,
which Django supports as a backend of its own, compiles a template to Python code: the same row, reading
the same model properties, costs a fraction of that. Pages and every other template stay Django's.

What the row templates can use, beside Jinja2's own: `_()` (Django's gettext: the strings are extracted by
`makemessages` like a Django template's, and translated in the same catalogues), the filters `date` (Django's,
in the active language) and `long_local_date` (`fansite.templatetags.translated`), and `lang_of(obj, "field")`,
as in Django templates. Templates live in templates/jinja2/.
"""

from django.template.defaultfilters import date
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from .templatetags.translated import lang_of, long_local_date


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.filters.update(date=date, long_local_date=long_local_date)
    env.globals.update(lang_of=lang_of)
    return env
