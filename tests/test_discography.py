"""/en/recordings/: covers, labels, years, track lists, links, the Grammy nomination, MusicAlbum JSON-LD."""

import json
from datetime import timedelta

import html5lib
import pytest
from django.urls import reverse

from profiles.models import Recording, RecordingLink, Track
from fansite.seo.json_ld import to_json_ld as json_ld
from tests.factories import make_award, make_media, make_profile, make_recording, make_track

pytestmark = pytest.mark.django_db

URL = reverse("profiles:recordings")


@pytest.fixture
def profile():
    return make_profile()


def structured_data(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    scripts = [s for s in document.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_recording_shows_cover_label_year_tracks_and_links(client, profile):
    recording = make_recording(cover=True, title="Sonatas", label="Melodiya", year=2019, cover_alt="Sonatas cover")
    make_track(recording, 1, title="Sonata No. 1", composer="J. S. Bach", duration=timedelta(minutes=4, seconds=5))
    make_track(recording, 2, title="Sonata No. 2", composer="", duration=timedelta(hours=1, minutes=2, seconds=3))
    make_track(recording, 3, title="Encore", duration=None)
    RecordingLink.objects.create(recording=recording, label="Listen on a streaming service", url="https://listen.example.com/a")

    html = client.get(URL).content.decode()

    assert "Sonatas" in html and "Label: Melodiya" in html and "Released 2019" in html
    assert 'alt="Sonatas cover"' in html and "/square-" in html
    assert '<span class="track__composer">J. S. Bach:</span> Sonata No. 1' in html
    assert '<time class="track__duration" datetime="PT4M5S">4:05</time>' in html
    assert '<time class="track__duration" datetime="PT1H2M3S">1:02:03</time>' in html
    assert 'href="https://listen.example.com/a"' in html
    assert html.index("Sonata No. 1") < html.index("Sonata No. 2") < html.index("Encore")


def test_grammy_nominated_recording_is_marked(client, profile):
    nominated = make_recording(title="The nominated one")
    make_recording(title="Another one")
    make_award(recording=nominated, year=2021)

    document = html5lib.parse(client.get(URL).content, namespaceHTMLElements=False)
    items = {item.get("id"): "".join(item.itertext()) for item in document.iter("li") if item.get("class") == "recording"}
    assert "Grammy Award · Nominated" in items[nominated.slug] and "Best Classical Instrumental Album" in items[nominated.slug]
    assert "Grammy" not in [text for slug, text in items.items() if slug != nominated.slug][0]


def test_music_album_json_ld(client, profile):
    recording = make_recording(cover=True, title="Sonatas", label="Melodiya", year=2019)
    make_track(recording, 1, title="Sonata No. 1", composer="J. S. Bach")
    make_award(recording=recording)
    RecordingLink.objects.create(recording=recording, label="Buy", url="https://shop.example.com/sonatas")

    data = structured_data(client.get(URL).content.decode())

    album = data["@graph"][0]
    assert data["@context"] == "https://schema.org" and album["@type"] == "MusicAlbum"
    assert album["name"] == "Sonatas" and album["datePublished"] == "2019"
    assert album["byArtist"] == {"@type": "Person", "name": "Sébastien Kalmurzaeva"}
    assert album["recordLabel"]["name"] == "Melodiya"
    assert album["image"].startswith("http") and "/square-" in album["image"]
    assert album["numTracks"] == 1
    track = album["track"]["itemListElement"][0]
    assert track["position"] == 1 and track["item"]["name"] == "Sonata No. 1" and track["item"]["duration"] == "PT4M32S"
    assert "Grammy Award" in album["award"][0] and album["sameAs"] == ["https://shop.example.com/sonatas"]


def test_json_ld_cannot_be_broken_out_of(client, profile):
    make_recording(title="</script><script>alert(1)</script> & <!--")
    html = client.get(URL).content.decode()
    assert "</script><script>alert(1)" not in html
    assert structured_data(html)["@graph"][0]["name"] == "</script><script>alert(1)</script> & <!--"
    assert json_ld({"a": "<>&\u2028"}) == '{"a":"\\u003c\\u003e\\u0026\\u2028"}'


def test_no_recordings_says_so_and_has_no_json_ld(client, profile):
    html = client.get(URL).content.decode()
    assert "No recordings are listed yet." in html and "application/ld+json" not in html


def test_discography_before_any_profile_is_404(client):
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("count", [1, 60])
def test_discography_query_count_is_constant(client, django_assert_max_num_queries, profile, count):
    recordings = Recording.objects.bulk_create(
        Recording(title=f"Album {i}", slug=f"album-{i}", year=2000 + i % 20, is_published=True) for i in range(count)
    )
    Track.objects.bulk_create(Track(recording=r, position=p, title=f"Track {p}") for r in recordings for p in range(1, 13))
    RecordingLink.objects.bulk_create(RecordingLink(recording=r, label="Buy", url="https://shop.example.com/") for r in recordings)
    make_award(recording=recordings[0])
    for r in recordings[:5]:
        make_media(recording=r)
    make_media(title="Interview")
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(structured_data(response.content.decode())["@graph"]) == count


def test_recording_admin_has_track_link_and_media_inlines(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("e", "e@example.com", "a-long-enough-password"))
    html = client.get(reverse("admin:profiles_recording_add")).content.decode()
    assert 'id="tracks-group"' in html and 'id="links-group"' in html and 'id="media-group"' in html
    assert 'name="focal_x"' in html and "js/focal-point.js" in html
