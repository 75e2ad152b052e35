"""Atom feed of news posts (django.contrib.syndication); the site's name comes from the page frame."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import NewsPost


class NewsFeed(Feed):
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)
    feed_type = Atom1Feed
    link = reverse_lazy("news:list")
    limit = 50

    def get_object(self, request, *args, **kwargs):
        self.host = request.get_host()
        return request.site_frame

    def title(self, site):
        return _("%(site)s — news") % {"site": site.title}

    def items(self):
        return NewsPost.objects.published()[: self.limit]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Plain text (escaped by the feed generator): the summary, else the start of the text.
        return post.summary or post.body[:500]

    def item_pubdate(self, post):
        return post.publish_from

    def item_updateddate(self, post):
        return post.updated_at

    def item_guid(self, post):
        return f"tag:{self.host.split(':')[0]},2026:news-{post.pk}"

    item_guid_is_permalink = False
