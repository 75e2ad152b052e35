"""Concert listings, concert, venue, series, repertoire, work, composer and performer pages in /sitemap.xml
(collected by fansite/sitemaps.py)."""

from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from fansite.publishing import published_q
from fansite.seo.sitemaps import SiteSitemap

from .models import Composer, Concert, Performer, Series, Venue, Work


def latest_public_concert_change(sitemap):
    """When a published concert last changed: on PostgreSQL one step back along an index
    (`concert_published_updated`); SQLite reads every published concert (16 ms at 10,000), so the sitemap
    index asks once for all the sections it dates (`SiteSitemap.shared_value`), not seven times."""
    return sitemap.shared_value(
        "latest public concert change", lambda: Concert.objects.published().aggregate(at=Max("updated_at"))["at"]
    )


class DatedByLatestConcertChange(SiteSitemap):
    """Pages that list concerts, each dated by the latest change to a published concert."""

    @property
    def _last_change(self):
        return latest_public_concert_change(self)

    def lastmod(self, item):
        return self._last_change

    def get_latest_lastmod(self):
        return self._last_change


class ConcertListingSitemap(DatedByLatestConcertChange):
    """The upcoming and past listings."""

    def items(self):
        return ["concerts:upcoming", "concerts:past"] if self._last_change else []

    def location(self, name):
        return reverse(name)


class ConcertSitemap(SiteSitemap):
    def items(self):
        return Concert.objects.published().only("slug", "updated_at").order_by("starts_at", "pk")

    def lastmod(self, concert):
        return concert.updated_at

    def get_latest_lastmod(self):
        return latest_public_concert_change(self)


class VenueSitemap(DatedByLatestConcertChange):
    """Venue pages of venues that have at least one published concert (a date per venue, a MAX grouped over
    every concert of the archive, took 120 ms a section at 100,000 concerts)."""

    def items(self):
        public = Concert.objects.published().filter(venue=OuterRef("pk"))
        return Venue.objects.filter(Exists(public)).only("slug").order_by("slug")


class SeriesSitemap(SiteSitemap):
    """The pages of series with at least one published concert, and their list."""

    def items(self):
        public = published_q(prefix="concerts__")
        series = list(Series.objects.filter(public).annotate(last_change=Max("concerts__updated_at", filter=public))
                      .only("slug", "updated_at").order_by("slug").distinct())
        return [None, *series] if series else []

    def location(self, series):
        return reverse("concerts:series_list") if series is None else series.get_absolute_url()

    def lastmod(self, series):
        if series is None:
            return self.get_latest_lastmod()
        return max(series.last_change, series.updated_at)

    def get_latest_lastmod(self):
        public = published_q(prefix="concerts__")
        return Series.objects.filter(public).aggregate(at=Max("concerts__updated_at", filter=public))["at"]
class RepertoireSitemap(ConcertListingSitemap):
    """The repertoire page once it lists a work, dated like the listings by the latest concert change."""

    def items(self):
        return ["repertoire:list"] if Work.objects.in_repertoire().exists() else []


class RecordSitemap(DatedByLatestConcertChange):
    """Pages of the records the repertoire or a published concert names (a record's page lists concerts)."""

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().only("slug").order_by("slug")


class WorkSitemap(RecordSitemap):
    def records(self):
        return Work.objects.with_public_concerts()


class ComposerSitemap(RecordSitemap):
    def records(self):
        return Composer.objects.with_public_concerts()


class PerformerSitemap(RecordSitemap):
    def records(self):
        return Performer.objects.with_public_concerts()
