"""Error pages: 404 in the site's frame; 500 and 503 rendered without the database.

The 500 and 503 pages are static templates (no request context, no tag that could query anything): they
must render when whatever broke was the database. They are the only templates that type the artist's name;
every other page takes it from the page frame.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# The errors a lost or refused connection raises (psycopg and sqlite3 errors arrive wrapped in these).
# Programming errors (a bad query, a missing table) are still 500s: retrying later would not help.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # A database failure outside a view (in a middleware, say) still gets the 503 page.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE_ERRORS):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def service_unavailable(request):
    """The static 503 page: a template with no context and no tag that could touch the database."""
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
