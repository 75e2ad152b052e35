"""`load_demo` builds the site from the seed story, and running it again adds nothing. Visitors never read
text meant for the editor; the pictures are abstract illustrations in the site's palette, credited as such."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops, ImageStat

from concerts.models import Concert, Venue
from profiles.models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording

pytestmark = pytest.mark.django_db

MODELS = (ArtistProfile, Milestone, Award, PressQuote, Photo, Recording, Venue, Concert)


def test_load_demo_fills_the_site_from_the_story(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))

    profile = ArtistProfile.objects.get()
    assert profile.name == "Sébastien Kalmurzaeva" and profile.birth_place == "Moscow"
    assert profile.portrait and profile.portrait.width > 0
    award = Award.objects.get()
    assert (award.name, award.category, award.result) == ("Grammy Award", "Best Classical Instrumental Album", "nominated")
    assert "move mountains" in PressQuote.objects.get().quote
    assert Milestone.objects.filter(title="Moscow Conservatory").exists()

    now = timezone.now()
    concerts = Concert.objects.select_related("venue")
    assert concerts.filter(venue__name="Carnegie Hall", venue__timezone="America/New_York").exists()
    assert concerts.filter(venue__timezone="Europe/Moscow", starts_at__lt=now).exists()
    assert concerts.filter(venue__timezone="Europe/Moscow", starts_at__gte=now).exists()
    assert concerts.filter(status="sold_out", starts_at__gte=now).exists()

    for url in ("/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/"):
        assert client.get(url).status_code == 200
    about = client.get("/en/about/").content.decode()
    assert "Moscow Conservatory" in about and "Best Classical Instrumental Album" in about and "Carnegie Hall" in about


def test_load_demo_twice_duplicates_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = {model: model.objects.count() for model in MODELS}
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert {model: model.objects.count() for model in MODELS} == counts


def test_demo_recording_invents_no_album_details_and_carries_the_nomination(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))

    recording = Recording.objects.get()
    assert recording.title == "Grammy-nominated album"
    assert recording.label == "" and recording.year is None and not recording.tracks.exists()
    assert recording.description == "The album nominated for the Grammy Award for Best Classical Instrumental Album."
    assert Award.objects.get().recording == recording
    html = client.get("/en/recordings/").content.decode()
    assert "Grammy Award · Nominated" in html and "application/ld+json" in html


def test_demo_images_go_through_hardening_and_renditions(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))

    profile = ArtistProfile.objects.get()
    images = [profile, Recording.objects.get(), *Photo.objects.all()]
    for obj in images:
        assert obj.renditions["source"] == obj.image_file.name
        assert set(obj.renditions["crops"]) == {"original", "square", "wide"}
    assert profile.medium_bio and "Grammy nomination" in profile.medium_bio
    for url in ("/en/photos/", "/en/press/", "/en/recordings/"):
        assert client.get(url).status_code == 200
    assert "Medium biography" in client.get("/en/press/").content.decode()


# Words that address the editor, not the visitor: none may reach a public page in either language.
EDITOR_WORDING = re.compile(
    r"placeholder(?!=\")|replace (it|them|with)|to be added|site editor|demo|stand(ing)? in for|"
    r"заглушк|условное изображение|замените|добавит редактор|редактор сайта|демонстрац",
    re.IGNORECASE,
)


def visible_text(html):
    """The page's text and attribute values a visitor can meet (alt, title, aria-label, content), without
    scripts' code but with JSON-LD, which search engines show."""
    html = re.sub(r"<script(?![^>]*application/ld\+json)[^>]*>.*?</script>", " ", html, flags=re.S)
    return html


def test_no_public_page_addresses_the_editor(client):
    from tests.public_pages import load_site_content, public_pages

    load_site_content()
    for label, path, status in public_pages():
        response = client.get(path)
        assert response.status_code == status, label
        text = visible_text(response.content.decode())
        found = [text[max(0, m.start() - 60):m.end() + 60] for m in EDITOR_WORDING.finditer(text)]
        assert not found, f"{label}: {found}"


def test_demo_pictures_are_credited_as_illustrations_in_both_languages(client):
    call_command("load_demo", stdout=io.StringIO())

    photos = list(Photo.objects.all())
    assert len(photos) == 3
    assert {(photo.credit_en, photo.credit_ru, photo.copyright) for photo in photos} == {("Illustration", "Иллюстрация", "")}
    assert all(photo.alt_text_en.startswith("Abstract illustration:") for photo in photos)
    assert all(photo.alt_text_ru.startswith("Абстрактная иллюстрация:") for photo in photos)
    assert ArtistProfile.objects.get().portrait_alt_ru.startswith("Абстрактная иллюстрация:")
    assert "Иллюстрация" in client.get("/ru/photos/").content.decode()
    assert "Illustration" in client.get("/en/press/").content.decode()


PALETTE = {"night": (36, 28, 43), "plum": (74, 44, 78), "wine": (122, 31, 61), "midnight": (33, 40, 61),
           "gold": (232, 201, 135)}


def _distance(colour, other):
    return sum((a - b) ** 2 for a, b in zip(colour, other)) ** 0.5


def _count_near_gold(image):
    """Pixels within ±40 of the palette's gold in every channel (fine lines vanish in a thumbnail)."""
    bands = [band.point(lambda v, c=c: 255 if abs(v - c) <= 40 else 0) for band, c in zip(image.split(), PALETTE["gold"])]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.histogram()[255]


def test_demo_pictures_are_drawn_in_the_sites_palette():
    """Each picture is a dark ground of the palette's night, plum, wine or midnight with fine gold line art:
    most pixels lie near a ground colour, a few near gold, and none is far from the palette's range."""
    call_command("load_demo", stdout=io.StringIO())

    pictures = [ArtistProfile.objects.get().portrait, Recording.objects.get().cover,
                *(photo.image for photo in Photo.objects.all())]
    grounds = [PALETTE[name] for name in ("night", "plum", "wine", "midnight")]
    for picture in pictures:
        with picture.open("rb") as file:
            full = Image.open(file).convert("RGB")
        image = full.resize((200, 200 * full.height // full.width))
        pixels = list(image.get_flattened_data())
        near_ground = sum(1 for pixel in pixels if min(_distance(pixel, ground) for ground in grounds) < 90)
        near_gold = _count_near_gold(full)
        assert near_ground / len(pixels) > 0.85, picture.name
        assert near_gold > 0, f"{picture.name}: no gold line"
        assert ImageStat.Stat(image.convert("L")).mean[0] < 90, f"{picture.name}: not a dark ground"


def test_admin_home_says_what_is_demo_content_while_any_is_left(editor):
    call_command("load_demo", stdout=io.StringIO())

    html = editor.get(reverse("admin:index")).content.decode()
    note = html.split('id="demo-title"', 1)[1].split("</section>", 1)[0]
    assert "11 items on this site come from the demo" in note and "manage.py load_demo" in note

    Concert.objects.all().delete()
    Photo.objects.all().delete()
    Recording.objects.all().delete()
    ArtistProfile.objects.update(portrait_alt_en="Sébastien Kalmurzaeva on stage")
    assert 'id="demo-title"' not in editor.get(reverse("admin:index")).content.decode()
