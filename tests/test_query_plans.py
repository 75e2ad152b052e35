"""The public listings, the archive, a venue's concerts, the calendar and search read concerts through indexes, not by
scanning the table: EXPLAIN on PostgreSQL with enough real rows (and fresh statistics) for the planner to
choose as it would for a long career's archive (at 100,000 concerts the plans are the same)."""

import random
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerts.calendars import ENTRY_COLUMNS, with_entries
from concerts.models import Concert, ProgrammeItem, Venue
from concerts.pagination import RowsByKeyPaginator
from concerts.repertoire import refresh_entries
from concerts.search import NEAREST_ROWS, nearest_concerts, ordered_by_relevance, refresh_search_documents
from fansite.text_search import document_condition
from concerts.services import work_find_or_create

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="query plans are PostgreSQL's; SQLite has no planner statistics to prove them with"),
]

CONCERTS = 20_000
VENUES = 100


@pytest.fixture
def long_career():
    """20,000 concerts (2 % drafts) over twenty years at 100 venues, three works each; one composer in 1 %.
    Loading takes longer than a visitor's request may: the statement limits are lifted meanwhile."""
    deadline = connection.settings_dict.get("QUERY_DEADLINE", 0)
    connection.settings_dict["QUERY_DEADLINE"] = 0
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        return _load()
    finally:
        connection.settings_dict["QUERY_DEADLINE"] = deadline
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def _load():
    venues = Venue.objects.bulk_create(
        Venue(name=f"Hall {n}", slug=f"hall-{n}", city=f"City {n % 30}", country="RU", timezone="Europe/Moscow")
        for n in range(VENUES)
    )
    now, rng = timezone.now(), random.Random(18)
    concerts = Concert.objects.bulk_create(
        Concert(title=f"Recital {n}", slug=f"recital-{n}", venue=venues[n % VENUES], is_published=n % 50 != 0,
                starts_at=now + timedelta(days=rng.randint(-3650, 3650), hours=n % 24))
        for n in range(CONCERTS)
    )
    works = {(composer, i): work_find_or_create(composer=composer, title=f"Work {i}")
             for composer in ["Rarely Played", *(f"Composer {n}" for n in range(30))] for i in range(3)}
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(concert=c, order=i, work=works[
            ("Rarely Played" if c.pk % 100 == 0 and i == 0 else f"Composer {(c.pk + i) % 30}", i)])
        for c in concerts for i in range(3)
    )
    refresh_search_documents(Concert.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE concerts_concert, concerts_venue, concerts_programmeitem")
    return venues


def plans(venue):
    published = Concert.objects.published().for_listing()
    at_venue = Concert.objects.published().filter(venue=venue)
    # The walk that decides a common word's first results: whatever the word, the date index.
    nearest_upcoming, nearest_past = nearest_concerts("Composer 7", timezone.now())
    rare_upcoming, _rare_past = nearest_concerts("Rarely Played", timezone.now())
    return {
        "search, nearest upcoming concerts": nearest_upcoming[:NEAREST_ROWS],
        "search, nearest past concerts": nearest_past[:NEAREST_ROWS],
        "search for a rare name, nearest upcoming concerts": rare_upcoming[:NEAREST_ROWS],
        "upcoming listing, page 1": published.upcoming()[:21],
        # Pages after the first pick their rows by key first (concerts/pagination.py).
        "past archive, page 50": RowsByKeyPaginator(published.past(), 20).rows(980, 1001),
        "venue page, next concerts": at_venue.upcoming()[:21],
        "venue page, recent concerts": at_venue.past()[:10],
        # What the subscribable calendar reads: its window of next and recent concerts with their stored entries.
        "calendar.ics": with_entries(Concert.objects.published().in_calendar_window(), "en")
        .order_by("starts_at", "pk").values_list(*ENTRY_COLUMNS),
    }


def test_no_page_reads_the_whole_concerts_table(long_career):
    for name, queryset in plans(long_career[7]).items():
        plan = queryset.explain()
        assert "Seq Scan on concerts_concert" not in plan, f"{name}:\n{plan}"
        assert "concerts_concert" in plan, f"{name} did not read concerts at all:\n{plan}"


def test_search_can_be_answered_from_the_gin_index(long_career):
    """At 20,000 rows the planner may still find a scan of the table cheaper than the GIN index for a prefix
    query (at 100,000 it takes the index: a bitmap scan of `concert_search_vector`). So here sequential scans
    are priced out for this one query, and the plan must then use the index: the match is indexable. Without
    the index (or with a condition the index cannot answer) the plan would still scan the table."""
    published = Concert.objects.published().for_listing()
    queryset = ordered_by_relevance(published.filter(document_condition("Rarely Played")), "Rarely Played")[:20]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "concert_search_vector" in plan and "Seq Scan on concerts_concert" not in plan, plan


def test_a_works_page_and_its_count_read_the_programme_from_its_indexes(long_career):
    """The work's page walks published concerts in date order and asks the programme index whether each plays
    the work; the repertoire's count of the work reads its programme rows from an index (migration 0023)."""
    from concerts.models import Work
    from concerts.pagination import UpcomingThenPast
    from concerts.repertoire import WorkDetailView

    work = Work.objects.get(composer__name="Composer 7", title="Work 1")
    rows = WorkDetailView().concerts_with(work).published().for_rows()
    listing = UpcomingThenPast(rows, timezone.now(), whole_from_the_start=True)
    for part in (listing.upcoming[:21], listing.upcoming_rows[:21]):  # a later page's keys, the first page's rows
        plan = part.explain()
        assert "Index Only Scan using programme_concert_work" in plan, plan
        assert "Seq Scan on concerts_concert" not in plan and "Sort Method: external" not in plan, plan

    with CaptureQueriesContext(connection) as queries:
        refresh_entries([work.pk], timezone.now())
    figures = next(query["sql"] for query in queries if "COUNT(DISTINCT" in query["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {figures}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Its concerts are joined by key from whichever is cheaper: here the table, at 100,000 concerts once
    # vacuumed `concert_repertoire_columns` (an index-only scan, measured: 75 → 25 ms).
    assert "Seq Scan on concerts_programmeitem" not in plan and "programme_work_concert" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_the_archives_deep_pages_read_their_keys_from_an_index_alone(long_career):
    """A deep page of the past archive skips its first rows by key (concerts/pagination.py): they are read from
    `concert_published_start_keys` (Concert.Meta; migrations 0026 and 0029), in its order, with no visit to the table's rows for the
    publication window and no sort of each day's rows on their key. Once the table is vacuumed, as autovacuum
    keeps an archive that changes little: before, PostgreSQL cannot know the index alone would do (VACUUM
    cannot run in a test's transaction, hence a test whose rows are committed, then flushed)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE concerts_concert")
    keys = Concert.objects.published().past().values("pk")[980:1001]
    plan = keys.explain()
    assert "Index Only Scan Backward using concert_published_start_keys" in plan, plan
    assert "Sort" not in plan, plan
