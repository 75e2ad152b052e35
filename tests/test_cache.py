"""Public pages are cached for anonymous visitors and retired at once when content changes."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from concerts.models import Concert
from fansite.page_cache import PublicPageCacheMiddleware, content_version, page_cache_timeout
from tests.factories import admin_concert_form, make_concert, make_programme

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/"]


def queries_made(request):
    """How many queries a request costs: 0 means it came from the page cache."""
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-enough-password")
    editor = Client()
    editor.force_login(user)
    return editor


def test_second_visit_is_served_without_queries(client, content, django_assert_num_queries):
    for url in [*PUBLIC_URLS, content.get_absolute_url()]:
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200 and second.content == first.content, url


def test_query_string_and_host_are_part_of_the_key(client, content, django_assert_max_num_queries):
    client.get("/en/concerts/past/")
    with django_assert_max_num_queries(2):
        assert client.get("/en/concerts/past/?page=1").status_code == 200
    # rendered anew: the listing, its filter choices and when they go stale, its rows' programmes and performers
    # (on PostgreSQL the rows' keys first, then the rows: `Concert.objects.row_keys`)
    with django_assert_max_num_queries(6):
        assert client.get("/en/concerts/", HTTP_HOST="localhost").status_code == 200


def test_edit_in_the_admin_is_visible_at_the_next_request(client, editor, content):
    assert "Spring recital" in client.get("/en/concerts/").content.decode()
    assert "Spring recital" in client.get(content.get_absolute_url()).content.decode()

    change_url = reverse("admin:concerts_concert_change", args=[content.pk])
    data = admin_concert_form(content, title="Autumn recital", local_start_0="2031-10-01", local_start_1="19:00")
    response = editor.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    assert "Autumn recital" in client.get("/en/concerts/").content.decode()
    assert "Autumn recital" in client.get(content.get_absolute_url()).content.decode()


def test_delete_and_child_rows_retire_the_cache(client, content):
    client.get(content.get_absolute_url())
    make_programme(content, ("Ysaÿe", "Sonata No. 3"))  # a programme row, not the concert itself
    assert "Sonata No. 3" in client.get(content.get_absolute_url()).content.decode()
    client.get("/en/concerts/")
    content.delete()
    assert "Spring recital" not in client.get("/en/concerts/").content.decode()


def test_profile_edit_shows_on_home_and_about(client, content):
    from profiles.models import ArtistProfile

    client.get("/en/"), client.get("/en/about/")
    artist = ArtistProfile.objects.get()
    artist.short_bio = "A new short biography."
    artist.long_bio = "A new long biography."
    artist.save()
    assert "A new short biography." in client.get("/en/").content.decode()
    assert "A new long biography." in client.get("/en/about/").content.decode()


def test_staff_is_never_served_from_nor_stored_into_the_cache(client, editor, content):
    editor.get("/en/concerts/")
    assert queries_made(lambda: client.get("/en/concerts/")) > 0  # the editor's visit stored nothing
    assert queries_made(lambda: client.get("/en/concerts/")) == 0  # the visitor's own visit did
    assert queries_made(lambda: editor.get("/en/concerts/")) > 0  # but the editor is not served that copy


def test_healthz_is_not_cached(client, content):
    client.get("/healthz")
    assert queries_made(lambda: client.get("/healthz")) > 0


def test_responses_that_set_cookies_or_fail_are_not_stored():
    ok = HttpResponse("page")
    assert PublicPageCacheMiddleware.is_cacheable_response(ok)
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    for response in (with_cookie, private, HttpResponse(status=404), HttpResponse(status=503)):
        assert not PublicPageCacheMiddleware.is_cacheable_response(response)


def test_not_found_is_not_cached(client):
    client.get("/en/concerts/no-such-concert/")
    assert queries_made(lambda: client.get("/en/concerts/no-such-concert/")) > 0


def test_timeout_is_capped_by_the_next_concert_start(settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert page_cache_timeout() == 600
    make_concert(starts_at=timezone.now() + timedelta(seconds=90))
    assert 85 <= page_cache_timeout() <= 90
    make_concert(starts_at=timezone.now() - timedelta(days=1))  # past concerts do not matter
    make_concert(starts_at=timezone.now() + timedelta(seconds=30), is_published=False)  # drafts neither
    assert 85 <= page_cache_timeout() <= 90


def test_concert_moves_to_past_when_it_starts_even_if_cached(client):
    make_concert(title="Starting now", starts_at=timezone.now() + timedelta(seconds=2))
    assert "Starting now" in client.get("/en/concerts/").content.decode()
    assert "Starting now" in client.get("/en/concerts/").content.decode()  # from the cache
    time.sleep(2.2)
    assert "Starting now" not in client.get("/en/concerts/").content.decode()
    assert "Starting now" in client.get("/en/concerts/past/").content.decode()


def test_restore_with_loaddata_retires_the_cache(client, content, tmp_path):
    from django.core.management import call_command

    fixture = tmp_path / "concert.json"
    call_command("dumpdata", "concerts.concert", output=str(fixture), verbosity=0)
    client.get("/en/concerts/")
    fixture.write_text(fixture.read_text().replace("Spring recital", "Restored recital"))
    call_command("loaddata", str(fixture), verbosity=0)
    assert "Restored recital" in client.get("/en/concerts/").content.decode()


def test_pages_still_work_when_the_cache_server_is_down(client, settings, content):
    from tests.netutil import free_port

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 200, url
    content.title = "Saved while the cache is down"
    content.save()
    assert Concert.objects.get().title == "Saved while the cache is down"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    cache.clear()


def test_page_that_used_the_csp_nonce_is_not_stored(rf):
    from django.middleware.csp import ContentSecurityPolicyMiddleware

    def page(request, use_nonce):
        return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>" if use_nonce else "plain")

    for use_nonce, expect_cached in ((True, False), (False, True)):
        cache.clear()
        request = rf.get(f"/nonce-{use_nonce}/")
        ContentSecurityPolicyMiddleware(lambda r: None).process_request(request)
        PublicPageCacheMiddleware(lambda r: page(r, use_nonce))(request)
        served = PublicPageCacheMiddleware(lambda r: HttpResponse("rendered again"))(rf.get(f"/nonce-{use_nonce}/"))
        assert (served.content != b"rendered again") == expect_cached


def test_a_page_written_in_pieces_is_cached_as_one(client, content):
    # The Atom feed is written one element at a time; served from the cache in thousands of pieces it
    # cost 14 ms a hit under gunicorn instead of 1 ms (bench/RESULTS.md).
    first = client.get(reverse("concerts:feed"))
    cached = cache.get(
        PublicPageCacheMiddleware.key_for("http://testserver/en/concerts/feed/", content_version(), "identity", "en")
    )
    assert cached is not None and cached.content == first.content
    assert len(cached._container) == 1


def test_next_scheduled_change_is_looked_up_once_per_content_version(content):
    page_cache_timeout()
    assert queries_made(page_cache_timeout) == 0  # known for this version
    content.title = "Renamed"
    # The save: its row, its history row, its calendar entry in each language (read, upsert), its search
    # document (the title changed: concert, programme, performers, write); no look-up per row or bump.
    assert queries_made(content.save) <= 3 + 2 * len(settings.LANGUAGES) + 4
    assert queries_made(page_cache_timeout) > 0  # a new version: looked up by the first page stored
    assert queries_made(page_cache_timeout) == 0


def test_a_warm_listing_asks_the_cache_server_for_the_version_and_its_rows_only(client, content, settings,
                                                                              monkeypatch):
    """The page frame, the filter choices and the next scheduled change are kept in each process per content
    version (fansite.caching.KeptInProcess), and read with the version the request read: a listing rendered
    anew asks the shared cache for the version once and for its rows' fragments, nothing else. After a save,
    the new version's entries are read or built once, and the page shows the change."""
    from fansite.caching import VERSION_KEY, TolerantCache

    settings.PAGE_CACHE_SECONDS = 0  # every request renders (the HTTP validators still ask for the next change)
    asked = []
    original = TolerantCache._call

    def counted(self, operation, fallback, *args):
        asked.append((operation, args[0] if operation == "get" else None))
        return original(self, operation, fallback, *args)

    monkeypatch.setattr(TolerantCache, "_call", counted)

    def shared_reads(url):
        asked.clear()
        html = client.get(url).content.decode()
        assert {operation for operation, _key in asked} <= {"get", "get_many", "set", "set_many", "add"}
        return [key for operation, key in asked if operation == "get"], html

    shared_reads("/en/concerts/")
    for _ in range(2):
        assert shared_reads("/en/concerts/")[0] == [VERSION_KEY]
        assert {operation for operation, _key in asked} == {"get", "get_many"}
    content.title = "Renamed"
    content.save()
    keys, html = shared_reads("/en/concerts/")
    assert "Renamed" in html and keys[0] == VERSION_KEY and len(keys) > 1  # the new version's entries
    assert shared_reads("/en/concerts/")[0] == [VERSION_KEY]


def test_with_the_page_cache_off_nothing_stored_is_served(client, content, settings):
    client.get("/en/concerts/")  # stored while the cache is on
    Concert.objects.filter(pk=content.pk).update(title="Renamed without a signal")  # no version bump
    settings.PAGE_CACHE_SECONDS = 0
    assert "Renamed without a signal" in client.get("/en/concerts/").content.decode()


# --- Only the parameters a view reads make a page different ---------------------------------------------


def test_junk_parameters_share_the_clean_pages_entry(client, content):
    clean = client.get("/concerts/calendar.ics")
    for n in range(50):
        response = client.get("/concerts/calendar.ics", {"junk": n})
        assert response.content == clean.content
    assert queries_made(lambda: client.get("/concerts/calendar.ics", {"junk": "more"})) == 0
    version = content_version()
    assert cache.get(PublicPageCacheMiddleware.key_for("http://testserver/concerts/calendar.ics", version))
    for n in (0, 25, 49):
        junk_url = f"http://testserver/concerts/calendar.ics?junk={n}"
        assert cache.get(PublicPageCacheMiddleware.key_for(junk_url, version)) is None


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_page_first_asked_for_with_junk_is_the_clean_page(client, content, settings, language):
    # The canonical link keeps ?page=N: were the junk seen by the view, the clean page would carry it.
    # In Russian too: the page cache runs before LocaleMiddleware, and a /ru/ path resolves only in Russian.
    first = client.get(f"/{language}/about/?page=7&utm_source=newsletter").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/{language}/about/">' in first
    assert client.get(f"/{language}/about/").content.decode() == first


def test_junk_parameters_on_a_russian_page_share_the_clean_pages_entry(client, content):
    clean = client.get("/ru/concerts/")
    assert clean.status_code == 200 and 'lang="ru"' in clean.content.decode()
    for n in range(5):
        assert client.get("/ru/concerts/", {"utm_source": n}).content == clean.content
    assert queries_made(lambda: client.get("/ru/concerts/", {"utm_source": "more"})) == 0
    version = content_version()
    encoding = "identity"
    assert cache.get(PublicPageCacheMiddleware.key_for("http://testserver/ru/concerts/", version, encoding, "ru"))
    for n in (0, 4):
        junk_url = f"http://testserver/ru/concerts/?utm_source={n}"
        assert cache.get(PublicPageCacheMiddleware.key_for(junk_url, version, encoding, "ru")) is None
    # A parameter the listing reads still makes its own page.
    assert client.get("/ru/concerts/", {"city": "Nowhere"}).content != clean.content


def test_parameters_a_view_reads_still_make_their_own_page(client, content):
    everything = client.get("/concerts/calendar.ics").content
    elsewhere = client.get("/concerts/calendar.ics", {"city": "Nowhere", "junk": "1"}).content
    assert b"BEGIN:VEVENT" in everything and b"BEGIN:VEVENT" not in elsewhere


def test_every_public_view_names_the_query_parameters_it_reads():
    from django.urls import URLPattern, URLResolver, get_resolver

    from fansite.page_cache import query_parameters

    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name != "admin":
                    yield from patterns(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    undeclared = [route for route, view in patterns(get_resolver())
                  if query_parameters(view) is None and route not in {"healthz", "^media/(?P<path>.*)$"}]
    assert undeclared == []
