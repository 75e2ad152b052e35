"""A Redis that stops answering (frozen) or goes away (stopped) costs pages a moment at most, never an error.

Redis is reached through a TCP forwarder the test freezes, cuts and restores; the cache is configured as
production configures it (fansite.settings.redis_cache)."""

import os
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerts.models import Concert
from fansite.caching import forget_failures
from fansite.settings import redis_cache
from tests.netutil import TcpForwarder, postgres_answers

pytestmark = pytest.mark.django_db

REDIS = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_link(settings):
    """The default cache on the real Redis through a forwarder (yielded), under a key prefix of its own."""
    if not postgres_answers(REDIS.port or 6379):  # any TCP answer will do
        pytest.skip(f"Redis does not answer on 127.0.0.1:{REDIS.port or 6379}")
    forwarder = TcpForwarder(REDIS.hostname, REDIS.port or 6379).start()
    cache = redis_cache(f"redis://127.0.0.1:{forwarder.port}{REDIS.path or '/0'}")
    cache["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache}
    yield forwarder
    forwarder.thaw()
    forwarder.stop()
    forget_failures()


def public_urls():
    return ["/en/", "/en/about/", "/ru/", reverse("concerts:upcoming"), reverse("concerts:calendar"), reverse("concerts:feed"),
            "/sitemap.xml", "/robots.txt"]


def timed(function, *args):
    started = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - started


def test_pages_keep_coming_quickly_while_redis_is_frozen(client, content, redis_link):
    for url in public_urls():  # cached while Redis answers
        assert client.get(url).status_code == 200, url
    redis_link.freeze()
    started = time.monotonic()
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
    content.title = "Saved while Redis is frozen"
    content.save()
    # One socket timeout (0.25 s) for the first call, none for the rest: the cache is left alone for a while.
    assert time.monotonic() - started < 2
    assert Concert.objects.get().title == "Saved while Redis is frozen"


def test_pages_are_served_when_redis_is_stopped_and_cached_again_when_it_is_back(client, content, redis_link):
    redis_link.stop()
    for url in public_urls():
        assert client.get(url).status_code == 200, url
    redis_link.start()
    forget_failures()  # what RETRY_AFTER_SECONDS does by itself
    client.get("/en/concerts/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/concerts/")
    assert response.status_code == 200 and "Spring recital" in response.content.decode()
    assert len(queries) == 0  # from the cache again


def test_healthz_reports_a_frozen_redis_within_a_second(client, content, redis_link):
    redis_link.freeze()
    response, elapsed = timed(client.get, "/healthz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "error"
    assert elapsed < 1.5
