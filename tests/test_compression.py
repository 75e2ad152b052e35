"""Responses are gzip-compressed for clients that accept it, and the page cache keeps one copy per kind."""

import gzip

import pytest

from tests.parsing import calendar

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}  # what browsers and calendar apps send


@pytest.mark.parametrize("url", ["/en/", "/en/concerts/", "/concerts/calendar.ics", "/concerts/feed/"])
def test_gzip_clients_get_the_same_content_compressed(client, content, url):
    plain = client.get(url)
    packed = client.get(url, **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content


@pytest.mark.parametrize("first,second", [(GZIP, {}), ({}, GZIP)])
def test_cached_copy_matches_what_the_client_accepts(client, content, django_assert_num_queries, first, second):
    client.get("/en/concerts/", **first)
    served = client.get("/en/concerts/", **second)
    assert ("Content-Encoding" in served) == bool(second)  # never a gzip body to a client that did not ask
    with django_assert_num_queries(0):  # and each kind is then served from the cache
        again = client.get("/en/concerts/", **second)
    assert again.content == served.content


def test_compressed_calendar_parses(client, content):
    body = gzip.decompress(client.get("/concerts/calendar.ics", **GZIP).content)
    assert [str(event["SUMMARY"]) for event in calendar(body).walk("VEVENT")] == ["Spring recital"]
