"""iCalendar output, parsed back with icalendar and checked field by field."""

import io
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from concerts.calendars import FORMAT_VERSION, refresh_entries
from concerts.models import CalendarEntry, Concert
from concerts.timezones import get_zone
from tests.factories import local, make_concert, make_venue, reschedule
from tests.parsing import calendar, events_by_uid

pytestmark = pytest.mark.django_db

NEW_YORK = get_zone("America/New_York")


@pytest.fixture
def carnegie():
    return make_venue(name="Carnegie Hall", address="881 Seventh Avenue", city="New York",
                      country="US", timezone="America/New_York", latitude="40.765000", longitude="-73.980000")


def feed(client, query=""):
    response = client.get("/concerts/calendar.ics" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def test_new_york_concerts_keep_2000_local_across_daylight_saving(client, carnegie):
    winter = make_concert(venue=carnegie, local=local(2030, 1, 10, 20, 0))
    summer = make_concert(venue=carnegie, local=local(2030, 7, 10, 20, 0))

    content = feed(client).content
    events = events_by_uid(content)
    text = content.decode()

    for concert, utc_hour in ((winter, 1), (summer, 0)):
        start = events[f"concert-{concert.pk}@127.0.0.1"]["DTSTART"]
        assert start.params["TZID"] == "America/New_York"
        assert (start.dt.hour, start.dt.minute) == (20, 0)
        assert start.dt.astimezone(UTC).hour == utc_hour  # EST is UTC-5, EDT UTC-4
    assert "DTSTART;TZID=America/New_York:20300110T200000" in text
    assert "DTSTART;TZID=America/New_York:20300710T200000" in text

    zones = {str(tz["TZID"]): tz for tz in calendar(content).walk("VTIMEZONE")}
    assert set(zones) == {"America/New_York"}
    parts = {component.name for component in zones["America/New_York"].subcomponents}
    assert parts == {"STANDARD", "DAYLIGHT"}
    # The VTIMEZONE alone (no zone database on the reader's side) gives the right offsets.
    ny = zones["America/New_York"].to_tz()
    assert datetime(2030, 1, 10, 20, 0, tzinfo=ny).utcoffset() == timedelta(hours=-5)
    assert datetime(2030, 7, 10, 20, 0, tzinfo=ny).utcoffset() == timedelta(hours=-4)


def test_every_field_of_an_event(client, carnegie):
    concert = make_concert(venue=carnegie, title="An Evening at Carnegie Hall", slug="evening",
                           local=local(2030, 3, 14, 19, 30), duration_minutes=120, description="A night to remember.",
                           price_text="From 40 USD")
    concert = Concert.objects.get(pk=concert.pk)

    event = events_by_uid(feed(client).content)[f"concert-{concert.pk}@127.0.0.1"]

    assert str(event["SUMMARY"]) == "An Evening at Carnegie Hall"
    assert event["DTSTART"].dt == datetime(2030, 3, 14, 19, 30, tzinfo=NEW_YORK)
    assert event["DTEND"].dt == datetime(2030, 3, 14, 21, 30, tzinfo=NEW_YORK)
    assert event["DTEND"].params["TZID"] == "America/New_York"
    assert str(event["LOCATION"]) == "Carnegie Hall, 881 Seventh Avenue, New York, United States of America"
    assert str(event["URL"]) == "http://127.0.0.1:8000/en/concerts/evening/"  # SITE_URL, as canonical links
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["LAST-MODIFIED"].dt == concert.updated_at.replace(microsecond=0)
    assert event["DTSTAMP"].dt == concert.updated_at.replace(microsecond=0)
    assert event["CREATED"].dt == concert.created_at.replace(microsecond=0)
    assert event["GEO"].latitude == pytest.approx(40.765) and event["GEO"].longitude == pytest.approx(-73.98)
    description = str(event["DESCRIPTION"])
    # Prices live on the page with the ticket links: a price change is not a revision of the event.
    assert "A night to remember." in description and "From 40 USD" not in description
    assert "http://127.0.0.1:8000/en/concerts/evening/" in description


@pytest.mark.parametrize(
    "status,ics_status,prefix",
    [("on_sale", "CONFIRMED", ""), ("sold_out", "CONFIRMED", ""), ("cancelled", "CANCELLED", "Cancelled: "),
     ("postponed", "TENTATIVE", "Postponed: ")],
)
def test_status_in_calendar(client, status, ics_status, prefix):
    concert = make_concert(title="Recital", status=status)
    event = events_by_uid(feed(client).content)[f"concert-{concert.pk}@127.0.0.1"]
    assert event["STATUS"] == ics_status
    assert str(event["SUMMARY"]) == prefix + "Recital"


def test_uid_is_stable_and_sequence_grows_across_edits(client):
    concert = make_concert(slug="first-slug")
    uid = f"concert-{concert.pk}@127.0.0.1"
    assert events_by_uid(feed(client).content)[uid]["SEQUENCE"] == 0
    concert = Concert.objects.get(pk=concert.pk)
    concert.slug, concert.title = "second-slug", "Renamed"
    concert.save()
    event = events_by_uid(feed(client).content)[uid]  # the cached feed is not served after an edit
    assert event["SEQUENCE"] == 1 and str(event["SUMMARY"]) == "Renamed"
    assert str(event["URL"]).endswith("/en/concerts/second-slug/")


def test_uid_and_links_come_from_site_url_not_the_request(client, settings):
    settings.SITE_URL = "https://kalmurzaeva.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    concert = make_concert(slug="evening")
    content = client.get("/concerts/calendar.ics", HTTP_HOST="internal-proxy.local").content
    event = events_by_uid(content)[f"concert-{concert.pk}@kalmurzaeva.example.org"]
    assert str(event["URL"]) == "https://kalmurzaeva.example.org/en/concerts/evening/"
    assert b"internal-proxy" not in content


def test_stored_events_are_made_again_when_site_url_changes(client, settings):
    concert = make_concert(slug="evening")  # stored with the default SITE_URL
    settings.SITE_URL = "https://kalmurzaeva.example.org"
    event = events_by_uid(feed(client).content)[f"concert-{concert.pk}@kalmurzaeva.example.org"]
    assert str(event["URL"]) == "https://kalmurzaeva.example.org/en/concerts/evening/"
    assert "kalmurzaeva.example.org/en/concerts/evening/" in CalendarEntry.objects.get(concert=concert, language="en").vevent


def test_per_concert_download(client, carnegie):
    concert = make_concert(venue=carnegie, slug="evening", local=local(2030, 1, 10, 20, 0))
    make_concert(venue=carnegie)  # not in the download
    response = client.get(reverse("concerts:concert_calendar", kwargs={"slug": "evening"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evening.ics"'
    cal = calendar(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"concert-{concert.pk}@127.0.0.1"]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal


def test_concert_page_links_to_its_calendar_file(client):
    concert = make_concert(slug="evening")
    html = client.get(concert.get_absolute_url()).content.decode()
    assert 'href="/en/concerts/evening/calendar.ics"' in html and "Add to calendar" in html


@pytest.mark.parametrize("slug", ["no-such-concert", "draft"])
def test_download_of_unknown_or_unpublished_concert_is_404(client, slug):
    make_concert(slug="draft", is_published=False)
    assert client.get(f"/en/concerts/{slug}/calendar.ics").status_code == 404


def test_feed_has_past_and_upcoming_published_concerts_only(client):
    now = timezone.now()
    past = make_concert(starts_at=now - timedelta(days=10))
    upcoming = make_concert(starts_at=now + timedelta(days=10))
    draft = make_concert(is_published=False)
    uids = set(events_by_uid(feed(client).content))
    assert {f"concert-{c.pk}@127.0.0.1" for c in (past, upcoming)} == uids
    assert f"concert-{draft.pk}@127.0.0.1" not in uids


def test_filtered_feeds_by_city_country_and_venue(client, carnegie):
    moscow = make_venue(city="Moscow", country="RU", slug="great-hall")
    in_ny = make_concert(venue=carnegie)
    in_moscow = make_concert(venue=moscow)
    uid = lambda c: f"concert-{c.pk}@127.0.0.1"  # noqa: E731

    assert set(events_by_uid(feed(client, "?city=Moscow").content)) == {uid(in_moscow)}
    assert set(events_by_uid(feed(client, "?city=new+york").content)) == {uid(in_ny)}
    assert set(events_by_uid(feed(client, "?country=Russia").content)) == {uid(in_moscow)}
    assert set(events_by_uid(feed(client, "?venue=great-hall").content)) == {uid(in_moscow)}
    named = calendar(feed(client, "?city=Moscow").content)
    assert "Moscow" in str(named["X-WR-CALNAME"])


@pytest.mark.parametrize("query", ["?city=Atlantis", "?country=%00", "?venue=not a slug", "?year=abc", "?year=-5"])
def test_unknown_filter_values_give_an_empty_calendar(client, query):
    make_concert()
    cal = calendar(feed(client, query).content)
    assert cal.walk("VEVENT") == []


def test_rescheduled_concert_points_to_the_new_date_in_its_description(client, carnegie):
    old = make_concert(venue=carnegie, local=local(2030, 1, 10, 20, 0))
    new = make_concert(venue=carnegie, local=local(2030, 7, 10, 20, 0), slug="new-date")
    reschedule(old, new)
    events = events_by_uid(feed(client).content)
    old_event = events[f"concert-{old.pk}@127.0.0.1"]
    assert old_event["STATUS"] == "CANCELLED"
    assert old_event["DTSTART"].dt == datetime(2030, 1, 10, 20, 0, tzinfo=NEW_YORK)
    assert "http://127.0.0.1:8000/en/concerts/new-date/" in str(old_event["DESCRIPTION"])
    assert events[f"concert-{new.pk}@127.0.0.1"]["STATUS"] == "CONFIRMED"


def _bulk(count):
    venues = [make_venue(timezone=tz) for tz in ("Europe/Moscow", "America/New_York", "Asia/Tokyo")]
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"Concert {i}", slug=f"bulk-{i}", venue=venues[i % 3], is_published=True,
                starts_at=now + timedelta(days=i - count // 2))
        for i in range(count)
    )


@pytest.mark.parametrize("count", [3, 300])
def test_feed_query_count_is_constant(client, django_assert_max_num_queries, count):
    _bulk(count)
    refresh_entries(Concert.objects.all())  # what saving each concert does
    with django_assert_max_num_queries(2):  # the stored events (one query), with room to spare
        content = feed(client).content
    assert len(calendar(content).walk("VEVENT")) == count
    with django_assert_max_num_queries(1):  # unchanged: served from the cache after one aggregate query
        assert feed(client).content == content


@pytest.mark.parametrize("count", [3, 300])
def test_events_written_behind_saves_back_are_made_once_in_constant_queries(client, django_assert_max_num_queries, count):
    _bulk(count)  # bulk_create: no stored entries
    assert not CalendarEntry.objects.exists()
    # stored events + the concerts to serialise + one upsert, inside a savepoint
    with django_assert_max_num_queries(6):
        content = feed(client).content
    assert len(calendar(content).walk("VEVENT")) == count
    assert CalendarEntry.objects.count() == count  # the feed's language only; the other is made when asked for
    entry = CalendarEntry.objects.get(concert__slug="bulk-1", language="en")
    assert f"concert-{entry.concert_id}@127.0.0.1" in entry.vevent


@pytest.mark.parametrize("count", [3, 300])
def test_download_query_count_is_constant(client, django_assert_max_num_queries, count):
    _bulk(count)
    refresh_entries(Concert.objects.all())
    with django_assert_max_num_queries(1):
        assert client.get("/en/concerts/bulk-1/calendar.ics").status_code == 200


def test_saving_a_concert_stores_its_calendar_entry(carnegie):
    concert = make_concert(venue=carnegie, title="First title")
    assert "SUMMARY:First title" in CalendarEntry.objects.get(concert=concert, language="en").vevent
    concert = Concert.objects.get(pk=concert.pk)
    concert.title = "Second title"
    concert.save()
    entry = CalendarEntry.objects.get(concert=concert, language="en")
    assert "SUMMARY:Second title" in entry.vevent and "SEQUENCE:1" in entry.vevent


def test_venue_edit_restores_the_entries_that_name_it(carnegie):
    moved_away = make_concert(venue=make_venue(name="Old Hall", timezone="Europe/Moscow"))
    there = make_concert(venue=carnegie)
    reschedule(moved_away, there)
    carnegie.name = "Carnegie Hall, Stern Auditorium"
    carnegie.save()
    assert "LOCATION:Carnegie Hall\\, Stern Auditorium" in CalendarEntry.objects.get(concert=there, language="en").vevent
    # The moved concert's description names the new date's venue.
    moved_text = CalendarEntry.objects.get(concert=moved_away, language="en").vevent.replace("\r\n ", "")
    assert "at Carnegie Hall\\, Stern Auditorium" in moved_text


def test_editing_the_new_date_restores_the_moved_concerts_entry(client, carnegie):
    old = make_concert(venue=carnegie, local=local(2030, 1, 10, 20, 0))
    new = make_concert(venue=carnegie, local=local(2030, 7, 10, 20, 0), slug="new-date")
    reschedule(old, new)
    new = Concert.objects.get(pk=new.pk)
    new.slug = "newer-date"
    new.save()
    text = CalendarEntry.objects.get(concert=old, language="en").vevent.replace("\r\n ", "")
    assert "/en/concerts/newer-date/" in text and "/en/concerts/new-date/" not in text


def test_update_behind_saves_back_is_not_served_stale(client):
    concert = make_concert(title="Before")
    Concert.objects.filter(pk=concert.pk).update(title="After", updated_at=timezone.now())
    event = events_by_uid(feed(client).content)[f"concert-{concert.pk}@127.0.0.1"]
    assert str(event["SUMMARY"]) == "After"
    assert "SUMMARY:After" in CalendarEntry.objects.get(concert=concert, language="en").vevent


def test_a_new_output_format_remakes_stored_events(client, monkeypatch):
    concert = make_concert(title="Recital")
    uid = f"concert-{concert.pk}@127.0.0.1"
    older = f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:older code's text\r\nEND:VEVENT\r\n"
    CalendarEntry.objects.filter(concert=concert, language="en").update(vevent=older)
    assert str(events_by_uid(feed(client).content)[uid]["SUMMARY"]) == "older code's text"  # stored text is served
    monkeypatch.setattr("concerts.calendars.FORMAT_VERSION", FORMAT_VERSION + 1)
    cache.clear()  # the whole-page cache keeps the served response for a while, whatever the code
    assert str(events_by_uid(feed(client).content)[uid]["SUMMARY"]) == "Recital"


@contextmanager
def database_refusing_writes():
    """The test's database connection refuses every write inside the block: a real refusal by the
    database, as from a read-only replica or a locked SQLite file."""
    if connection.vendor == "postgresql":
        with transaction.atomic():  # a savepoint: rolling it back ends the read-only mode again
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")  # allowed mid-transaction (read-write is not)
            yield
            transaction.set_rollback(True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


def test_feed_is_served_when_entries_cannot_be_stored(client):
    _bulk(5)
    with database_refusing_writes():
        content = feed(client).content
        assert not CalendarEntry.objects.exists()
    assert len(calendar(content).walk("VEVENT")) == 5


def test_refresh_calendar_command_stores_only_what_is_missing_or_outdated():
    _bulk(12)
    out = io.StringIO()
    call_command("refresh_calendar", stdout=out)
    # One entry per concert and language.
    languages = len(settings.LANGUAGES)
    assert out.getvalue().startswith(f"Stored {12 * languages} calendar entries")
    assert CalendarEntry.objects.count() == 12 * languages
    Concert.objects.filter(slug="bulk-3").update(title="Changed", updated_at=timezone.now())
    out = io.StringIO()
    call_command("refresh_calendar", stdout=out)
    assert out.getvalue().startswith(f"Stored {languages} calendar entries")
    assert "SUMMARY:Changed" in CalendarEntry.objects.get(concert__slug="bulk-3", language="en").vevent


def test_subscribed_calendar_keeps_a_year_of_the_past_and_the_archive_keeps_everything(client, settings):
    now = timezone.now()
    old = make_concert(starts_at=now - timedelta(days=settings.CALENDAR_PAST_DAYS + 1))
    recent = make_concert(starts_at=now - timedelta(days=settings.CALENDAR_PAST_DAYS - 1))
    upcoming = make_concert(starts_at=now + timedelta(days=10))
    uid = lambda c: f"concert-{c.pk}@127.0.0.1"  # noqa: E731

    assert set(events_by_uid(feed(client).content)) == {uid(recent), uid(upcoming)}

    archive = client.get(reverse("concerts:calendar_archive"))
    assert archive.status_code == 200 and archive["Content-Type"].startswith("text/calendar")
    assert archive["Content-Disposition"] == 'attachment; filename="concerts-archive.ics"'
    assert set(events_by_uid(archive.content)) == {uid(old), uid(recent), uid(upcoming)}
    filtered = client.get(reverse("concerts:calendar_archive") + f"?venue={old.venue.slug}")
    assert set(events_by_uid(filtered.content)) == {uid(old)}


def test_subscribed_calendar_holds_a_bounded_number_of_the_next_and_latest_concerts(client, settings):
    """A season announced years ahead, or a busy past year, cannot make the subscribed feed grow without
    bound: it keeps the soonest upcoming and the latest past concerts, counted after the filters."""
    settings.CALENDAR_MAX_UPCOMING = 3
    settings.CALENDAR_MAX_PAST = 2
    now = timezone.now()
    vienna = make_venue(name="Musikverein", city="Vienna", timezone="Europe/Vienna")
    upcoming = [make_concert(starts_at=now + timedelta(days=days)) for days in (40, 10, 30, 20, 50)]
    past = [make_concert(starts_at=now - timedelta(days=days)) for days in (30, 10, 20)]
    in_vienna = [make_concert(venue=vienna, starts_at=now + timedelta(days=days)) for days in (60, 70)]
    uid = lambda c: f"concert-{c.pk}@127.0.0.1"  # noqa: E731

    subscribed = set(events_by_uid(feed(client).content))
    assert subscribed == {uid(c) for c in (upcoming[1], upcoming[3], upcoming[2], past[1], past[2])}
    # A city's calendar: that city's next concerts, though every one is later than the whole site's first three.
    assert set(events_by_uid(feed(client, "?city=Vienna").content)) == {uid(c) for c in in_vienna}
    # The archive download keeps every one.
    archive = client.get(reverse("concerts:calendar_archive"))
    assert len(events_by_uid(archive.content)) == len(upcoming) + len(past) + len(in_vienna)


def test_the_archive_download_is_offered_on_the_past_listing(client):
    make_concert(starts_at=timezone.now() - timedelta(days=3))
    assert reverse("concerts:calendar_archive") in client.get(reverse("concerts:past")).content.decode()
    assert reverse("concerts:calendar_archive") not in client.get(reverse("concerts:upcoming")).content.decode()
