"""
Whole-page cache for anonymous visitors, dropped at once whenever content changes.

What it saves (bench/RESULTS.md, 10,000 concerts, gunicorn): an uncached concert list serves 0.10 (SQLite) /
0.17 (PostgreSQL) of a trivial page's requests per second, the past archive 0.03-0.07; served from this
cache every page serves 0.95-0.99 of it.

How it is invalidated: every cached page's key contains a *content version* kept in the shared cache
(Redis in production), so bumping that one value retires every cached page on every app server at the same
moment. Saving or deleting any content object bumps it (fansite/signals.py), so an edit in the admin is
visible at the next request. The page frame (fansite/page_frame.py) is keyed on the same version.

Pages also change with no edit at all: a concert moves from "upcoming" to "past" when it starts. So a
page is kept at most until the next such moment (`page_cache_timeout`). That moment is worked out once
per content version, by the first page stored under it, and kept next to the version: serving a page
costs no extra query, and an edit costs none either (one transaction may save dozens of rows). Each
process keeps a copy of it too (`KeptInProcess`): for a version, the moment changes only once it passes.

Only the query parameters a view reads make a page different, and each distinct URL would be a new
full-size entry (50 requests to `/concerts/calendar.ics?junk=N` once stored 50 copies of the calendar). So a
view names the parameters it reads (`query_parameters` on its class or function, e.g. the listings'
filters and page number; none for most pages). An anonymous GET carrying any other parameter is handled
as the same address without it: the parameter is taken off the request before the view runs, so the page
is exactly the clean address's page, and it is served from and stored under that address's entry. A view
that names nothing keeps every parameter (tests/test_cache.py asserts every public view names them).
How much memory the cache may take is the cache server's to bound (README: Redis `maxmemory`).
"""

import hashlib
import math
import uuid

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.middleware.csp import get_nonce
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation

from concerts.models import Concert, TicketLink

from .caching import (
    VERSION_KEY, KeptInProcess, TolerantCache, content_version, first_change_of_batch, pending_commit_callback,
    request_content_version,
)
from .publishing import next_publication_change

cache = TolerantCache("default")
# This process's copy of the next scheduled change of each version it has read (fansite/caching.py says why):
# the HTTP validators and the page cache both ask for it in every request they serve.
kept = KeptInProcess(max_age=300)

NEXT_CHANGE_KEY = "page-cache:next-change:{version}"
NO_SCHEDULED_CHANGE = "none"

# Apps whose rows never show on a public page: saving them (a migration is recorded, a login updates
# last_login, a visit writes a session, axes logs an attempt) must not empty the cache. Nor may what visitors
# send (contact messages, subscriptions) or the task queue's bookkeeping: a form would then empty the cache.
IGNORED_APPS = {"admin", "auth", "axes", "contenttypes", "migrations", "sessions",
                "contact", "newsletter", "alerts", "django_tasks_database"}


def is_anonymous_public_request(request):
    """A request from a visitor without a session or pending messages, for a public page (not the admin,
    not /healthz): what the page cache and the HTTP validators may answer for everybody alike."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(("/" + settings.ADMIN_URL, "/healthz"))
    )


def next_scheduled_change(now):
    """
    The earliest moment after `now` at which some public page changes although nobody edited anything,
    or None: the next published concert's start (it moves from "upcoming" to "past"), the next moment
    tickets go on sale for an upcoming one ("Tickets from …" becomes a link, its JSON-LD offer InStock), or
    the next scheduled publication or withdrawal of any Publishable item.
    """
    upcoming = Concert.objects.published(now).filter(starts_at__gt=now)
    next_start = upcoming.order_by("starts_at").values_list("starts_at", flat=True).first()
    next_on_sale = TicketLink.objects.filter(on_sale_at__gt=now, concert__in=upcoming).order_by(
        "on_sale_at").values_list("on_sale_at", flat=True).first()
    return min(filter(None, (next_start, next_on_sale, next_publication_change(now))), default=None)


def remember_next_scheduled_change(version, now=None):
    now = now or timezone.now()
    moment = next_scheduled_change(now)
    cache.set(NEXT_CHANGE_KEY.format(version=version), moment or NO_SCHEDULED_CHANGE, timeout=None)
    return moment


def known_next_change(version, now):
    """The next scheduled change for this content version (None when nothing is scheduled), read from the
    cache; looked up in the database only when it is not known yet for this version (after a cache flush)
    or has just passed."""
    key = NEXT_CHANGE_KEY.format(version=version)
    moment = kept.read(key, cache.get, lambda moment: moment == NO_SCHEDULED_CHANGE or moment > now)
    if moment is None:  # not known for this version yet, or just passed
        moment = remember_next_scheduled_change(version, now) or NO_SCHEDULED_CHANGE
        kept.set(key, moment)
    return None if moment == NO_SCHEDULED_CHANGE else moment


def seconds_until(moment, now, limit):
    """`limit` seconds, capped by `moment` (None: no cap). Rounded down: whatever is kept for that long
    must never outlive the moment it goes stale (under a second left: not kept)."""
    if moment is not None:
        limit = min(limit, math.floor((moment - now).total_seconds()))
    return max(limit, 0)


def page_cache_timeout(version=None, now=None):
    """Seconds a page rendered now may be served from the cache: PAGE_CACHE_SECONDS, capped by the next
    scheduled change."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return 0
    now = now or timezone.now()
    version = version or content_version()
    return seconds_until(known_next_change(version, now), now, settings.PAGE_CACHE_SECONDS)


def bump_content_version():
    """Retire every cached page; the new version's next scheduled change is worked out when needed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def retire_cached_pages(raw=False):
    """After a content change: every cached page (and the page frame) is made again at its next request."""
    if raw:  # loaddata (a restore) saves row by row, in no visitor's sight: once is enough
        bump_content_version()
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # saved already
        bump_content_version()
        return
    if first_change_of_batch():  # fansite/caching.py `content_changes_batched`
        bump_content_version()
    # Again after the commit: a visitor may have re-cached the old content between the bump above and the
    # commit of the editor's transaction. Once per transaction.
    if pending_commit_callback(connection, lambda callback: callback is bump_content_version) is None:
        transaction.on_commit(bump_content_version, robust=True)


class PublicPageCacheMiddleware:
    """
    Serves and stores whole GET responses for anonymous visitors. A request that carries a session
    (staff, anyone logged in) is never served from nor stored into the cache; neither is a response that
    sets a cookie, is not a 200, streams, says it is private, or used the CSP nonce.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        self.drop_unread_parameters(request)
        url = request.build_absolute_uri()  # validates the Host header first (400 for a foreign host)
        version = request_content_version(request)
        if version is None:  # cache server down: serve the page uncached rather than fail
            return self.get_response(request)
        key = self.key_for(url, version, self.encoding(request), self.language(request))
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response) and not self.used_csp_nonce(request):
            timeout = page_cache_timeout(version)
            if timeout:
                # Responses written piecemeal (the syndication feed writes one chunk per element) are
                # joined once here; otherwise every cache hit unpickles and sends thousands of chunks.
                response.content = response.content
                cache.set(key, response, timeout)
        return response

    def is_cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0  # off: not even looked up
            and request.method == "GET"
            and is_anonymous_public_request(request)
        )

    @staticmethod
    def drop_unread_parameters(request):
        """Take the query parameters the request's view does not read off the request.

        This runs before LocaleMiddleware has activated the page's language, and `i18n_patterns` only
        resolves a prefixed path in its own language: so the path is resolved in the language of its prefix
        (an unprefixed path in the default language, which is what `i18n_patterns` redirects from)."""
        if not request.GET or getattr(request, "_unread_parameters_dropped", False):
            return
        request._unread_parameters_dropped = True  # the HTTP validators and the page cache both ask
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        try:
            with translation.override(language):
                view = resolve(request.path_info).func
        except Resolver404:
            return
        read = query_parameters(view)
        if read is None or all(name in read for name in request.GET):
            return
        kept = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            if name in read:
                kept.setlist(name, values)
        request.META["QUERY_STRING"] = kept.urlencode()
        request.GET = QueryDict(request.META["QUERY_STRING"])

    @staticmethod
    def used_csp_nonce(request):
        """A page that printed this request's CSP nonce cannot be replayed: later responses carry another
        nonce in their header, and the old one in the HTML would no longer let its script run."""
        return bool(get_nonce(request))

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )

    @staticmethod
    def encoding(request):
        """What GZipMiddleware (inside this one) makes of the response: a gzip-accepting client and one
        that is not must each get their own copy (the response says `Vary: Accept-Encoding`)."""
        return "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"

    @staticmethod
    def language(request):
        """The language LocaleMiddleware (inside this one) will answer in: the URL's prefix, else the
        visitor's choice (cookie), else Accept-Language. Prefixed pages hold it in their URL already; the
        unprefixed ones (the redirects, the subscribed calendar and feed) must not be shared across it."""
        return translation.get_language_from_request(request, check_path=True)

    @staticmethod
    def key_for(url, version, encoding="identity", language=settings.LANGUAGE_CODE):
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page-cache:page:{version}:{language}:{encoding}:{digest}"


def query_parameters(view):
    """The query parameters `view` reads (its `query_parameters`), looked for on the function, the class
    of a class-based view and anything it wraps (decorators); None when it does not say."""
    while view is not None:
        for holder in (view, getattr(view, "view_class", None)):
            if holder is not None and hasattr(holder, "query_parameters"):
                return frozenset(holder.query_parameters)
        view = getattr(view, "__wrapped__", None)
    return None
