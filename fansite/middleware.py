"""The page frame on every request, and a static 503 page instead of a traceback when the database is gone."""

import logging

from django.utils.functional import SimpleLazyObject

from .caching import request_content_version
from .errors import DATABASE_UNAVAILABLE_ERRORS, service_unavailable
from .page_frame import site_frame

logger = logging.getLogger(__name__)


class SiteFrameMiddleware:
    """`request.site_frame`: the page frame (fansite/page_frame.py), read at most once per request and only
    when something uses it. Views of every app read the site's identity from here, so none imports the
    site assembly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site_frame = SimpleLazyObject(lambda: site_frame(request_content_version(request)))
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """
    Turns a database connection failure raised while a view runs or its template renders into the
    static 503 page. Nothing here touches the database; Django's CONN_HEALTH_CHECKS drops the broken
    connection at the next request, so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.error("Database unavailable: %s", exception)
            return service_unavailable(request)
        return None
