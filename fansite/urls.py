"""The root URLconf: each app's URLs, plus the pages of the site as a whole."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_file

from . import errors, views
from .seo.sitemaps import SECTION_URL_NAME, sitemap_index, sitemap_section
from .sitemaps import sitemaps

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemap_section, {"sitemaps": sitemaps}, name=SECTION_URL_NAME),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("", views.HomeView.as_view(), name="home"),
    path("concerts/", include("concerts.urls")),
    path("venues/", include("concerts.venue_urls")),
    path("contact/", include("fansite.contact.urls")),
    path("newsletter/", include("fansite.newsletter.urls")),
    path("news/", include("fansite.news.urls")),
    path("alerts/", include("fansite.alerts.urls")),
    path("", include("profiles.urls")),
]


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

# Editable pages take any free one-segment address, so they come last and never shadow a route above;
# Page slugs that match a route (or a reserved word) are refused when the page is saved.
urlpatterns.append(path("<slug:slug>/", views.PageDetailView.as_view(), name="page"))

handler404 = errors.page_not_found
handler500 = errors.server_error
