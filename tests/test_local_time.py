"""Times are entered, stored and shown so that a concert at 19:30 in Moscow reads 19:30 Moscow time."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from concerts.models import Concert
from tests.factories import local, make_concert, make_venue

pytestmark = pytest.mark.django_db


def test_moscow_concert_shows_1930_moscow_time_and_is_stored_in_utc(client):
    moscow = make_venue(timezone="Europe/Moscow", city="Moscow")
    concert = make_concert(venue=moscow, local=local(2030, 3, 14, 19, 30), slug="moscow-1930")

    stored = Concert.objects.get(pk=concert.pk).starts_at
    assert stored == datetime(2030, 3, 14, 16, 30, tzinfo=UTC)

    for url in ("/en/concerts/", concert.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Thursday 14 March 2030, 19:30" in html
        assert "Moscow time" in html
        assert 'datetime="2030-03-14T19:30:00+03:00"' in html


def test_new_york_time_follows_daylight_saving(client):
    ny = make_venue(timezone="America/New_York", city="New York")
    winter = make_concert(venue=ny, local=local(2030, 1, 10, 20, 0))
    summer = make_concert(venue=ny, local=local(2030, 7, 10, 20, 0))

    assert winter.starts_at.astimezone(UTC).hour == 1  # 20:00 EST = 01:00 UTC next day
    assert summer.starts_at.astimezone(UTC).hour == 0  # 20:00 EDT = 00:00 UTC next day
    html = client.get("/en/concerts/").content.decode()
    assert 'datetime="2030-01-10T20:00:00-05:00"' in html
    assert 'datetime="2030-07-10T20:00:00-04:00"' in html
    assert html.count("20:00</time>") == 2


def test_past_and_upcoming_split_around_now(client):
    now = timezone.now()
    just_past = make_concert(title="Just past", starts_at=now - timedelta(minutes=1))
    just_ahead = make_concert(title="Just ahead", starts_at=now + timedelta(minutes=1))
    older = make_concert(title="Older", starts_at=now - timedelta(days=100))

    upcoming = client.get("/en/concerts/").context["concerts"]
    past = client.get("/en/concerts/past/").context["concerts"]

    assert [concert.pk for concert in upcoming] == [just_ahead.pk]
    assert [concert.pk for concert in past] == [just_past.pk, older.pk]  # newest first


def test_past_concerts_are_paginated(client, settings):
    venue = make_venue()
    for i in range(settings.CONCERTS_PER_PAGE + 5):
        make_concert(venue=venue, starts_at=timezone.now() - timedelta(days=i + 1))
    first = client.get("/en/concerts/past/")
    second = client.get("/en/concerts/past/?page=2")
    assert len(first.context["concerts"]) == settings.CONCERTS_PER_PAGE
    assert len(second.context["concerts"]) == 5
    assert 'rel="next"' in first.content.decode()


def test_past_on_sale_concert_reads_performed_not_on_sale(client):
    concert = make_concert(starts_at=timezone.now() - timedelta(days=3))
    html = client.get(concert.get_absolute_url()).content.decode()
    assert "Performed" in html and "On sale" not in html
    assert "Buy tickets" not in html


def test_upcoming_concerts_are_paginated_soonest_first(client, settings):
    venue = make_venue()
    for i in range(settings.CONCERTS_PER_PAGE + 3):
        make_concert(venue=venue, starts_at=timezone.now() + timedelta(days=i + 1))
    first = client.get("/en/concerts/")
    second = client.get("/en/concerts/?page=2")
    assert len(first.context["concerts"]) == settings.CONCERTS_PER_PAGE
    assert len(second.context["concerts"]) == 3
    assert first.context["concerts"][0].starts_at < second.context["concerts"][0].starts_at
    assert "Later →" in first.content.decode()
    assert client.get("/en/concerts/?page=99").status_code == 404
