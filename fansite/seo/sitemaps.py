"""The base of every app's sitemap and the sitemap index: addresses from SITE_URL, like canonical links, not
from the request's Host.

Every page is listed once per language (settings.LANGUAGES), each entry with its `hreflang` alternates and
an `x-default` (the default language's address), as Google asks of multilingual sites.

/sitemap.xml is an index (the protocol allows 50,000 addresses and 50 MB per file): one entry per page of
each section's sitemap, `SiteSitemap.limit` addresses a page (each item once per language). Django's own `index`
view builds its addresses from the request's Host and gets each section's last change by reading every item;
`sitemap_index` uses SITE_URL and each section's `get_latest_lastmod`, which the apps answer with one
aggregate query.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

SECTION_URL_NAME = "sitemap-section"


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Addresses per page (with `i18n`, Django pages the (item, language) pairs, so a page holds fewer items
    # as languages are added): well under the protocol's 50,000 addresses and 50 MB per file, and quick to
    # build: one page of rows, and 1,000 entries of Django's template with their alternates (5,000 took
    # 0.5 s a page). At 100,000 concerts the index names 200 pages; it may name 50,000.
    limit = 1000

    def __init__(self, shared=None):
        # Answers several sections give alike (the latest change of a published concert dates seven of
        # them), asked once: `sitemap_index` hands every section of one request the same dict.
        self.shared = {} if shared is None else shared

    def shared_value(self, name, compute):
        """`compute()`, or its answer already given to another section in this request."""
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]

    @property
    def paginator(self):
        """Django's paginator over `ItemsInLanguages`: a page reads only its own rows (Django lists every
        item in every language first, all 100,000 concerts for any page of the section: 1.9 s a page)."""
        return Paginator(ItemsInLanguages(self.items(), self._languages()), self.limit)

    def _location(self, item, force_lang_code=None):
        """Django's, once per item and language: Django asks for each address four times per entry (its
        own, then again for each language's alternate and the x-default), and each answer is a reverse()
        under a language switch."""
        key = (item[0], force_lang_code or item[1])  # a model instance hashes by its key
        locations = self.__dict__.setdefault("_locations", {})
        if key not in locations:
            locations[key] = super()._location(item, force_lang_code)
        return locations[key]

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ItemsInLanguages:
    """The (item, language) pairs Django's i18n sitemap pages through, for a paginator: counted with one
    COUNT and sliced by reading only the items of the slice. Every item is in every language here
    (`get_languages_for_item` is not overridden)."""

    def __init__(self, items, languages):
        self.items, self.languages = items, list(languages)

    def count(self):
        number = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return number * len(self.languages)

    def __getitem__(self, pairs):
        per_item = len(self.languages)
        first, stop = pairs.start or 0, pairs.stop
        items = self.items[first // per_item: -(-stop // per_item)]
        chosen = [(item, language) for item in items for language in self.languages]
        skip = first - first // per_item * per_item
        return chosen[skip: skip + stop - first]


@require_safe
@x_robots_tag
def sitemap_index(request, sitemaps):
    entries, shared = [], {}
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class(shared=shared)
        location = settings.SITE_URL + reverse(SECTION_URL_NAME, kwargs={"section": section})
        last_change = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, last_change))
        entries += [SitemapIndexItem(f"{location}?p={page}", last_change)
                    for page in range(2, sitemap.paginator.num_pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


sitemap_index.query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)


@require_safe
def sitemap_section(request, sitemaps, section):
    """Django's sitemap view for one section, answering GET and HEAD, its page number `?p=` the only parameter."""
    return sitemap(request, sitemaps, section=section)


sitemap_section.query_parameters = ("p",)
