"""sitemap.xml lists exactly the public URLs (absolute, from SITE_URL) with lastmod; robots.txt points to it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_concert, make_page, make_photo, make_profile, make_recording

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://kalmurzaeva.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def _entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in root.findall("sm:url", NS)}


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
        f"{SITE}/", f"{SITE}/about/", f"{SITE}/concerts/", f"{SITE}/concerts/past/", f"{SITE}/press/",
        f"{SITE}{live.get_absolute_url()}", f"{SITE}{past.get_absolute_url()}", f"{SITE}/agency/",
        f"{SITE}{live.venue.get_absolute_url()}", f"{SITE}{past.venue.get_absolute_url()}",
    }


def test_gallery_and_discography_enter_the_sitemap_once_they_have_content(client):
    make_profile()
    make_recording()
    make_photo()
    entries = _entries(client)
    assert f"{SITE}/recordings/" in entries and f"{SITE}/photos/" in entries


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
    # 4 dates for the fixed pages, then count + rows for concerts, venues and pages
    with django_assert_max_num_queries(11):  # + the news posts
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_admin(client, settings):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert f"Disallow: /{settings.ADMIN_URL}" in text.splitlines()
    assert "User-agent: *" in text
