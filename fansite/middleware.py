"""When the database cannot be reached, visitors get a static 503 page instead of a traceback or a hang."""

import logging

from django.db import InterfaceError, OperationalError

from .views import service_unavailable

logger = logging.getLogger(__name__)

# The errors a lost or refused connection raises (psycopg and sqlite3 errors arrive wrapped in these).
# Programming errors (a bad query, a missing table) are still 500s: retrying later would not help.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


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
