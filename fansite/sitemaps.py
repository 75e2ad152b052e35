"""/sitemap.xml: every public URL with its last change. Add a section by adding an entry to `sitemaps`.

Addresses are built from SITE_URL (not from the request's Host header), like the canonical links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from concerts.models import Concert
from profiles.models import ArtistProfile

from .models import Page


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class SectionSitemap(SiteSitemap):
    """Fixed pages, each dated by the content it shows: URL name -> key of `_last_changes`."""

    sections = {
        "profiles:home": "profile",
        "profiles:about": "profile",
        "concerts:upcoming": "concerts",
        "concerts:past": "concerts",
    }

    def items(self):
        return list(self.sections)

    def location(self, name):
        return reverse(name)

    @cached_property
    def _last_changes(self):
        return {
            "profile": ArtistProfile.objects.aggregate(at=Max("updated_at"))["at"],
            "concerts": Concert.objects.published().aggregate(at=Max("updated_at"))["at"],
        }

    def lastmod(self, name):
        return self._last_changes[self.sections[name]]


class ConcertSitemap(SiteSitemap):
    def items(self):
        return Concert.objects.published().only("slug", "updated_at").order_by("starts_at", "pk")

    def lastmod(self, concert):
        return concert.updated_at


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


sitemaps = {
    "sections": SectionSitemap,
    "concerts": ConcertSitemap,
    "pages": PageSitemap,
}
