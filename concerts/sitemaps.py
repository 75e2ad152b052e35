"""Concert listings, concert pages and venue pages in /sitemap.xml (collected by fansite/sitemaps.py)."""

from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from fansite.publishing import published_q
from fansite.seo.sitemaps import SiteSitemap

from .models import Concert, Venue


class ConcertListingSitemap(SiteSitemap):
    """The upcoming and past listings, dated by the latest change to a published concert."""

    def items(self):
        return ["concerts:upcoming", "concerts:past"] if self._last_change else []

    def location(self, name):
        return reverse(name)

    @cached_property
    def _last_change(self):
        return Concert.objects.published().aggregate(at=Max("updated_at"))["at"]

    def lastmod(self, name):
        return self._last_change

    def get_latest_lastmod(self):
        return self._last_change


class ConcertSitemap(SiteSitemap):
    def items(self):
        return Concert.objects.published().only("slug", "updated_at").order_by("starts_at", "pk")

    def lastmod(self, concert):
        return concert.updated_at

    def get_latest_lastmod(self):
        return Concert.objects.published().aggregate(at=Max("updated_at"))["at"]


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

    def get_latest_lastmod(self):
        return Concert.objects.published().aggregate(at=Max("updated_at"))["at"]
