"""/sitemap.xml: every public URL with its last change. Add a section by adding an entry to `sitemaps`.

Addresses are built from SITE_URL (not from the request's Host header), like the canonical links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from concerts.models import Concert, Venue
from profiles.models import ArtistProfile, Photo, Recording

from .models import Page
from .publishing import published_q


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
        "profiles:press": "profile",
        "profiles:recordings": "recordings",
        "profiles:photos": "photos",
    }

    def items(self):
        # A section with nothing published yet (no recordings, no photos) is not worth submitting.
        return [name for name, key in self.sections.items() if self._last_changes[key]]

    def location(self, name):
        return reverse(name)

    @cached_property
    def _last_changes(self):
        return {
            "profile": ArtistProfile.objects.aggregate(at=Max("updated_at"))["at"],
            "concerts": Concert.objects.published().aggregate(at=Max("updated_at"))["at"],
            "recordings": Recording.objects.published().aggregate(at=Max("updated_at"))["at"],
            # Photos keep no edit time; the latest moment one went public dates the gallery.
            "photos": Photo.objects.published().aggregate(at=Max("publish_from"))["at"],
        }

    def lastmod(self, name):
        return self._last_changes[self.sections[name]]


class ConcertSitemap(SiteSitemap):
    def items(self):
        return Concert.objects.published().only("slug", "updated_at").order_by("starts_at", "pk")

    def lastmod(self, concert):
        return concert.updated_at


class VenueSitemap(SiteSitemap):
    """Venue pages of venues that have at least one published concert."""

    def items(self):
        public = published_q(prefix="concerts__")
        return (
            Venue.objects.filter(public)
            .annotate(last_change=Max("concerts__updated_at", filter=public))
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, venue):
        return venue.last_change


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


sitemaps = {
    "sections": SectionSitemap,
    "concerts": ConcertSitemap,
    "venues": VenueSitemap,
    "pages": PageSitemap,
}
