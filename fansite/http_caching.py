"""
HTTP validators and freshness for public pages, so that browsers, calendar apps, feed readers, reverse
proxies and CDNs can reuse what the site serves.

Why not Django's own tools: `ConditionalGetMiddleware` derives the ETag from the rendered body, so a 304
still costs the whole page, and `@condition` needs one function per view. Here the validator is known
before anything renders: a public page is a function of its URL, the content version (bumped by every
edit, fansite/page_cache.py) and the next scheduled change (a concert starting, a scheduled publication),
so the ETag is a hash of those four and a conditional request whose ETag still matches is answered `304`
from the two cache reads the page cache makes anyway: no query, no template.

Freshness (`Cache-Control`), for responses to anonymous visitors that the page cache would store too:
`public, max-age=HTTP_MAX_AGE, s-maxage=HTTP_SHARED_MAX_AGE, stale-while-revalidate=...`, each capped by
the next scheduled change. With the defaults (0 / 10 / 30 seconds) a browser revalidates every time (a
cheap 304) and sees an edit at once; a shared cache serves a page for up to 10 seconds, then revalidates.
`Vary: Cookie` keeps a logged-in editor's requests (previews) apart from the anonymous copy in a shared
cache. Responses to anyone carrying a session are left alone (the admin and previews say `private`).
"""

import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.http import HttpResponseNotModified
from django.utils.http import parse_etags

from .errors import DATABASE_UNAVAILABLE_ERRORS
from .page_cache import (
    PublicPageCacheMiddleware,
    is_anonymous_public_request,
    known_next_change,
    request_content_version,
    seconds_until,
)

CONDITIONAL_METHODS = ("GET", "HEAD")


class HttpCachingMiddleware:
    """Adds `ETag`, `Cache-Control` and `Vary` to cacheable public responses and answers a matching
    `If-None-Match` with 304 before the view runs. Sits outside the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        version = request_content_version(request)
        if version is None:  # cache server down: no validator can be trusted
            return self.get_response(request)
        # Junk parameters share the clean address's validator, as they share its page-cache entry.
        PublicPageCacheMiddleware.drop_unread_parameters(request)
        now = timezone.now()
        try:
            next_change = known_next_change(version, now)
        except DATABASE_UNAVAILABLE_ERRORS:  # the view's own guard answers 503 (fansite/middleware.py)
            return self.get_response(request)
        etag = self.etag_for(request, version, next_change)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return self.with_headers(HttpResponseNotModified(), etag, next_change, now)
        response = self.get_response(request)
        if PublicPageCacheMiddleware.is_cacheable_response(response) and not (
            PublicPageCacheMiddleware.used_csp_nonce(request)
        ):
            self.with_headers(response, etag, next_change, now)
        return response

    def applies_to(self, request):
        return (
            settings.HTTP_CACHING
            and request.method in CONDITIONAL_METHODS
            and is_anonymous_public_request(request)
        )

    @staticmethod
    def etag_for(request, version, next_change):
        """A strong validator for this URL's content (and its encoding: the gzip layer is inside)."""
        encoding = PublicPageCacheMiddleware.encoding(request)
        moment = next_change.isoformat() if next_change else "-"
        url = request.build_absolute_uri()  # validates the Host header (400 for a foreign host)
        digest = hashlib.sha256(f"{version}|{moment}|{encoding}|{url}".encode()).hexdigest()[:32]
        return f'"{digest}"'

    @staticmethod
    def with_headers(response, etag, next_change, now):
        """Freshness lifetimes, none of which may reach past the next scheduled change."""
        until_change = seconds_until(next_change, now, 10**9)
        shared_max_age = min(settings.HTTP_SHARED_MAX_AGE, until_change)
        response["ETag"] = etag
        patch_cache_control(
            response,
            public=True,
            max_age=min(settings.HTTP_MAX_AGE, until_change),
            s_maxage=shared_max_age,
            stale_while_revalidate=max(min(settings.HTTP_STALE_WHILE_REVALIDATE, until_change - shared_max_age), 0),
        )
        patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
        return response
