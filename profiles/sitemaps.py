"""The artist's pages in /sitemap.xml (collected by fansite/sitemaps.py)."""

from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from fansite.seo.sitemaps import SiteSitemap

from .models import ArtistProfile, Photo, Recording


class ProfileSitemap(SiteSitemap):
    """Fixed pages about the artist, each dated by the content it shows: URL name -> key of `_last_changes`."""

    sections = {
        "profiles:about": "profile",
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
            "recordings": Recording.objects.published().aggregate(at=Max("updated_at"))["at"],
            # Photos keep no edit time; the latest moment one went public dates the gallery.
            "photos": Photo.objects.published().aggregate(at=Max("publish_from"))["at"],
        }

    def lastmod(self, name):
        return self._last_changes[self.sections[name]]

    def get_latest_lastmod(self):
        return max(filter(None, self._last_changes.values()), default=None)
