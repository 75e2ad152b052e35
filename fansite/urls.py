"""The root URLconf: each app's URLs under a language prefix (/en/…, /ru/…), plus the site's own addresses.

Public pages are in `i18n_patterns`: LocaleMiddleware sends an unprefixed address (`/`, `/concerts/…`, an
old bookmark) to the prefixed page in the visitor's language (their choice, else Accept-Language). The
admin, the sitemap, robots.txt and the health check have one address for every language. The calendar of
all concerts and the Atom feed keep their unprefixed addresses too, in English, because calendar apps and
feed readers are subscribed to them (the Russian ones are /ru/concerts/calendar.ics and /ru/concerts/feed/).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_file

from concerts.feeds import UpcomingConcertsFeed
from concerts.views import calendar_feed

from . import errors, views
from .seo.sitemaps import SECTION_URL_NAME, sitemap_index, sitemap_section
from .sitemaps import sitemaps

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemap_section, {"sitemaps": sitemaps}, name=SECTION_URL_NAME),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("concerts/feed/", require_safe(views.in_default_language(UpcomingConcertsFeed())), name="subscribed_feed"),
    path("concerts/calendar.ics", views.in_default_language(calendar_feed), name="subscribed_calendar"),
]

urlpatterns += i18n_patterns(
    path("search/", views.SearchView.as_view(), name="search"),
    path("", views.HomeView.as_view(), name="home"),
    path("concerts/", include("concerts.urls")),
    path("venues/", include("concerts.venue_urls")),
    path("repertoire/", include("concerts.repertoire_urls")),
    path("performers/", include("concerts.performer_urls")),
    path("contact/", include("fansite.contact.urls")),
    path("newsletter/", include("fansite.newsletter.urls")),
    path("news/", include("fansite.news.urls")),
    path("alerts/", include("fansite.alerts.urls")),
    path("", include("profiles.urls")),
    # Editable pages take any free one-segment address, so they come last and never shadow a route above;
    # Page slugs that match a route (or a reserved word) are refused when the page is saved.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
)


@require_safe
def serve_local_media(request, path):
    # MEDIA_ROOT is read per request, not frozen at import, so that a changed setting (each test's own
    # media folder, served by the live server to the browser tests) is the folder actually served.
    return serve_file(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_LOCAL_MEDIA:
    # The embedded default keeps uploads on local disk and serves them itself; production sets
    # SERVE_LOCAL_MEDIA off and points MEDIA_URL at object storage.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.*)$", serve_local_media))

handler404 = errors.page_not_found
handler500 = errors.server_error
