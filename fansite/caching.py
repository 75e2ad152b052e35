"""One rule for every cache layer: a cache server that is down or frozen costs a miss, never an error.

Django's cache backends raise when their server cannot be reached (Redis refused, timed out). Every layer
of this site kept in the cache (the page cache, the page frame) reads and writes through `TolerantCache`
instead, so a visitor is served an uncached page and an editor's save goes through; each failure is logged.
Django has no such option of its own, and django-redis's IGNORE_EXCEPTIONS would cover Redis only; this
wraps whichever backend settings.CACHES names. `/healthz` alone uses the raw cache, to report the failure.

A frozen server (connections accepted, nothing answered) costs each call its socket timeout
(`CACHE_TIMEOUT` in settings, 0.25 s by default). So that a page does not pay it once per cache call, and
every thread once per request, a failure marks the cache unavailable in this process for
`RETRY_AFTER_SECONDS`: calls in that window return at once as if the server were down, and the first
call after it tries the server again.
"""

import logging
import math
import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.dispatch import Signal

logger = logging.getLogger(__name__)

UNAVAILABLE = object()  # what `get` returns, when asked to, for a cache that failed (as opposed to a miss)
RETRY_AFTER_SECONDS = 5

_unavailable_until = {}  # (alias, LOCATION) -> time.monotonic() before which the cache is not tried
_lock = threading.Lock()


class TolerantCache:
    """The cache named `alias` in settings.CACHES, looked up at each call (tests swap CACHES), with
    reads that miss and writes that are skipped when its server fails."""

    def __init__(self, alias="default"):
        self.alias = alias

    def _server(self):
        """Which server the alias points at now: a failure of one configuration says nothing of another."""
        return self.alias, str(settings.CACHES.get(self.alias, {}).get("LOCATION", ""))

    def _call(self, operation, fallback, *args):
        server = self._server()
        if _unavailable_until.get(server, 0) > time.monotonic():
            return fallback
        try:
            return getattr(caches[self.alias], operation)(*args)
        except Exception:  # any backend's connection or timeout error: redis, memcached, a full disk...
            self._failed(server, operation)
            return fallback

    def _failed(self, server, operation):
        logger.exception("Cache %r unavailable for %s; not tried for %ss", self.alias, operation,
                         RETRY_AFTER_SECONDS)
        with _lock:
            _unavailable_until[server] = time.monotonic() + RETRY_AFTER_SECONDS

    def get(self, key, default=None, unavailable=None):
        """The cached value, `default` on a miss, `unavailable` when the cache failed."""
        return self._call("get", unavailable, key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._call("set", None, key, value, timeout)

    def get_many(self, keys):
        """The cached values of those `keys` that are cached, in one round trip; {} when unavailable."""
        return self._call("get_many", {}, keys)

    def set_many(self, mapping, timeout=DEFAULT_TIMEOUT):
        self._call("set_many", None, mapping, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT):
        """True when stored, False when the key existed or the cache is unavailable."""
        return self._call("add", False, key, value, timeout)

    def incr(self, key, timeout):
        """Counts one more within a window of `timeout` seconds starting at the first count; None when the
        cache is unavailable (the caller decides what an unknown count means)."""
        server = self._server()
        if _unavailable_until.get(server, 0) > time.monotonic():
            return None
        cache = caches[self.alias]
        try:
            cache.add(key, 0, timeout)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr: this is the first count of a new window
                cache.add(key, 1, timeout)
                return 1
        except Exception:  # the server failed, as in _call
            self._failed(server, "incr")
            return None


def forget_failures():
    """Try every cache again at the next call (tests that bring a server back use it)."""
    with _lock:
        _unavailable_until.clear()


# --- The content version ----------------------------------------------------------------------
# One value in the shared cache that every content save replaces (fansite/page_cache.py bumps it): whatever
# is cached under a key containing it is retired on every app server at once. The page cache, the page
# frame and the archive's filter choices (concerts/filters.py) key on it; it lives here, among the building
# blocks, so that a content app may key a cache of its own on it.

VERSION_KEY = "page-cache:version"

# Sent (sender: the model) by code that changes content with update() or bulk_create(), which send no
# post_save: fansite/signals.py retires the cached pages as after a save. Defined here, among the building
# blocks, so that the content apps can send it.
content_changed_in_bulk = Signal()

# Set while `content_changes_batched` runs: whether the batch has changed content yet (None: no batch).
_batch_changed = ContextVar("content_batch_changed", default=None)


@contextmanager
def content_changes_batched(*, rolled_back=False):
    """Within the block (one transaction that saves many rows: a spreadsheet import), the cached pages are
    retired at the block's first change and after its commit (fansite/page_cache.py), not at every row it
    saves. Visitors on other connections see none of the block's rows before the commit, so what they cache
    meanwhile is retired by the bump after it. A block whose transaction will be `rolled_back` (a dry run)
    retires nothing: no visitor ever sees its rows. Why: a 1,000-row import saves some ten rows (and their
    history) per concert, and a cache write for each cost a tenth of its time."""
    token = _batch_changed.set(rolled_back)
    try:
        yield
    finally:
        _batch_changed.reset(token)


def pending_commit_callback(connection, matches):
    """The callback among those that will run after the commit of `connection`'s transaction for which
    `matches(callback)` is true, or None: what receivers use to act once per transaction.

    Why Django's `run_on_commit` list, not a flag of our own: Django drops the callbacks of a savepoint that
    is rolled back (an import row that fails), and a flag would not know; the list is what will run."""
    return next((callback for _savepoints, callback, _robust in connection.run_on_commit if matches(callback)), None)


def first_change_of_batch():
    """True for a change outside `content_changes_batched` and for the first one inside it."""
    changed = _batch_changed.get()
    if changed is None:
        return True
    _batch_changed.set(True)
    return not changed


_shared = TolerantCache("default")


def content_version():
    """The current content version, or None when the cache server is unavailable."""
    version = _shared.get(VERSION_KEY, unavailable=UNAVAILABLE)
    if version is UNAVAILABLE:  # one failed call is enough to know: no further tries in this request
        return None
    if version is None:
        # First request after a cache flush: whoever adds it first wins, everybody uses that value.
        _shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = _shared.get(VERSION_KEY)
    return version


def request_content_version(request):
    """`content_version()`, read once per request: the HTTP validators, the page cache, the page frame and
    the listings' filter choices all need it."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


class KeptInProcess:
    """Values kept in this process's memory, each under a key that holds the content version (and whatever
    else decides the value, the language), for at most `max_age` seconds; at most `max_entries` of them.

    What it saves: the page frame (fansite/page_frame.py) and the listings' filter choices
    (concerts/filters.py) are kept in the shared cache under the content version, and every page read them
    back from it: a round trip to Redis (0.2–0.6 ms each on the benchmark's machine) and the unpickling of
    model instances, for values that change only with the version. The shared entry stays where a value
    is built once for every app server; this copy saves asking it again for a key this process has read.
    Django's local-memory cache would pickle each value in and out, which is most of what this saves.

    Invalidation: none of its own. A save replaces the content version, so the next request's keys differ
    (every process reads the version once per request, `request_content_version`). A change made behind
    the receivers' back (SQL by hand) stays unseen until the shared entry expires and then, here, for at
    most `max_age` more (the shared entry's own timeout: at most twice it in all). Values are shared by the
    process's threads: read-only, but for what a value keeps of its own renderings (the filter choices'
    `Facets.rendered`: one dict item written whole at a time)."""

    def __init__(self, max_age, max_entries=64):
        self.max_age = max_age
        self.max_entries = max_entries
        self._entries = {}

    def get(self, key):
        """The value kept under `key`, or None when none is, or it is older than `max_age`."""
        kept = self._entries.get(key)
        if kept is None or kept[0] <= time.monotonic():
            return None
        return kept[1]

    def set(self, key, value):
        if len(self._entries) >= self.max_entries:  # old versions' entries: nobody asks for them again
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.max_age, value)

    def read(self, key, shared_get, usable):
        """The value under `key` that `usable(value)` accepts: this process's copy, else `shared_get(key)`'s
        (the shared cache's), which is then kept here; None when neither has one. A copy is kept from when
        it was read from the shared cache, not from its last use, so `max_age` bounds it."""
        value = self.get(key)
        if value is not None and usable(value):
            return value
        value = shared_get(key)
        if value is None or not usable(value):
            return None
        self.set(key, value)
        return value

    def read_or_build(self, key, build, valid_until, now):
        """The value kept under `key` (this process's copy, else the shared cache's) while it is valid at
        `now`, else `build()`'s, then stored in both. `valid_until(value)`, asked only when a value is stored:
        the moment it stops being valid with no save (a scheduled publication, a concert starting), or None
        for "until a save"; the shared entry expires then, or after `max_age` seconds if sooner, and neither
        copy is used after it. `key` None (the content version is unknown: the cache server is down) builds
        and stores nothing. The page frame, home's extras, the listings' filter choices and what site search may
        show of the repertoire (concerts/search.py) are kept so."""
        if key is None:
            return build()
        entry = self.read(key, _shared.get, lambda entry: entry[1] is None or entry[1] > now)
        if entry is None:
            value = build()
            entry = (value, valid_until(value))
            seconds = self.max_age
            if entry[1] is not None:
                seconds = max(1, min(seconds, math.ceil((entry[1] - now).total_seconds())))
            _shared.set(key, entry, seconds)
            self.set(key, entry)
        return entry[0]
