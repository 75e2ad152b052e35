"""Site settings edited in admin reach every page through one cached entry (a fixed cost, then none)."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from fansite.page_frame import site_frame
from fansite.models import SiteSettings
from tests.factories import make_concert, make_page, make_profile, make_site_settings

pytestmark = pytest.mark.django_db


def test_defaults_are_the_artist_name_and_role_when_nothing_is_set(client):
    make_profile()
    html = client.get("/en/").content.decode()
    assert "<title>Sébastien Kalmurzaeva, violinist</title>" in html
    assert 'href="/en/">Sébastien Kalmurzaeva<span class="site-name__role">Violinist</span>' in html
    assert not SiteSettings.objects.exists()  # reading the defaults wrote nothing


def test_settings_are_used_in_title_header_footer_and_links(client):
    make_profile()
    make_site_settings(
        site_title="Kalmurzaeva", tagline="Violin", contact_email="office@example.org",
        social_links="https://video.example.com/kalmurzaeva\n\nhttps://music.example.com/artist/1\n",
    )
    html = client.get("/en/concerts/").content.decode()
    assert "<title>Concerts — Kalmurzaeva</title>" in html
    assert '<span class="site-name__role">Violin</span>' in html
    assert 'href="mailto:office@example.org"' in html
    assert 'href="https://video.example.com/kalmurzaeva" rel="me noopener"' in html
    assert 'href="https://music.example.com/artist/1"' in html
    assert "Fan site of Kalmurzaeva." in html


def test_same_as_is_the_list_of_links():
    settings = SiteSettings(social_links=" https://a.example.com/x \n\nhttps://b.example.com/y\n")
    assert settings.same_as == ["https://a.example.com/x", "https://b.example.com/y"]


def test_a_line_that_is_not_a_web_address_is_refused():
    with pytest.raises(ValidationError) as error:
        SiteSettings(social_links="https://ok.example.com/\njavascript:alert(1)").full_clean()
    assert "social_links" in error.value.message_dict


def test_a_change_shows_at_the_next_request(client):
    make_profile()
    settings = make_site_settings(tagline="Violinist")
    client.get("/en/")  # fills the cache
    settings.tagline = "Violinist and teacher"
    settings.save()
    assert "Violinist and teacher" in client.get("/en/").content.decode()


def test_only_one_settings_row():
    make_site_settings()
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.create(site_title="Second")


def test_admin_edits_the_single_settings(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "a-long-enough-password"))
    add_url = reverse("admin:fansite_sitesettings_add")
    response = client.post(add_url, {"site_title_en": "New title", "tagline_en": "", "description_en": "", "contact_email": "",
                                      "social_links": "https://a.example.com/", "default_share_image_alt_en": ""})
    assert response.status_code == 302
    assert SiteSettings.objects.get().site_title == "New title"
    assert client.get(add_url).status_code == 403
    settings = SiteSettings.objects.get()
    assert client.get(reverse("admin:fansite_sitesettings_change", args=[settings.pk])).status_code == 200


def test_the_frame_costs_three_queries_when_cold_and_none_when_warm(client, django_assert_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # whole-page caching off: this measures the frame alone
    settings.HTTP_CACHING = False  # and no validator (its next-change lookup runs once per content version)
    make_profile()
    make_site_settings(site_title="Kalmurzaeva")
    make_concert()
    # the concert list (its rows' keys, then the rows: `Concert.objects.row_keys`, their programmes and
    # performers, its filter choices and when they go stale), then settings, menu pages, portrait
    with django_assert_num_queries(6 + 3):
        client.get("/en/concerts/")
    # The page alone: its row comes from the fragment cache by the version the database keeps of its records
    # (Concert.objects.row_keys); frame and choices are cached.
    with django_assert_num_queries(1):
        client.get("/en/concerts/")


def test_error_page_renders_without_the_database(rf):
    from fansite.errors import server_error

    html = server_error(rf.get("/en/")).content.decode()
    assert "Sébastien Kalmurzaeva" in html


def test_cached_frame_holds_the_default_share_image(media_in_tmp):
    from tests.factories import image_file

    make_site_settings(default_share_image=image_file("share.jpg"), default_share_image_alt="Gold violin")
    image = site_frame().default_share_image
    assert image.alt == "Gold violin" and image.url.startswith("http") and image.url.endswith(".jpg")


def test_header_and_footer_kept_by_what_they_show_are_the_ones_each_page_renders(client, content, settings):
    """base.html keeps its header and footer under `frame_parts_key`: one page's parts must never stand in
    for another's (the current menu entry, the language, a menu page at its own address)."""
    settings.PAGE_CACHE_SECONDS = 0  # each request renders its page
    make_site_settings(site_title="Kalmurzaeva", contact_email="office@example.org",
                       social_links="https://video.example.com/kalmurzaeva")
    page_url = make_page(title="Teaching", slug="teaching", show_in_menu=True).get_absolute_url()
    other_page_url = make_page(title="Masterclasses", slug="masterclasses", show_in_menu=True).get_absolute_url()
    urls = ["/en/", "/en/concerts/", "/en/concerts/past/", content.get_absolute_url(), "/en/about/", page_url,
            other_page_url, "/en/search/?q=Bach", "/en/no-such-page/", "/en/repertoire/",
            "/ru/", "/ru/concerts/", "/ru/about/", "/ru/no-such-page/"]

    def parts(url):
        html = client.get(url).content.decode()
        return html[html.index("<header"):html.index("</header>")], html[html.index("<footer"):]

    kept = {url: parts(url) for url in urls}  # in turn, each page finding the parts the pages before kept
    caches["frame"].clear()
    settings.FRAGMENT_CACHE_SECONDS = 0  # every part rendered, none kept
    for url in urls:
        assert kept[url] == parts(url), url
    header, _footer = kept[page_url]
    assert f'<a href="{page_url}" aria-current="page">Teaching</a>' in header
    assert 'aria-current="page">Concerts</a>' in kept["/en/concerts/"][0]
    assert 'aria-current' not in kept["/en/no-such-page/"][0].split('class="language-switcher')[0]


def test_an_edited_site_title_replaces_the_kept_header_at_once(client, content):
    site = make_site_settings(site_title="Kalmurzaeva")
    assert "Kalmurzaeva<span" in client.get("/en/concerts/").content.decode()
    site.site_title = "Sébastien Kalmurzaeva, violin"
    site.save()
    html = client.get("/en/concerts/").content.decode()
    assert "Sébastien Kalmurzaeva, violin<span" in html and "Kalmurzaeva<span" not in html.replace(
        "Sébastien Kalmurzaeva, violin<span", "")
