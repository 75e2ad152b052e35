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
    # build (one page of rows).
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


@require_safe
@x_robots_tag
def sitemap_index(request, sitemaps):
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
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
