"""With the database gone, pages answer a static 503 quickly; when it is back, the site recovers by itself."""

import time
from contextlib import contextmanager

import html5lib
import pytest
from django.conf import settings
from django.db import connections

from tests.factories import make_concert, make_profile
from tests.netutil import (
    SilentServer,
    TcpForwarder,
    free_port,
    gunicorn,
    http_get,
    postgres_answers,
    postgres_url,
)


@contextmanager
def database_unreachable(alias="default"):
    """Point the live connection at a database that is not there, then put it back.

    PostgreSQL: a closed port on 127.0.0.1 (connection refused). SQLite: a file in a folder that does
    not exist (unable to open database file)."""
    connection = connections[alias]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    else:
        connection.settings_dict["NAME"] = "/nonexistent-folder/for-this-test/db.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_public_pages_answer_the_static_503_page(client):
    make_profile()
    concert = make_concert()
    with database_unreachable():
        for url in ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/", concert.get_absolute_url()]:
            started = time.monotonic()
            response = client.get(url)
            assert response.status_code == 503, url
            assert time.monotonic() - started < 3, url
            assert response["Retry-After"] == "30"
            assert "Temporarily unavailable" in response.content.decode()
            assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(html)  # well-formed HTML5, or this raises
    assert html.count("<h1") == 1 and '<html lang="en">' in html


@pytest.mark.django_db(transaction=True)
def test_site_recovers_without_restart(client):
    make_profile()
    with database_unreachable():
        assert client.get("/en/about/").status_code == 503
    # The same process, the same connection object: the next request simply connects again.
    assert client.get("/en/about/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_cached_pages_are_still_served_while_the_database_is_down(client):
    make_concert(title="Autumn recital")
    assert client.get("/en/concerts/").status_code == 200
    with database_unreachable():
        response = client.get("/en/concerts/")
        assert response.status_code == 200 and "Autumn recital" in response.content.decode()
        assert client.get("/en/concerts/past/").status_code == 503  # not cached yet


def test_postgresql_waits_no_longer_than_the_connect_timeout():
    if connections["default"].vendor == "postgresql":
        assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] <= 5


# --- The production server (gunicorn with fansite/gunicorn.conf.py) against unreachable PostgreSQL ------

def test_gunicorn_answers_503_fast_when_postgresql_refuses():
    with gunicorn(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/fansite") as base:
        started = time.monotonic()
        status, headers, body = http_get(base + "/en/concerts/")
        assert status == 503 and time.monotonic() - started < 3
        assert headers["Retry-After"] == "30" and b"Temporarily unavailable" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]

        status, _, body = http_get(base + "/healthz")
        assert status == 503 and b'"database": "error"' in body


def test_gunicorn_answers_503_within_the_connect_timeout_when_postgresql_hangs():
    silent = SilentServer()
    try:
        with gunicorn(DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent.port}/fansite",
                      DATABASE_CONNECT_TIMEOUT="2") as base:
            started = time.monotonic()
            status, _, body = http_get(base + "/en/about/")
            elapsed = time.monotonic() - started
        assert status == 503 and b"Temporarily unavailable" in body
        assert 1.5 < elapsed < 6, elapsed
    finally:
        silent.close()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_recovers_when_postgresql_comes_back():
    """The real outage: gunicorn talks to PostgreSQL through a forwarder that we cut and restore, so
    its open connection breaks mid-life. Django's CONN_HEALTH_CHECKS replaces it after the return,
    without a restart. Pages are checked when the suite itself runs on PostgreSQL (its test database
    has the tables); /healthz in any case."""
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    database = connections["default"].settings_dict
    on_postgresql = connections["default"].vendor == "postgresql"
    name = database["NAME"] if on_postgresql else "postgres"
    urls = ["/healthz", "/en/about/"] if on_postgresql else ["/healthz"]
    if on_postgresql:
        make_profile()
    forwarder = TcpForwarder("127.0.0.1", 5432).start()
    try:
        with gunicorn(DATABASE_URL=postgres_url(name, port=forwarder.port),
                      PAGE_CACHE_SECONDS="0", CONN_MAX_AGE="600") as base:
            assert [http_get(base + url)[0] for url in urls] == [200] * len(urls)
            forwarder.stop()
            started = time.monotonic()
            assert [http_get(base + url)[0] for url in urls] == [503] * len(urls)
            assert time.monotonic() - started < 5
            forwarder.start()
            assert [http_get(base + url)[0] for url in urls] == [200] * len(urls)
    finally:
        forwarder.stop()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_answers_503_within_seconds_when_postgresql_freezes():
    """The connection is held open but nothing comes back (a frozen server or network path): pages that
    need the database answer the 503 page within a few seconds, and the threads are free again for static
    files and /healthz; when the link thaws the site recovers. PostgreSQL runs only (its test database has
    the tables)."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("needs the suite on PostgreSQL")
    make_profile()
    forwarder = TcpForwarder("127.0.0.1", connections["default"].settings_dict["PORT"] or 5432).start()
    database = connections["default"].settings_dict["NAME"]
    try:
        with gunicorn(DATABASE_URL=postgres_url(database, port=forwarder.port), PAGE_CACHE_SECONDS="0",
                      CONN_MAX_AGE="600", GUNICORN_THREADS="2") as base:
            assert http_get(base + "/about/")[0] == 200  # a persistent connection now exists
            forwarder.freeze()
            for url in ["/about/", "/concerts/", "/about/"]:  # more requests than threads: none stays stuck
                started = time.monotonic()
                status, _, body = http_get(base + url, timeout=30)
                elapsed = time.monotonic() - started
                assert status == 503 and b"Temporarily unavailable" in body, url
                assert elapsed < 6, (url, elapsed)
            started = time.monotonic()
            assert http_get(base + "/static/css/site.css")[0] == 200
            assert time.monotonic() - started < 1
            forwarder.thaw()
            assert http_get(base + "/about/")[0] == 200
    finally:
        forwarder.thaw()
        forwarder.stop()


def test_the_query_deadline_cuts_a_long_wait_and_costs_no_thread_per_query(monkeypatch):
    """The client-side limit (fansite/postgresql): a query still waiting when its deadline passes gets an
    error at once; queries that finish in time leave the connection alone, and a thousand of them start
    no thread (one watchdog thread per process, not a timer each). PostgreSQL only."""
    import threading

    import psycopg

    from fansite.postgresql.base import deadline

    url = postgres_url("postgres")
    if not postgres_answers():
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432")
    with psycopg.connect(url, autocommit=True) as raw:
        for _ in range(10):  # the watchdog thread exists from here on
            with deadline(raw, 0.5):
                raw.execute("SELECT 1")
        started_threads = []
        start = threading.Thread.start
        monkeypatch.setattr(threading.Thread, "start", lambda thread: (started_threads.append(thread), start(thread)))
        for _ in range(1000):
            with deadline(raw, 0.5):
                raw.execute("SELECT 1")
        assert started_threads == []
        time.sleep(0.7)  # past every deadline registered above: none of them fires afterwards
        assert raw.execute("SELECT 2").fetchone() == (2,)

        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError):
            with deadline(raw, 0.3):
                raw.execute("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 2
