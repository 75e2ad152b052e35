"""News in /sitemap.xml (collected by fansite/sitemaps.py)."""

from ..seo.sitemaps import SiteSitemap
from .models import NewsPost


class NewsSitemap(SiteSitemap):
    def items(self):
        return NewsPost.objects.published().only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at
