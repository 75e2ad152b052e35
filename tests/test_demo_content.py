"""`load_demo` builds the site from the seed story, and running it again adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

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
    assert "to be added by the site editor" in recording.description
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
