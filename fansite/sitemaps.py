"""/sitemap.xml: the index of each app's sitemaps (profiles/sitemaps.py, concerts/sitemaps.py) and the site's
own, one `/sitemap-<section>.xml` each, paginated with `?p=`.

Addresses are built from SITE_URL (fansite/seo/sitemaps.py), like the canonical links.
"""

from django.db.models import Max

from concerts.sitemaps import (
    ComposerSitemap, ConcertListingSitemap, ConcertSitemap, PerformerSitemap, RepertoireSitemap, SeriesSitemap,
    VenueSitemap, WorkSitemap,
)
from profiles.sitemaps import ProfileSitemap

from .models import Page
from .news.sitemaps import NewsSitemap
from .seo.sitemaps import SiteSitemap


class ArtistSitemap(ProfileSitemap):
    """The artist's pages (profiles/sitemaps.py) and the home page, which is about her too and is dated
    by her profile like the biography (one query for both)."""

    sections = {"home": "profile", **ProfileSitemap.sections}


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(at=Max("updated_at"))["at"]


sitemaps = {
    "artist": ArtistSitemap,
    "concert-listings": ConcertListingSitemap,
    "concerts": ConcertSitemap,
    "venues": VenueSitemap,
    "series": SeriesSitemap,
    "repertoire": RepertoireSitemap,
    "works": WorkSitemap,
    "composers": ComposerSitemap,
    "performers": PerformerSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
}
