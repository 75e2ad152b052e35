"""sitemap.xml lists exactly the public URLs (absolute, from SITE_URL) with lastmod; robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import make_concert, make_page, make_photo, make_profile, make_recording

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://kalmurzaeva.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _sitemaps(client):
    """The addresses the index at /sitemap.xml lists, as paths (with ?p=N)."""
    root = _xml(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [entry.findtext("sm:loc", namespaces=NS) for entry in root.findall("sm:sitemap", NS)]
    assert all(location.startswith(f"{SITE}/sitemap-") for location in locations)
    return [location.removeprefix(SITE) for location in locations]


def _entries(client):
    """Every address of every sitemap the index lists, with its lastmod."""
    entries = {}
    for sitemap in _sitemaps(client):
        root = _xml(client, sitemap)
        for url in root.findall("sm:url", NS):
            entries[url.findtext("sm:loc", namespaces=NS)] = url.findtext("sm:lastmod", namespaces=NS)
    return entries


def test_sitemap_lists_exactly_the_published_urls(client):
    now = timezone.now()
    make_profile()
    live = make_concert(slug="live")
    past = make_concert(slug="past", starts_at=now - timedelta(days=30))
    make_concert(slug="draft", is_published=False)
    make_concert(slug="scheduled", publish_from=now + timedelta(hours=1))
    make_concert(slug="expired", publish_from=now - timedelta(days=2), publish_until=now - timedelta(seconds=1))
    make_page(slug="agency")
    make_page(slug="secret", is_published=False)
    make_page(slug="soon", publish_from=now + timedelta(hours=1))
    make_recording(is_published=False)

    entries = _entries(client)

    assert set(entries) == {
        f"{SITE}/{language}{path}" for language in ("en", "ru") for path in (
            "/", "/about/", "/concerts/", "/concerts/past/", "/press/", "/concerts/live/", "/concerts/past/",
            f"/venues/{live.venue.slug}/", f"/venues/{past.venue.slug}/", "/agency/",
        )
    }


def test_gallery_and_discography_enter_the_sitemap_once_they_have_content(client):
    make_profile()
    make_recording()
    make_photo()
    entries = _entries(client)
    assert f"{SITE}/en/recordings/" in entries and f"{SITE}/en/photos/" in entries
    assert f"{SITE}/ru/recordings/" in entries and f"{SITE}/ru/photos/" in entries


def test_every_entry_has_a_lastmod_matching_the_content(client):
    make_profile()
    concert = make_concert(slug="live")
    entries = _entries(client)
    assert all(entries.values())
    assert entries[f"{SITE}{concert.get_absolute_url()}"] == concert.updated_at.date().isoformat()


def test_scheduled_concert_enters_the_sitemap_when_due(client):
    concert = make_concert(slug="later", publish_from=timezone.now() - timedelta(seconds=1))
    assert f"{SITE}{concert.get_absolute_url()}" in _entries(client)


@pytest.mark.parametrize("count", [3, 200])
def test_sitemap_query_count_is_constant(client, django_assert_max_num_queries, count):
    make_profile()
    venue = make_concert().venue
    for i in range(count):
        make_concert(venue=venue)
        make_page(slug=f"page-{i}")
    from fansite.sitemaps import sitemaps

    # The index: one date and one count per section at most; a section: its date(s), a count and its rows.
    with django_assert_max_num_queries(2 * len(sitemaps)) as index:
        client.get("/sitemap.xml")
    # Seven sections are dated by the latest change of a published concert: the index asks for it once.
    asks = 'SELECT MAX("concerts_concert"."updated_at") AS "at" FROM "concerts_concert" '
    latest = [q for q in index.captured_queries if q["sql"].startswith(asks)]
    assert len(latest) == 1
    for sitemap in _sitemaps(client):
        with django_assert_max_num_queries(5):
            client.get(sitemap)


def test_sitemaps_are_paginated_under_the_protocols_limit(client, monkeypatch):
    from fansite.seo.sitemaps import SiteSitemap

    assert SiteSitemap.limit <= 50_000
    monkeypatch.setattr(SiteSitemap, "limit", 4)
    concerts = [make_concert() for _ in range(10)]
    sitemaps = _sitemaps(client)
    # Each concert is listed once per language, and the limit counts those addresses: 10 × 2 in 5 pages.
    assert [s for s in sitemaps if s.startswith("/sitemap-concerts.xml")] == [
        "/sitemap-concerts.xml", "/sitemap-concerts.xml?p=2", "/sitemap-concerts.xml?p=3",
        "/sitemap-concerts.xml?p=4", "/sitemap-concerts.xml?p=5"]
    for sitemap in sitemaps:
        assert len(_xml(client, sitemap).findall("sm:url", NS)) <= 4
    entries = _entries(client)
    for language in ("en", "ru"):
        with translation.override(language):
            assert all(f"{SITE}{concert.get_absolute_url()}" in entries for concert in concerts)
    assert client.get("/sitemap-concerts.xml?p=6").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_page_reads_only_its_own_concerts_and_splits_pages_anywhere(client, monkeypatch):
    """Pages of (concert, language) pairs: a page boundary may fall between a concert's two languages, and
    every address is still listed exactly once; each page reads its own rows (LIMIT/OFFSET), not all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fansite.seo.sitemaps import SiteSitemap

    monkeypatch.setattr(SiteSitemap, "limit", 3)
    concerts = [make_concert() for _ in range(10)]
    pages = [s for s in _sitemaps(client) if s.startswith("/sitemap-concerts.xml")]
    assert len(pages) == 7  # 20 addresses, 3 a page
    listed = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            root = _xml(client, page)
        rows = [q["sql"] for q in queries.captured_queries if 'FROM "concerts_concert"' in q["sql"] and "LIMIT" in q["sql"]]
        assert rows, "the page read every concert"
        listed += [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]
    expected = []
    for concert in sorted(concerts, key=lambda c: (c.starts_at, c.pk)):
        for language in ("en", "ru"):
            with translation.override(language):
                expected.append(f"{SITE}{concert.get_absolute_url()}")
    assert listed == expected


def test_the_index_uses_site_url_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["internal.example"]
    make_concert()
    response = client.get("/sitemap.xml", HTTP_HOST="internal.example")
    assert b"internal.example" not in response.content and SITE.encode() in response.content


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_admin(client, settings):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert f"Disallow: /{settings.ADMIN_URL}" in text.splitlines()
    assert "User-agent: *" in text
