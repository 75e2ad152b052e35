"""Pages of the site as a whole: home, editable pages, search, robots.txt and the health check."""

import functools
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from concerts.models import Concert
from profiles.models import PressQuote, Recording
from profiles.views import ProfileMixin

from .caching import KeptInProcess, request_content_version
from .models import Page
from .news.models import NewsPost
from .publishing import PublishedOrPreviewMixin, next_publication_change
from .search import search
from .seo import absolute_url

logger = logging.getLogger(__name__)


class HomeView(ProfileMixin, TemplateView):
    """The artist, the next concerts one can still go to, her latest recording, a press quote and news."""

    template_name = "fansite/home.html"
    query_parameters = ()  # what the page cache keys on (page_cache.py)
    upcoming_count = 3
    news_count = 3

    def read_profile(self):
        # What the home page shows of the artist is what the page frame holds (fansite/page_frame.py).
        return self.request.site_frame.artist_profile

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.get_profile(),
            upcoming_concerts=Concert.objects.published().upcoming().bookable().row_keys()[: self.upcoming_count],
            **home_extras(request_content_version(self.request)),
            **kwargs,
        )


# The home page's latest recording, press quote and news: kept like the page frame (fansite/page_frame.py),
# under the content version, so that any save retires them, until the next scheduled publication or
# withdrawal of one of those kinds. Read each time, they were three queries and 2.5 ms of the page's 9.
HOME_EXTRAS_KEY = "home-extras:v1:{version}"
HOME_EXTRAS_SECONDS = 300
HOME_EXTRAS_MODELS = (Recording, PressQuote, NewsPost)
_home_extras_kept = KeptInProcess(max_age=HOME_EXTRAS_SECONDS)


def home_extras(version, now=None):
    """`latest_recording`, `press_quote` and `latest_news` as the home page shows them, from this process's
    copy or the shared cache, else read (and kept when the cache server answers: `version` is not None)."""
    now = now or timezone.now()

    def read():
        return {
            "latest_recording": Recording.objects.published(now)
            .order_by(F("year").desc(nulls_last=True), "order", "pk").first(),
            "press_quote": PressQuote.objects.published(now).featured_first().first(),
            "latest_news": list(NewsPost.objects.published(now)[: HomeView.news_count]),
        }

    key = HOME_EXTRAS_KEY.format(version=version) if version is not None else None
    return _home_extras_kept.read_or_build(key, read, lambda _values: next_publication_change(now, HOME_EXTRAS_MODELS),
                                           now)


@require_safe
def switch_language(request, code):
    """The language switcher: a plain link (no form, no JavaScript, no CSRF token, so the page that shows
    it can still be cached) to `/language/<code>/?next=<this page>`. Remembers the choice in the language
    cookie, so unprefixed addresses and later visits open in it, and sends the visitor to the same page in
    that language (`translate_url`); an unknown page or an off-site `next` leads to that language's home."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = ""
    if target:
        # The prefix only resolves in its own language: read `next` in its language, then write it in `code`.
        with translation.override(translation.get_language_from_path(target.split("?")[0]) or code):
            target = translate_url(target, code)
    else:
        with translation.override(code):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Cache-Control"] = "no-store"
    return response


switch_language.query_parameters = ("next",)  # what the page cache keys on (fansite/page_cache.py)


def in_default_language(view):
    """The view in the site's default language whatever the visitor's: for the unprefixed addresses that
    calendar apps and feed readers were subscribed to before pages had a language."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return wrapped


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        *(f"Disallow: /{code}/search/" for code, _ in settings.LANGUAGES),  # endless combinations of the same content
        "Disallow: /language/",  # the switcher only redirects
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
        results = search(self.request.GET.get("q", ""), version=request_content_version(self.request))
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
