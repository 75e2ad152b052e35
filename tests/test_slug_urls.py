"""Links by slug (fansite/slug_urls.py): whatever the slug, language, script prefix or URLconf, `slug_url`
gives exactly what `reverse()` gives, and refuses what `reverse()` refuses."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix
from django.utils import translation

from fansite.slug_urls import slug_url

NAMES = ["concerts:detail", "concerts:concert_calendar", "concerts:series", "concerts:series_calendar",
         "concerts:series_feed", "venues:detail", "repertoire:work", "repertoire:composer", "performers:detail",
         "news:detail", "page"]
SLUGS = ["a", "bach-partita-2", "Mixed_Case-07", "slug-url-placeholder", "x" * 200, "-", "_"]


def elsewhere(request, slug):
    return HttpResponse(slug)


urlpatterns = [path("elsewhere/<slug:slug>/", elsewhere, name="thing")]
other_urlpatterns = [path("other/<slug:slug>/x", elsewhere, name="thing")]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_slug_link_is_what_reverse_gives(language):
    with translation.override(language):
        for name in NAMES:
            for slug in SLUGS:
                assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})
        assert slug_url("concerts:detail", "a").startswith(f"/{language}/")


def test_without_an_active_language():
    with translation.override(None):
        assert slug_url("concerts:detail", "spring") == reverse("concerts:detail", kwargs={"slug": "spring"})


def test_under_a_script_prefix():
    slug_url("concerts:detail", "spring")  # the pieces of the root prefix exist already
    set_script_prefix("/fans/")
    try:
        assert slug_url("concerts:detail", "spring") == reverse("concerts:detail", kwargs={"slug": "spring"})
        assert slug_url("concerts:detail", "spring").startswith("/fans/")
    finally:
        clear_script_prefix()
    assert not slug_url("concerts:detail", "spring").startswith("/fans/")


@pytest.mark.parametrize("slug", ["ä", "two words", "a/b", "", "tab\t", "a?b=c", "%41"])
def test_a_slug_the_converter_refuses_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        reverse("concerts:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_url("concerts:detail", slug)


def test_an_unknown_name_is_refused():
    with pytest.raises(NoReverseMatch):
        slug_url("concerts:nothing", "spring")


def test_a_changed_urlconf_is_followed():
    with override_settings(ROOT_URLCONF=__name__):
        assert slug_url("thing", "one") == "/elsewhere/one/"
    with override_settings(ROOT_URLCONF=Other):
        assert slug_url("thing", "one") == "/other/one/x"
    with pytest.raises(NoReverseMatch):
        slug_url("thing", "one")


class Other:  # a second URLconf (Django takes an object with `urlpatterns` as well as a module's name)
    urlpatterns = other_urlpatterns


def test_models_link_through_it(db):
    from tests.factories import make_concert

    concert = make_concert(slug="spring-recital")
    assert concert.get_absolute_url() == reverse("concerts:detail", kwargs={"slug": "spring-recital"})
    assert concert.venue.get_absolute_url() == reverse("venues:detail", kwargs={"slug": concert.venue.slug})
    with translation.override("ru"):
        assert concert.get_absolute_url() == "/ru/concerts/spring-recital/"
