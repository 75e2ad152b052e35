"""One rule for every cache layer: a cache server that is down costs a miss, never an error.

Django's cache backends raise when their server cannot be reached (Redis refused, timed out). Every layer
of this site kept in the cache (the page cache, the page frame) reads and writes through `TolerantCache`
instead, so a visitor is served an uncached page and an editor's save goes through; each failure is logged.
Django has no such option of its own, and django-redis's IGNORE_EXCEPTIONS would cover Redis only; this
wraps whichever backend settings.CACHES names. `/healthz` alone uses the raw cache, to report the failure.
"""

import logging

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)

UNAVAILABLE = object()  # what `get` returns, when asked to, for a cache that failed (as opposed to a miss)


class TolerantCache:
    """The cache named `alias` in settings.CACHES, looked up at each call (tests swap CACHES), with
    reads that miss and writes that are skipped when its server fails."""

    def __init__(self, alias="default"):
        self.alias = alias

    def _call(self, operation, fallback, *args):
        try:
            return getattr(caches[self.alias], operation)(*args)
        except Exception:  # any backend's connection or timeout error: redis, memcached, a full disk...
            logger.exception("Cache %r unavailable for %s", self.alias, operation)
            return fallback

    def get(self, key, default=None, unavailable=None):
        """The cached value, `default` on a miss, `unavailable` when the cache failed."""
        return self._call("get", unavailable, key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._call("set", None, key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT):
        """True when stored, False when the key existed or the cache is unavailable."""
        return self._call("add", False, key, value, timeout)

    def incr(self, key, timeout):
        """Counts one more within a window of `timeout` seconds starting at the first count; None when the
        cache is unavailable (the caller decides what an unknown count means)."""
        def count():
            cache = caches[self.alias]
            cache.add(key, 0, timeout)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr: this is the first of a new window
                cache.add(key, 1, timeout)
                return 1

        try:
            return count()
        except Exception:
            logger.exception("Cache %r unavailable for incr", self.alias)
            return None
