"""Public responses carry validators and freshness; an unchanged page is answered 304 without rendering."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age

from tests.factories import make_concert

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/", "/concerts/calendar.ics", "/concerts/feed/"]


def cache_control(response):
    return {part.strip().split("=")[0]: part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_public_pages_carry_an_etag_and_shared_cache_freshness(client, content):
    for url in [*PUBLIC_URLS, content.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        directives = cache_control(response)
        assert "public" in directives, url
        assert directives["s-maxage"] == "s-maxage=10", url
        assert directives["stale-while-revalidate"] == "stale-while-revalidate=30", url
        assert get_max_age(response) == 0, url  # browsers ask again every time (and get a 304)
        assert {"cookie", "accept-encoding"} <= {v.strip().lower() for v in response["Vary"].split(",")}, url


def test_unchanged_page_is_answered_304_without_a_query(client, content, django_assert_num_queries):
    for url in [*PUBLIC_URLS, content.get_absolute_url()]:
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(0):
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == etag and "public" in again["Cache-Control"], url


@pytest.mark.parametrize("path", ["", "about/", "concerts/", "concerts/past/", "concerts/calendar.ics", "concerts/feed/"])
def test_each_language_has_its_own_etag(client, content, path):
    # The same page in English and in Russian: different bodies, so a validator of one must never get a 304
    # for the other (the ETag covers the full URL, prefix included).
    english, russian = client.get(f"/en/{path}"), client.get(f"/ru/{path}")
    assert english.status_code == russian.status_code == 200
    assert english["ETag"] != russian["ETag"]
    assert client.get(f"/ru/{path}", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200
    assert client.get(f"/en/{path}", HTTP_IF_NONE_MATCH=russian["ETag"]).status_code == 200
    assert client.get(f"/ru/{path}", HTTP_IF_NONE_MATCH=russian["ETag"]).status_code == 304


def test_head_requests_are_answered_304_too(client, content):
    etag = client.get("/concerts/calendar.ics")["ETag"]
    assert client.head("/concerts/calendar.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_edit_changes_every_etag(client, content):
    etags = {url: client.get(url)["ETag"] for url in PUBLIC_URLS}
    content.title = "Autumn recital"
    content.save()
    for url, etag in etags.items():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, url
        assert response["ETag"] != etag, url
    assert "Autumn recital" in client.get("/en/concerts/").content.decode()


def test_url_and_encoding_have_their_own_etags(client, content):
    plain = client.get("/en/concerts/")["ETag"]
    assert client.get("/en/concerts/past/")["ETag"] != plain
    assert client.get("/en/concerts/?page=1")["ETag"] != plain
    gzipped = client.get("/en/concerts/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip" and gzipped["ETag"] != plain
    assert client.get("/en/concerts/", HTTP_IF_NONE_MATCH=gzipped["ETag"]).status_code == 200


def test_a_forged_or_stale_validator_gets_the_page(client, content):
    for value in ['"0123456789abcdef0123456789abcdef"', "*garbage*", 'W/"x", "y"', "\x0b", "a" * 5000]:
        response = client.get("/en/concerts/", HTTP_IF_NONE_MATCH=value)
        assert response.status_code == 200, value


def test_freshness_never_reaches_past_the_next_scheduled_change(client, content):
    make_concert(title="Starts soon", starts_at=timezone.now() + timedelta(seconds=25))
    directives = cache_control(client.get("/en/concerts/"))
    s_maxage = int(directives["s-maxage"].split("=")[1])
    stale = int(directives["stale-while-revalidate"].split("=")[1])
    assert s_maxage == 10
    assert s_maxage + stale <= 25


def test_the_etag_changes_when_a_scheduled_change_passes(client, content, monkeypatch):
    soon = make_concert(title="Starts soon", starts_at=timezone.now() + timedelta(minutes=5))
    etag = client.get("/en/concerts/")["ETag"]
    later = soon.starts_at + timedelta(seconds=1)
    monkeypatch.setattr("fansite.http_caching.timezone.now", lambda: later)
    monkeypatch.setattr("fansite.page_cache.timezone.now", lambda: later)
    response = client.get("/en/concerts/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_nothing_public_for_logged_in_staff_previews_errors_or_the_admin(client, content, django_user_model):
    anonymous_etag = client.get("/en/concerts/")["ETag"]
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "a-long-password-1"))
    staff_page = editor.get("/en/concerts/", HTTP_IF_NONE_MATCH=anonymous_etag)
    assert staff_page.status_code == 200
    assert "public" not in staff_page.get("Cache-Control", "") and not staff_page.has_header("ETag")

    draft = make_concert(title="Draft", is_published=False)
    preview = editor.get(draft.get_absolute_url() + "?preview=1")
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    assert "public" not in preview["Cache-Control"]

    missing = client.get("/en/concerts/no-such-concert/")
    assert missing.status_code == 404 and not missing.has_header("ETag")
    assert "public" not in missing.get("Cache-Control", "")

    admin_login = client.get(reverse("admin:login"))
    assert not admin_login.has_header("ETag") and "public" not in admin_login.get("Cache-Control", "")


def test_cache_server_down_serves_pages_without_validators(client, content, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: refused at once
        }
    }
    response = client.get("/en/concerts/", HTTP_IF_NONE_MATCH='"anything"')
    assert response.status_code == 200 and not response.has_header("ETag")


def test_http_caching_can_be_turned_off(client, content, settings):
    settings.HTTP_CACHING = False
    response = client.get("/en/concerts/")
    assert not response.has_header("ETag") and "public" not in response.get("Cache-Control", "")


def test_parameters_no_view_reads_share_the_clean_address_validator(client, content):
    etag = client.get("/concerts/calendar.ics")["ETag"]
    junk = client.get("/concerts/calendar.ics?junk=1", HTTP_IF_NONE_MATCH=etag)
    assert junk.status_code == 304
    assert client.get("/concerts/calendar.ics?city=Moscow", HTTP_IF_NONE_MATCH=etag).status_code == 200
