"""What the design promises a visitor (issue 16), checked in the rendered pages: the home page sells what can
still be attended, listings say things once and in plain words, every photo can be enlarged without script."""

from datetime import timedelta

import pytest
from django.utils import timezone

from concerts.models import Concert
from fansite.templatetags.images import focal_classes
from tests.factories import (
    image_file, make_concert, make_photo, make_profile, make_quote, make_recording, make_venue, reschedule,
)

pytestmark = pytest.mark.django_db


def test_home_lists_only_concerts_one_can_still_attend(client):
    make_profile()
    make_concert(title="Sold out evening", status=Concert.Status.SOLD_OUT)
    make_concert(title="Cancelled evening", status=Concert.Status.CANCELLED)
    make_concert(title="Yesterday's evening", starts_at=timezone.now() - timedelta(days=1))
    make_concert(title="Evening with tickets")
    html = client.get("/en/").content.decode()
    assert "Evening with tickets" in html
    assert "Sold out evening" not in html and "Cancelled evening" not in html and "Yesterday" not in html


def test_home_shows_the_latest_recording_the_quote_source_and_how_to_follow(client):
    make_profile()
    make_recording(title="Older album", year=2019, is_published=True)
    make_recording(title="Newest album", year=2024, is_published=True)
    make_quote(quote="She could move mountains.", source="The Daily Review")
    html = client.get("/en/").content.decode()
    assert 'id="latest-recording"' in html and "Newest album" in html and "Older album" not in html
    assert "The Daily Review</span>" in html and "— The Daily Review" not in html
    assert 'href="webcal://' in html and 'href="/en/alerts/"' in html and 'href="/en/newsletter/"' in html
    assert html.count("<h1") == 1


def test_concert_listing_offers_the_calendar_in_plain_words(client, settings):
    make_concert()
    html = client.get("/en/concerts/").content.decode()
    host = settings.SITE_URL.split("://", 1)[1]
    assert "Add all concerts to your calendar" in html
    assert f'href="webcal://{host}/en/concerts/calendar.ics"' in html
    assert 'href="https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F' in html
    assert 'href="/en/concerts/calendar.ics" download' in html
    assert ".ics)" not in html and "(Atom)" not in html
    assert '<form class="filters"' in html and 'aria-label="Filter upcoming concerts"' in html


def test_moved_concert_is_listed_once_at_its_new_date(client):
    old = make_concert(title="Spring recital")
    new = make_concert(title="Spring recital", starts_at=old.starts_at + timedelta(days=60))
    reschedule(old, new)
    html = client.get("/en/concerts/").content.decode()
    assert html.count(">Spring recital<") == 1
    assert "New date. First announced for" in html


def test_cancelled_badge_is_not_struck_through(client, settings):
    make_concert(status=Concert.Status.CANCELLED)
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    rule = css[css.index(".status--cancelled {"):].split("}")[0]
    assert "line-through" not in rule
    assert 'class="status status--cancelled">Cancelled<' in client.get("/en/concerts/").content.decode()


def test_venue_page_says_the_city_once_and_rows_leave_out_the_venue(client):
    venue = make_venue(name="Carnegie Hall", address="881 Seventh Avenue, New York, NY 10019", city="New York",
                       country="US", timezone="America/New_York")
    make_concert(venue=venue, title="Return to Carnegie Hall")
    html = client.get(venue.get_absolute_url()).content.decode()
    address = html[html.index('<p class="lead">'):].split("Times are")[0]
    assert address.count("New York") == 1 and "United States" in address
    assert 'class="concert-row__where"' not in html


def test_concert_page_shows_the_artist_portrait_when_it_has_no_picture(client):
    profile = make_profile()
    profile.portrait.save("portrait.jpg", image_file(size=(400, 500)), save=True)
    concert = make_concert()
    html = client.get(concert.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="concert__image">'):].split("</figure>")[0]
    assert 'alt=""' in figure and "portraits/" in figure


def test_each_photo_has_its_own_page_with_previous_and_next(client):
    first, middle, last = make_photo(caption="First"), make_photo(caption="Middle"), make_photo(caption="Last")
    make_photo(caption="Draft", is_published=False)
    gallery = client.get("/en/photos/").content.decode()
    assert f'href="{middle.get_absolute_url()}"' in gallery
    html = client.get(middle.get_absolute_url()).content.decode()
    assert '<h1 class="photo-page__caption">Middle</h1>' in html and "Photo: A. Photographer" in html
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html and f'rel="next" href="{last.get_absolute_url()}"' in html
    last_html = client.get(last.get_absolute_url()).content.decode()
    assert 'rel="next"' not in last_html  # the draft is not a neighbour
    assert client.get("/en/photos/999999/").status_code == 404


def test_search_page_has_one_search_box(client):
    make_profile()
    html = client.get("/en/search/", {"q": "Bach"}).content.decode()
    assert html.count('type="search"') == 1


def test_not_found_page_does_not_blame_a_concert(client):
    html = client.get("/en/no-such-page/").content.decode()
    assert "The page may have moved or been removed" in html and "concert may have" not in html
    assert '<p class="button-row">' in html


@pytest.mark.parametrize("focal,classes", [((50, 50), "focal"), ((30, 18), "focal focal-x-30 focal-y-20"),
                                          ((100, 0), "focal focal-x-100 focal-y-0")])
def test_focal_point_becomes_object_position_classes(focal, classes):
    profile = make_profile()
    profile.focal_x, profile.focal_y = focal
    assert focal_classes(profile) == classes
