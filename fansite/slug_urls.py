"""`slug_url`: what `reverse(name, kwargs={"slug": slug})` returns, for URL patterns whose one argument is a
`<slug:slug>`, without matching the pattern again for every link.

Why not `reverse()` alone: it tries the pattern's regular expression on each candidate it builds, about
13 µs a link here. The repertoire page links some 450 works and concerts (6 ms of its 33 at 100,000
concerts), and every listing row links its concert, venue, works and performers. Here `reverse()` runs once
per URL name, language and script prefix, with a placeholder slug; every link after that is the two
pieces around the placeholder joined with the slug, about 1 µs. A slug the slug converter would not take
(`[-a-zA-Z0-9_]+`) goes to `reverse()`, which says so as it always does.

The pieces are kept on the URL resolver object, which Django replaces whenever the URLconf changes (a
test's `override_settings(ROOT_URLCONF=...)`, `set_urlconf()` for a request), so they never outlive it.
"""

import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "slug-url-placeholder"


def slug_url(viewname, slug):
    if not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    resolver = get_resolver(get_urlconf())
    try:
        pieces = resolver.slug_url_pieces
    except AttributeError:
        pieces = resolver.slug_url_pieces = {}
    key = (viewname, get_language(), get_script_prefix())
    try:
        before, after = pieces[key]
    except KeyError:
        before, after = pieces[key] = _pieces(viewname)
    if before is None:  # the placeholder did not come out whole: reverse() each time
        return reverse(viewname, kwargs={"slug": slug})
    return before + slug + after


def _pieces(viewname):
    parts = reverse(viewname, kwargs={"slug": PLACEHOLDER}).split(PLACEHOLDER)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, None)
