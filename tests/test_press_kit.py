"""/en/press/: three bios with word counts to copy, full-resolution photos with credits to download."""

import html5lib
import pytest
from django.urls import reverse

from profiles.models import ArtistProfile
from tests.factories import bulk_photos, make_photo, make_profile, make_quote

pytestmark = pytest.mark.django_db

URL = reverse("profiles:press")


def test_bios_are_in_readonly_text_areas_with_labels_and_word_counts(client):
    make_profile(short_bio="One two three.", medium_bio="Four words in here.", long_bio="Para one.\n\nPara two & more.")
    document = html5lib.parse(client.get(URL).content, namespaceHTMLElements=False)
    areas = {area.get("id"): area for area in document.iter("textarea")}
    assert set(areas) == {"bio-short", "bio-medium", "bio-long"}
    assert all(area.get("readonly") is not None for area in areas.values())
    assert areas["bio-long"].text == "Para one.\n\nPara two & more."
    labels = {label.get("for"): "".join(label.itertext()) for label in document.iter("label")}
    assert labels["bio-short"] == "Short biography 3 words"
    assert labels["bio-medium"] == "Medium biography 4 words"
    assert labels["bio-long"] == "Long biography 6 words"


def test_missing_medium_bio_is_left_out(client):
    make_profile(medium_bio="")
    html = client.get(URL).content.decode()
    assert "Medium biography" not in html and "Short biography" in html


def test_word_count_counts_words_not_spaces():
    profile = ArtistProfile(short_bio="  Born   in\nMoscow — to musicians. ", long_bio="x")
    assert profile.press_bios()[0]["words"] == 6


def test_press_photos_link_to_the_full_resolution_original_with_credits(client):
    make_profile()
    photo = make_photo(caption="Backstage", credit="Jane Doe", copyright="© Jane Doe, free for press use")
    make_photo(caption="Private snapshot", in_press_kit=False)
    html = client.get(URL).content.decode()
    assert f'href="{photo.image.url}" download' in html
    assert "Credit: Jane Doe" in html and "© Jane Doe, free for press use" in html
    assert "JPEG, 1200 × 900 px" in html
    assert "Private snapshot" not in html


def test_press_kit_shows_quotes(client):
    make_profile()
    make_quote(quote="She could move mountains with every note.")
    assert "move mountains" in client.get(URL).content.decode()


def test_press_kit_before_any_profile_is_404(client):
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("count", [0, 200])
def test_press_kit_query_count_is_constant(client, django_assert_max_num_queries, count):
    make_profile()
    make_quote()
    bulk_photos(count)
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Download full resolution") == count
