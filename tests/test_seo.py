"""Canonical links and link-preview tags (Open Graph, Twitter card) on every page, with the right picture."""

from html.parser import HTMLParser

import html5lib
import pytest

from fansite.models import SiteSettings
from tests.factories import image_file, make_concert, make_page, make_profile

pytestmark = pytest.mark.django_db

SITE = "https://kalmurzaeva.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


class HeadTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        if tag == "link":
            self.links[attrs.get("rel")] = attrs.get("href")


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def site(media_in_tmp):
    profile = make_profile(portrait=image_file("portrait.jpg"), portrait_alt="Portrait of the violinist")
    plain = make_concert(slug="plain", title="Plain concert")
    pictured = make_concert(slug="pictured", title="Pictured concert", image=image_file("hall.jpg"), image_alt="The hall")
    page = make_page(slug="agency", title="Contact", body="Write to the agency.")
    return {"profile": profile, "plain": plain, "pictured": pictured, "page": page}


PAGES = ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/", "/en/concerts/plain/", "/en/agency/", "/en/search/?q=concert"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_canonical_and_open_graph_tags(client, site, url):
    tags = head(client, url)
    canonical = tags.links["canonical"]
    assert canonical == SITE + url.split("?")[0]
    for prop in ("og:title", "og:description", "og:type", "og:url", "og:image", "og:site_name", "twitter:card"):
        assert tags.meta.get(prop), (url, prop)
    assert tags.meta["og:url"] == canonical
    assert tags.meta["og:image"].startswith(SITE + "/media/")
    assert tags.meta["twitter:card"] == "summary_large_image"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_valid_html_with_one_h1(client, site, url):
    html = client.get(url).content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    assert html.count("<h1") == 1


def test_concert_with_its_own_picture_uses_it(client, site):
    tags = head(client, site["pictured"].get_absolute_url())
    assert tags.meta["og:image"] == SITE + site["pictured"].image.url
    assert tags.meta["og:image:alt"] == "The hall"
    assert tags.meta["og:title"] == "Pictured concert"
    assert tags.meta["og:type"] == "article"


def test_concert_without_picture_uses_the_artist_portrait(client, site):
    tags = head(client, site["plain"].get_absolute_url())
    assert tags.meta["og:image"] == SITE + site["profile"].portrait.url
    assert tags.meta["og:image:alt"] == "Portrait of the violinist"


def test_without_portrait_the_default_share_image_is_used(client, media_in_tmp):
    make_profile()
    settings = SiteSettings.objects.create(default_share_image=image_file("share.jpg"), default_share_image_alt="Gold violin")
    concert = make_concert()
    for url in (concert.get_absolute_url(), "/en/", "/en/concerts/"):
        tags = head(client, url)
        assert tags.meta["og:image"] == SITE + settings.default_share_image.url, url


def test_site_default_share_image_wins_over_portrait_on_general_pages(client, site):
    settings = SiteSettings.objects.create(default_share_image=image_file("share.jpg"))
    assert head(client, "/en/concerts/").meta["og:image"] == SITE + settings.default_share_image.url
    assert head(client, "/en/about/").meta["og:image"] == SITE + site["profile"].portrait.url  # her page: her portrait


def test_without_any_picture_the_card_is_a_summary(client):
    make_profile()
    tags = head(client, "/en/")
    assert "og:image" not in tags.meta
    assert tags.meta["twitter:card"] == "summary"


@pytest.mark.parametrize("query,expected", [
    ("?page=2", "/en/concerts/past/?page=2"),
    ("?page=1", "/en/concerts/past/"),
    ("?utm_source=x&page=3", "/en/concerts/past/?page=3"),
    ("?page=abc", "/en/concerts/past/"),
    ("?page=%D9%A3", "/en/concerts/past/"),  # an Arabic-Indic digit is not a page number
    ("?page=-1", "/en/concerts/past/"),
    ("?utm_source=newsletter", "/en/concerts/past/"),
])
def test_canonical_drops_the_query_string_but_keeps_page_numbers(rf, query, expected):
    from fansite.seo import canonical_url

    assert canonical_url(rf.get("/en/concerts/past/" + query)) == SITE + expected


def test_canonical_of_a_second_page_in_the_page(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    venue = make_concert().venue
    for i in range(settings.CONCERTS_PER_PAGE + 1):
        make_concert(venue=venue, starts_at=timezone.now() - timedelta(days=i + 1))
    assert head(client, "/en/concerts/past/?page=2&utm_source=x").links["canonical"] == SITE + "/en/concerts/past/?page=2"


def test_canonical_escapes_unusual_paths(rf):
    from fansite.seo import canonical_url

    assert canonical_url(rf.get("/caf%C3%A9/")) == SITE + "/caf%C3%A9/"


def test_404_has_no_canonical_and_is_not_indexed(client):
    html = client.get("/no/such/page/").content.decode()
    assert 'rel="canonical"' not in html and '<meta name="robots" content="noindex">' in html
