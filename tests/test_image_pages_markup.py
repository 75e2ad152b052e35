"""The image pages are well-formed HTML5 with one h1, sized images, no inline style and no inline script."""

from datetime import timedelta

import html5lib
import pytest
from django.core.files.base import ContentFile

from profiles.models import Photo, RecordingLink
from tests.factories import (
    image_bytes, make_award, make_media, make_photo, make_profile, make_quote, make_recording, make_track,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    profile = make_profile(medium_bio="A medium biography.", portrait_alt="Portrait of the violinist")
    profile.portrait.save("portrait.jpg", ContentFile(image_bytes((900, 1125))), save=False)
    profile.save()
    for i in range(4):
        make_photo(content=image_bytes((640, 480)), caption=f"Photo “{i}” & more")
    make_quote()
    recording = make_recording(cover=True, cover_alt="Album cover")
    make_award(recording=recording)
    make_track(recording, 1, duration=timedelta(minutes=3))
    RecordingLink.objects.create(recording=recording, label="Listen", url="https://listen.example.com/")
    make_media(recording=recording)
    make_media(title="Excerpt", url="https://media.example.com/excerpt.mp3")


@pytest.mark.parametrize("url", ["/en/", "/en/about/", "/en/photos/", "/en/press/", "/en/recordings/"])
def test_page_markup(client, demo_site, url):
    content = client.get(url).content
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(content)  # raises on any parse error

    assert len(list(document.iter("h1"))) == 1
    images = list(document.iter("img"))
    assert images
    for img in images:
        assert img.get("alt") and img.get("width") and img.get("height") and img.get("decoding") == "async"
        assert img.get("loading") in {"lazy", "eager"}
    for element in document.iter():
        assert element.get("style") is None
        if element.tag == "script":
            assert element.get("type") == "application/ld+json" or (element.get("src") and not (element.text or "").strip())
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_every_picture_has_alt_text_from_its_model(client, demo_site):
    html = client.get("/en/photos/").content.decode()
    for photo in Photo.objects.all():
        assert f'alt="{photo.alt_text}"' in html
