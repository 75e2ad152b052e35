"""/en/photos/: every photo with caption, credit and copyright, in a constant number of queries."""

import html5lib
import pytest
from django.urls import reverse

from tests.factories import bulk_photos, make_photo

pytestmark = pytest.mark.django_db

URL = reverse("profiles:photos")


def test_gallery_shows_caption_credit_copyright_and_responsive_picture(client):
    make_photo(caption="On stage in Moscow", credit="Jane Doe", copyright="© Jane Doe 2024", alt_text="A violinist bows")
    html = client.get(URL).content.decode()
    assert "On stage in Moscow" in html and "Photo: Jane Doe" in html and "© Jane Doe 2024" in html
    assert '<source type="image/webp"' in html and 'alt="A violinist bows"' in html
    assert html.count("<h1") == 1


def test_gallery_without_photos_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200 and "No photos have been published yet." in response.content.decode()


def test_first_photos_load_eagerly_the_rest_lazily(client):
    bulk_photos(10)
    document = html5lib.parse(client.get(URL).content, namespaceHTMLElements=False)
    loading = [img.get("loading") for img in document.iter("img")]
    assert loading == ["eager"] * 3 + ["lazy"] * 7
    assert all(img.get("width") and img.get("height") for img in document.iter("img"))


def test_gallery_paginates_and_bad_pages_are_404(client, settings):
    bulk_photos(settings.PHOTOS_PER_PAGE + 5)
    first = client.get(URL).content.decode()
    assert first.count('class="gallery__item"') == settings.PHOTOS_PER_PAGE and "Page 1 of 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('class="gallery__item"') == 5 and 'loading="eager"' not in second
    for bad in ("3", "abc", "-1", "9" * 40):
        assert client.get(URL, {"page": bad}).status_code == 404


@pytest.mark.parametrize("count", [0, 200])
def test_gallery_query_count_is_constant(client, django_assert_max_num_queries, count):
    bulk_photos(count)
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.status_code == 200


def test_gallery_is_in_the_navigation(client):
    html = client.get(URL).content.decode()
    assert f'href="{URL}" aria-current="page"' in html
