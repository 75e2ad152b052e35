"""Tours, festivals and season cycles: the series page, its feeds, filters by series and by season, JSON-LD,
the sitemap and the admin."""

import re
from datetime import datetime, timedelta
from html import unescape

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from concerts.models import Concert, Series
from concerts.timezones import get_zone
from tests.factories import make_concert, make_series, make_venue
from tests.parsing import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def tour():
    return make_series(name="Winter Tour", name_ru="Зимнее турне", slug="winter-tour", description="Five cities.")


def titles(response):
    """The concerts' titles, in the order the listing's rows show them (on PostgreSQL the view's rows are
    their keys only: `Concert.objects.row_keys`)."""
    return [unescape(title) for title in re.findall(r'<h3 class="concert-row__title"><a [^>]*>(.*?)</a>',
                                                    response.content.decode())]


def test_series_page_lists_upcoming_soonest_first_then_past_latest_first(client, tour):
    now = timezone.now()
    for days in (-20, 40, -5, 10):
        make_concert(series=tour, title=f"Day {days}", starts_at=now + timedelta(days=days))
    make_concert(series=tour, title="Draft", is_published=False, starts_at=now + timedelta(days=3))
    make_concert(title="Elsewhere", starts_at=now + timedelta(days=4))

    response = client.get(tour.get_absolute_url())

    assert response.status_code == 200
    assert titles(response) == ["Day 10", "Day 40", "Day -5", "Day -20"]
    html = response.content.decode()
    html = html[html.index('id="series-concerts"'):]
    assert html.index(">Upcoming<") < html.index("Day 10") < html.index(">Past<") < html.index("Day -5")
    assert response.context["series"].first_starts_at < response.context["series"].last_starts_at  # from concerts


def test_unknown_series_and_series_without_published_concerts_are_404(client, tour):
    make_concert(series=tour, is_published=False)
    assert client.get("/en/concerts/series/no-such-tour/").status_code == 404
    assert client.get(tour.get_absolute_url()).status_code == 404
    assert client.get(tour.get_calendar_url()).status_code == 404
    assert client.get(tour.get_feed_url()).status_code == 404


@pytest.mark.parametrize("count", [3, 300])
def test_series_pages_query_count_is_constant(client, tour, count, django_assert_max_num_queries):
    venue = make_venue()
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"Stop {i}", slug=f"stop-{i}", venue=venue, series=tour, is_published=True,
                starts_at=now + timedelta(days=i - count // 2))
        for i in range(count)
    )
    # the series (with its dates), one page of concerts, their programmes and performers
    with django_assert_max_num_queries(4):
        assert client.get(tour.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):  # the second page (past the end: a 404, as on the other listings)
        assert client.get(tour.get_absolute_url() + "?page=2").status_code == (200 if count > 20 else 404)
    with django_assert_max_num_queries(1):
        assert client.get(reverse("concerts:series_list")).status_code == 200


def test_series_list_links_each_public_series_with_its_dates(client, tour):
    hidden = make_series(name="Not yet announced")
    make_concert(series=hidden, is_published=False)
    make_concert(series=tour, local=datetime(2030, 1, 10, 19, 0))
    make_concert(series=tour, local=datetime(2030, 2, 20, 19, 0))
    html = client.get("/en/concerts/series/").content.decode()
    assert tour.get_absolute_url() in html and "10 January 2030 – 20 February 2030" in html
    assert "Not yet announced" not in html
    assert "Зимнее турне" in client.get("/ru/concerts/series/").content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans: tests/test_query_plans.py")
def test_a_series_first_and_last_concerts_are_read_from_its_own_published_concerts_in_order(tour):
    """SQLite has no statistics, so its choice of index does not depend on the rows: with the series key's
    index alone it took the published concerts' start-order index for "the series' first concert" and
    walked every published concert to find one of the series' (25 ms of the tours' list at 10,000
    concerts). Each of the tours list's lookups of a series' concerts must read the series' own range."""
    make_concert(series=tour, starts_at=timezone.now() + timedelta(days=3))
    queryset = Series.objects.public().with_dates()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    lookups = [step for step in steps if "concerts_concert" in step or " U0 " in step]
    assert len(lookups) == 5, steps  # the public() check, then first and last start and zone
    assert all("USING INDEX concert_public_series_start (series_id=?)" in step for step in lookups), steps
    assert [series.first_starts_at for series in queryset] == [tour.concerts.get().starts_at]


def test_series_dates_are_the_days_of_its_concerts_where_they_take_place(client, tour, editor):
    """A tour ending with a New York concert at 20:00 on 31 October ends on 31 October (1 November in UTC);
    one starting in Tokyo at 09:00 on 1 October starts on 1 October (30 September in UTC)."""
    tokyo = make_venue(name="Suntory Hall", city="Tokyo", country="JP", timezone="Asia/Tokyo")
    new_york = make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")
    make_concert(series=tour, venue=tokyo, local=datetime(2030, 10, 1, 9, 0))
    make_concert(series=tour, venue=new_york, local=datetime(2030, 10, 31, 20, 0))
    assert "1 October 2030 – 31 October 2030" in client.get(tour.get_absolute_url()).content.decode()
    assert "1 October 2030 – 31 October 2030" in client.get("/en/concerts/series/").content.decode()
    assert "1 Oct 2030 – 31 Oct 2030" in editor.get(reverse("admin:concerts_series_changelist")).content.decode()
    data = json_ld(client.get(tour.get_absolute_url()).content.decode(), "EventSeries")
    assert (data["startDate"], data["endDate"]) == ("2030-10-01T09:00:00+09:00", "2030-10-31T20:00:00-04:00")


def test_concert_page_links_its_series_and_json_ld_names_the_super_event(client, tour):
    concert = make_concert(series=tour)
    html = client.get(concert.get_absolute_url()).content.decode()
    assert f'href="{tour.get_absolute_url()}"' in html
    event = json_ld(html, "MusicEvent")
    assert event["superEvent"] == {"@type": "EventSeries", "name": "Winter Tour",
                                   "url": "http://127.0.0.1:8000/en/concerts/series/winter-tour/"}


def test_series_json_ld_lists_its_concerts_as_sub_events(client, tour):
    first, second = make_concert(series=tour, title="First"), make_concert(series=tour, title="Second")
    data = json_ld(client.get(tour.get_absolute_url()).content.decode(), "EventSeries")
    assert [event["name"] for event in data["subEvent"]] == ["First", "Second"]
    assert data["subEvent"][0]["startDate"] == first.local_starts_at.isoformat()
    assert data["startDate"] and data["endDate"]


def test_series_calendar_and_atom_feed_hold_only_its_concerts(client, tour):
    mine = make_concert(series=tour, title="On tour")
    make_concert(title="Not on tour")
    response = client.get(tour.get_calendar_url())
    assert response["Content-Type"].startswith("text/calendar")
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["On tour"]

    feed = feedparser.parse(client.get(tour.get_feed_url()).content)
    assert not feed.bozo
    assert [entry.link for entry in feed.entries] == [f"http://127.0.0.1:8000{mine.get_absolute_url()}"]
    assert "Winter Tour" in feed.feed.title


def test_listings_filter_by_series_and_junk_never_fails(client, tour):
    make_concert(series=tour, title="On tour")
    make_concert(title="Not on tour")
    assert titles(client.get("/en/concerts/?series=winter-tour")) == ["On tour"]
    for junk in ("no-such-tour", "not a slug", "%00", "x" * 3000):
        response = client.get(f"/en/concerts/?series={junk}")
        assert response.status_code == 200 and titles(response) == []
    past = client.get("/en/concerts/past/").content.decode()
    assert 'name="series"' not in past  # no past concert belongs to a series: no empty box


def test_archive_offers_seasons_september_to_august_in_the_venues_zone(client):
    new_york = make_venue(city="New York", country="US", timezone="America/New_York")
    ny = get_zone("America/New_York")
    # 20:00 on 31 August in New York is already 1 September in UTC: it still ends the 2024-25 season.
    make_concert(venue=new_york, title="Summer's end", starts_at=datetime(2025, 8, 31, 20, 0, tzinfo=ny))
    make_concert(venue=new_york, title="Opening night", starts_at=datetime(2025, 9, 1, 19, 0, tzinfo=ny))
    make_concert(venue=new_york, title="Spring", starts_at=datetime(2026, 4, 1, 19, 0, tzinfo=ny))

    html = client.get("/en/concerts/past/").content.decode()
    assert '<label for="id_season">Season</label>' in html
    assert '<option value="2025-26">2025-26</option>' in html and '<option value="2024-25">2024-25</option>' in html
    assert titles(client.get("/en/concerts/past/?season=2025-26")) == ["Spring", "Opening night"]
    assert titles(client.get("/en/concerts/past/?season=2024-25")) == ["Summer's end"]
    for junk in ("2025-27", "2025", "abcd-ef", "1850-51", "9999-00", "%00", "２０２５-２６"):
        response = client.get(f"/en/concerts/past/?season={junk}")
        assert response.status_code == 200 and titles(response) == []


def test_sitemap_lists_public_series_and_their_list(client, tour):
    make_concert(series=tour)
    make_series(slug="secret")
    body = client.get("/sitemap-series.xml").content.decode()
    assert "/en/concerts/series/winter-tour/" in body and "/en/concerts/series/</loc>" in body
    assert "/secret/" not in body


def test_admin_filters_concerts_by_series_and_series_show_their_dates(editor, tour):
    make_concert(series=tour, title="On tour", local=datetime(2030, 1, 10, 19, 0))
    make_concert(title="Not on tour")
    changelist = editor.get(reverse("admin:concerts_concert_changelist") + f"?series__id__exact={tour.pk}")
    assert [c.title for c in changelist.context["cl"].result_list] == ["On tour"]
    series_list = editor.get(reverse("admin:concerts_series_changelist")).content.decode()
    assert "10 Jan 2030" in series_list


def test_series_admin_needs_its_permissions(client, django_user_model, tour):
    user = django_user_model.objects.create_user("viewer", password="a-long-enough-password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_series"))
    client.force_login(user)
    change = reverse("admin:concerts_series_change", args=[tour.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"name_en": "Renamed", "slug": "winter-tour", "kind": "tour"}).status_code == 403
    assert client.get(reverse("admin:concerts_series_add")).status_code == 403
    tour.refresh_from_db()
    assert tour.name == "Winter Tour"


def test_demo_has_a_tour_with_its_concerts(client):
    from django.core.management import call_command
    import io

    call_command("load_demo", stdout=io.StringIO())
    series = Series.objects.get(slug="moscow-season")
    assert series.concerts.count() == 3
    assert client.get(series.get_absolute_url()).status_code == 200
