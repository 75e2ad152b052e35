"""Pages of the site as a whole: home, editable pages, search, robots.txt and the health check."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from concerts.models import Concert
from profiles.models import PressQuote
from profiles.views import ProfileMixin

from .models import Page
from .news.models import NewsPost
from .publishing import PublishedOrPreviewMixin
from .search import search
from .seo import absolute_url

logger = logging.getLogger(__name__)


class HomeView(ProfileMixin, TemplateView):
    """The artist, her next concerts and a press quote."""

    template_name = "fansite/home.html"
    query_parameters = ()  # what the page cache keys on (page_cache.py)
    upcoming_count = 3
    news_count = 3

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.get_profile(),
            upcoming_concerts=Concert.objects.published().upcoming().for_listing()[: self.upcoming_count],
            press_quote=PressQuote.objects.published().featured_first().first(),
            latest_news=NewsPost.objects.published()[: self.news_count],
            **kwargs,
        )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /search/",  # endless combinations of the same content
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


robots_txt.query_parameters = ()


class PageDetailView(PublishedOrPreviewMixin, DetailView):
    model = Page
    template_name = "fansite/page.html"
    query_parameters = ()  # ?preview=1 counts for staff only, who are never served from the page cache
    context_object_name = "page"


class SearchView(TemplateView):
    template_name = "fansite/search.html"
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        results = search(self.request.GET.get("q", ""))
        return super().get_context_data(results=results, query=results.query, **kwargs)


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the cache both answer, else 503."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("healthz: database check failed: %s", error)
        return "error"
    return "ok"


def _check_cache():
    """The raw cache (not fansite.caching's tolerant one): its failure is what this reports."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # any backend's connection error: redis, memcached...
        logger.error("healthz: cache check failed: %s", error)
        return "error"
    return "ok" if ok else "error"
