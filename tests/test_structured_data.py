"""schema.org JSON-LD: MusicEvent on every concert page (per status), Person on the biography page."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from concerts.models import Concert
from concerts.timezones import get_zone
from fansite.seo.json_ld import to_json_ld
from fansite.images.illustrations import Motif, illustration_bytes
from tests.factories import (
    local,
    make_award,
    make_collaborator,
    make_concert,
    make_profile,
    make_programme,
    make_venue,
    reschedule,
)
from tests.parsing import json_ld, json_ld_blocks

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL  # JSON-LD addresses, like canonical links, whatever the Host

S = "https://schema.org/"
REQUIRED = {"@context", "@type", "name", "startDate", "eventStatus", "eventAttendanceMode", "location", "description",
            "offers", "performer", "url"}


@pytest.fixture
def profile():
    profile = make_profile()
    profile.portrait.save("portrait.jpg", ContentFile(illustration_bytes(Motif.PORTRAIT, (300, 375))))
    return profile


@pytest.fixture
def carnegie():
    return make_venue(name="Carnegie Hall", slug="carnegie-hall", address="881 Seventh Avenue", city="New York",
                      country="US", timezone="America/New_York", latitude="40.765000", longitude="-73.980000")


def event_of(client, concert):
    response = client.get(concert.get_absolute_url())
    assert response.status_code == 200
    return json_ld(response.content.decode(), "MusicEvent")


@pytest.mark.parametrize(
    "status,event_status,availability",
    [("on_sale", "EventScheduled", "InStock"), ("sold_out", "EventScheduled", "SoldOut"),
     ("cancelled", "EventCancelled", "Discontinued"), ("postponed", "EventPostponed", "OutOfStock")],
)
def test_music_event_has_every_required_property_per_status(client, profile, carnegie, status, event_status, availability):
    concert = make_concert(venue=carnegie, title="Evening", slug="evening", status=status,
                           local=local(2030, 3, 14, 19, 30), description="A night to remember.")

    event = event_of(client, concert)

    assert REQUIRED <= set(event)
    assert event["@context"] == "https://schema.org" and event["@type"] == "MusicEvent"
    assert event["name"] == "Evening" and event["description"] == "A night to remember."
    assert event["startDate"] == "2030-03-14T19:30:00-04:00"  # EDT already: the offset is the venue's
    assert event["eventStatus"] == S + event_status
    assert event["eventAttendanceMode"] == S + "OfflineEventAttendanceMode"
    assert event["url"] == f"{SITE}/en/concerts/evening/"
    assert event["location"] == {
        "@type": "Place", "name": "Carnegie Hall", "url": f"{SITE}/en/venues/carnegie-hall/",
        "address": {"@type": "PostalAddress", "streetAddress": "881 Seventh Avenue", "addressLocality": "New York",
                    "addressCountry": "US"},
        "geo": {"@type": "GeoCoordinates", "latitude": 40.765, "longitude": -73.98},
    }
    [offer] = event["offers"]
    assert offer["@type"] == "Offer" and offer["availability"] == S + availability
    assert offer["url"] == "https://tickets.example.com/"
    # Listed then (in the venue's zone); no on-sale moment was given.
    assert offer["validFrom"] == timezone.localtime(concert.created_at, carnegie.zone).isoformat()
    assert event["performer"][0] == {"@type": "Person", "name": "Sébastien Kalmurzaeva", "url": f"{SITE}/en/about/"}
    assert event["image"] == [f"{SITE}{profile.portrait.url}"]
    assert "previousStartDate" not in event


def test_rescheduled_event_has_previous_start_date_on_both_pages(client, profile, carnegie):
    moscow = make_venue(timezone="Europe/Moscow")
    old = make_concert(venue=moscow, local=local(2030, 1, 10, 19, 0))
    new = make_concert(venue=carnegie, local=local(2030, 7, 10, 20, 0), status="sold_out")
    reschedule(old, new)
    for concert in (old, new):
        event = event_of(client, concert)
        assert REQUIRED <= set(event)
        assert event["eventStatus"] == S + "EventRescheduled"
        assert event["previousStartDate"] == "2030-01-10T19:00:00+03:00"  # in the original venue's time
        assert event["startDate"] == "2030-07-10T20:00:00-04:00"
        assert event["location"]["name"] == "Carnegie Hall"
        assert [offer["availability"] for offer in event["offers"]] == [S + "SoldOut"]


def test_end_date_price_organizer_programme_and_collaborators(client, profile):
    concert = make_concert(local=local(2030, 3, 14, 19, 30), duration_minutes=105, price_min=Decimal("1500"),
                           price_currency="RUB", price_text="From 1 500 RUB",
                           on_sale_at=datetime(2030, 1, 15, 10, 0, tzinfo=get_zone("Europe/Moscow")),
                           organizer_name="Moscow Philharmonic Society", organizer_url="https://organizer.example.com/")
    make_programme(concert, ("Felix Mendelssohn", "Violin Concerto in E minor", "Op. 64"), ("J. S. Bach", "Chaconne"))
    make_collaborator(concert, "Festival Orchestra", "orchestra")
    make_collaborator(concert, "A. Conductor", "conductor")

    event = event_of(client, concert)

    assert event["endDate"] == "2030-03-14T21:15:00+03:00"
    [offer] = event["offers"]
    assert offer["price"] == "1500.00" and offer["priceCurrency"] == "RUB"
    assert offer["description"] == "From 1 500 RUB"
    assert offer["validFrom"] == "2030-01-15T10:00:00+03:00"
    assert event["organizer"] == {"@type": "Organization", "name": "Moscow Philharmonic Society",
                                  "url": "https://organizer.example.com/"}
    site = SITE
    assert event["workPerformed"] == [
        {"@type": "MusicComposition", "name": "Violin Concerto in E minor, Op. 64",
         "url": f"{site}/en/repertoire/works/mendelssohn-violin-concerto-in-e-minor-op-64/",
         "composer": {"@type": "Person", "name": "Felix Mendelssohn",
                      "url": f"{site}/en/repertoire/composers/felix-mendelssohn/"}},
        {"@type": "MusicComposition", "name": "Chaconne", "url": f"{site}/en/repertoire/works/bach-chaconne/",
         "composer": {"@type": "Person", "name": "J. S. Bach", "url": f"{site}/en/repertoire/composers/j-s-bach/"}},
    ]
    assert event["performer"][1:] == [
        {"@type": "MusicGroup", "name": "Festival Orchestra", "url": f"{site}/en/performers/festival-orchestra/"},
        {"@type": "Person", "name": "A. Conductor", "url": f"{site}/en/performers/a-conductor/"}]


def test_script_end_tag_in_content_cannot_break_out(client):
    concert = make_concert(title="</script><script>alert(1)</script>", description="Tom & Jerry <b>")
    html = client.get(concert.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    event = json_ld(html, "MusicEvent")
    assert event["name"] == "</script><script>alert(1)</script>"
    assert event["description"] == "Tom & Jerry <b>"


def test_serialiser_escapes_html_significant_characters():
    text = to_json_ld({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e"}'


def test_page_without_a_profile_still_has_valid_json_ld(client):
    event = event_of(client, make_concert())
    assert event["performer"] == [] and "image" not in event


def test_person_on_biography_page(client, profile):
    make_award(year=2021)
    html = client.get("/en/about/").content.decode()
    person = json_ld(html, "Person")
    assert person["name"] == "Sébastien Kalmurzaeva"
    assert person["birthPlace"] == {"@type": "Place", "name": "Moscow"}
    assert person["award"] == ["Grammy Award – Best Classical Instrumental Album – 2021 (nominated)"]
    assert person["image"] == f"{SITE}{profile.portrait.url}"
    assert person["sameAs"] == []
    assert person["url"] == f"{SITE}/en/about/"


def test_only_concert_and_biography_pages_carry_json_ld(client, profile):
    make_concert(starts_at=timezone.now() + timedelta(days=2))
    for url in ("/", "/en/concerts/", "/en/concerts/past/"):
        assert json_ld_blocks(client.get(url).content.decode()) == []


def test_concert_json_ld_for_every_status_value_is_covered():
    from concerts.structured_data import EVENT_STATUS

    assert set(EVENT_STATUS) == set(Concert.Status)


def test_json_ld_addresses_follow_site_url_not_the_host(client, profile, settings):
    settings.ALLOWED_HOSTS = ["internal-proxy.local"]
    concert = make_concert(slug="evening")
    for url, type_ in ((concert.get_absolute_url(), "MusicEvent"), ("/en/about/", "Person")):
        html = client.get(url, HTTP_HOST="internal-proxy.local").content.decode()
        data = json_ld(html, type_)
        assert "internal-proxy" not in str(data) and data["url"].startswith(SITE + "/")


def test_the_portrait_addresses_are_put_in_on_each_request(client, profile, carnegie, settings, monkeypatch):
    """The MusicEvent is kept with the page's article (concerts/views.py, `concert_page`), but not the
    portrait's address: with a private bucket it is signed, and expires sooner."""
    settings.PAGE_CACHE_SECONDS = 0
    concert = make_concert(venue=carnegie, title="Recital")
    portrait = f"{SITE}{profile.portrait.url}"
    assert event_of(client, concert)["image"] == [portrait]
    from django.core.files.storage import FileSystemStorage

    url = FileSystemStorage.url
    monkeypatch.setattr(FileSystemStorage, "url", lambda self, name: url(self, name) + "?signature=2")
    assert event_of(client, concert)["image"] == [f"{portrait}?signature=2"]
    page = client.get(concert.get_absolute_url()).content.decode()  # and the picture, likewise
    figure = page[page.index('<figure class="concert__image">'):page.index("</figure>")]
    assert "?signature=2" in figure


def test_a_title_that_reads_like_the_portrait_slot_stays_the_title(client, profile, carnegie, settings):
    settings.PAGE_CACHE_SECONDS = 0
    concert = make_concert(venue=carnegie, title="<!-- portrait -->")
    make_programme(concert, ("Johann Sebastian Bach", "<!-- portrait -->"))  # after the image, in the event
    event = event_of(client, concert)
    assert event["name"] == "<!-- portrait -->"
    assert [work["name"] for work in event["workPerformed"]] == ["<!-- portrait -->"]
    assert event["image"] == [f"{SITE}{profile.portrait.url}"]
