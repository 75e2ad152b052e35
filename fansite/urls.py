from django.conf import settings
from django.views.static import serve as serve_file
from django.contrib import admin
from django.urls import include, path, re_path

from . import views

admin.site.site_header = "Sébastien Kalmurzaeva — site editor"
admin.site.site_title = "Site editor"
admin.site.index_title = "Content"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("concerts/", include("concerts.urls")),
    path("", include("profiles.urls")),
]


def serve_local_media(request, path):
    # MEDIA_ROOT is read per request, not frozen at import, so that a changed setting (each test's own
    # media folder, served by the live server to the browser tests) is the folder actually served.
    return serve_file(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_LOCAL_MEDIA:
    # The embedded default keeps uploads on local disk and serves them itself; production sets
    # SERVE_LOCAL_MEDIA off and points MEDIA_URL at object storage.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.*)$", serve_local_media))

handler404 = views.page_not_found
handler500 = views.server_error
