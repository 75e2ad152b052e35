"""Editable pages: Markdown made safe on save, served at /<slug>/ without shadowing any route, in the menu."""

import time
from datetime import timedelta

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fansite.page_cache import page_cache_timeout
from fansite.page_frame import site_frame
from fansite.models import RESERVED_SLUGS, Page
from tests.factories import make_concert, make_page, make_profile

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_sanitised_on_save():
    page = make_page(body=(
        "# Management\n\nContact the **agency** at [mail](mailto:agency@example.com).\n\n"
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [bad](javascript:alert(1))\n\n"
        '<a href="https://example.com" onclick="x()">site</a>\n\n* one\n* two'
    ))
    html = Page.objects.get(pk=page.pk).body_html

    assert "<h2>Management</h2>" in html and "<h1" not in html
    assert "<strong>agency</strong>" in html and 'href="mailto:agency@example.com"' in html
    assert "<li>one</li>" in html
    for dangerous in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert dangerous not in html


def test_page_is_served_at_its_slug_with_one_h1(client):
    make_page(title="Contact", slug="agency", body="Write to the *agency*.")
    response = client.get("/en/agency/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "<em>agency</em>" in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_unpublished_and_unknown_pages_are_404(client):
    make_page(slug="draft-page", is_published=False)
    assert client.get("/en/draft-page/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS - {"sitemap.xml", "robots.txt"}) + ["Concerts", "ADMIN"])
def test_reserved_slugs_are_refused(slug):
    page = Page(title="Clash", slug=slug, body="x", is_published=True)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug" in error.value.message_dict


def test_slug_taken_by_a_route_is_refused_even_if_not_in_the_list(monkeypatch):
    # A section added later (or the admin under a custom ADMIN_URL) is protected by the URL check alone.
    monkeypatch.setattr("fansite.models.RESERVED_SLUGS", frozenset())
    for slug in ("concerts", "search", "admin"):
        with pytest.raises(ValidationError):
            Page(title="Clash", slug=slug, body="x").full_clean()
    Page(title="Fine", slug="management", body="x").full_clean()


def test_pages_do_not_shadow_the_site_routes(client):
    make_profile()
    make_concert(title="A real concert")
    assert "A real concert" in client.get("/en/concerts/").content.decode()
    assert client.get(reverse("profiles:about")).status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_menu_shows_published_menu_pages_in_order(client):
    make_profile()
    make_page(title="Management", slug="management", menu_order=2)
    make_page(title="Contact", slug="agency", menu_order=1, menu_title="Contact us")
    make_page(title="Hidden", slug="hidden", show_in_menu=False)
    make_page(title="Draft", slug="draft", is_published=False)

    html = client.get("/en/").content.decode()
    main_nav = html[html.index('aria-label="Main"'):html.index("</nav>")]

    assert main_nav.index("Contact us") < main_nav.index("Management")
    assert "Hidden" not in main_nav and "Draft" not in main_nav
    assert 'href="/en/agency/"' in main_nav


def test_current_page_is_marked_in_the_menu(client):
    make_page(title="Contact", slug="agency")
    html = client.get("/en/agency/").content.decode()
    assert '<a href="/en/agency/" aria-current="page">Contact</a>' in html


def test_menu_changes_at_the_next_request_after_a_save(client):
    make_profile()
    page = make_page(title="Contact", slug="agency")
    assert "Contact" in client.get("/en/").content.decode()
    page.menu_title = "Write to us"
    page.save()
    assert "Write to us" in client.get("/en/").content.decode()
    page.delete()
    assert 'href="/en/agency/"' not in client.get("/en/").content.decode()


def test_scheduled_page_enters_the_cached_menu_when_due(client):
    make_profile()
    make_page(title="Tour news", slug="tour-news", publish_from=timezone.now() + timedelta(seconds=1.5))
    assert "Tour news" not in client.get("/en/").content.decode()  # the menu is now cached
    time.sleep(1.6)
    assert "Tour news" in client.get("/en/").content.decode()


@pytest.mark.parametrize("pages", [1, 30])
def test_menu_costs_no_query_once_cached_whatever_the_number_of_pages(client, django_assert_max_num_queries, pages):
    make_profile()
    for i in range(pages):
        make_page(title=f"Page {i}", slug=f"p-{i}")
    site_frame()
    # the concert list, its rows' programmes and performers, its filter choices and when they go stale
    with django_assert_max_num_queries(5):
        html = client.get("/en/concerts/").content.decode()
    assert html.count('href="/en/p-') == 2 * pages  # header and footer menus


@pytest.mark.parametrize("pages", [1, 30])
def test_page_costs_one_query_once_the_frame_is_cached(client, django_assert_num_queries, pages):
    for i in range(pages):
        make_page(title=f"Page {i}", slug=f"p-{i}")
    site_frame()
    page_cache_timeout()  # the page cache's next scheduled change, worked out once per content version
    with django_assert_num_queries(1):
        assert client.get("/en/p-0/").status_code == 200
