"""The concert changelist's bulk actions (concerts/admin.py, concerts/services.py): a fixed number of
queries however many concerts are selected, and per concert what a save would do."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from concerts.models import CalendarEntry, Collaborator, Concert, PreviousAddress, ProgrammeItem
from fansite.caching import content_version
from tests.factories import make_collaborator, make_concert, make_programme, make_venue, make_ticket_link

CHANGELIST = reverse("admin:concerts_concert_changelist")
ACTIONS = ["mark_sold_out", "mark_cancelled", "mark_postponed", "duplicate_concerts"]


def _run(editor, action, concerts):
    response = editor.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in concerts]})
    assert response.status_code == 302
    return response


def _concerts(count):
    venue = make_venue()
    concerts = []
    for _ in range(count):
        concert = make_concert(venue=venue, title="Recital")
        make_programme(concert, ("Bach", "Chaconne"), ("Ysaÿe", "Sonata No. 3"))
        make_collaborator(concert, "Pianist", Collaborator.Role.PIANIST)
        concerts.append(concert)
    return concerts


# The admin's own queries (session, user, the changelist's selection) and the action's, whatever the
# selection. Before (same data, SQLite): a status change took 79 queries for 10 rows and 709 for 100; a
# duplicate 344 and 7,859 (copies of concerts with the same title and date probed address after address).
# (Ticket links add their reads and, for a duplicate, one insert.)
MAX_QUERIES = {"mark_sold_out": 20, "mark_cancelled": 20, "mark_postponed": 20, "duplicate_concerts": 32}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("count", [10, 100])
def test_bulk_action_query_count_does_not_grow_with_the_selection(editor, django_assert_max_num_queries, action, count):
    concerts = _concerts(count)
    with django_assert_max_num_queries(MAX_QUERIES[action]):
        _run(editor, action, concerts)
    if action == "duplicate_concerts":
        assert Concert.objects.count() == 2 * count
        assert ProgrammeItem.objects.count() == 4 * count and Collaborator.objects.count() == 2 * count
    else:
        assert Concert.objects.filter(status=Concert.Status(action.removeprefix("mark_"))).count() == count


def test_status_action_changes_what_a_save_would(editor, django_user_model):
    user = django_user_model.objects.get(username="editor")
    venue = make_venue()
    new_date = make_concert(venue=venue)
    moved = make_concert(venue=venue, status=Concert.Status.RESCHEDULED, rescheduled_to=new_date)
    on_sale = make_concert(venue=venue)
    already = make_concert(venue=venue, status=Concert.Status.CANCELLED)
    unstamped = make_concert(venue=venue)
    Concert.objects.filter(pk=unstamped.pk).update(first_published_at=None)
    before = {c.pk: (c.sequence, c.history.count()) for c in Concert.objects.all()}
    version = content_version()

    _run(editor, "mark_cancelled", [moved, on_sale, already, unstamped])

    rows = Concert.objects.in_bulk()
    for concert in (moved, on_sale, unstamped):
        row = rows[concert.pk]
        assert row.status == Concert.Status.CANCELLED and row.rescheduled_to_id is None
        assert row.sequence == before[concert.pk][0] + 1
        assert row.history.count() == before[concert.pk][1] + 1
        latest = row.history.first()
        assert latest.history_type == "~" and latest.status == "cancelled" and latest.history_user == user
        assert latest.sequence == row.sequence
    # Nothing changed: no new revision for calendars, no history entry.
    assert (rows[already.pk].sequence, rows[already.pk].history.count()) == before[already.pk]
    assert rows[new_date.pk].sequence == before[new_date.pk][0]
    assert rows[unstamped.pk].first_published_at is not None
    # The calendar entry is current (its revision names the new SEQUENCE), and cached pages are retired.
    for concert in (moved, on_sale):
        assert "STATUS:CANCELLED" in CalendarEntry.objects.get(concert=concert, language="en").vevent
    assert content_version() != version


def test_cached_concert_page_shows_the_cancellation_after_the_action(editor):
    concert = make_concert(title="Spring recital")
    visitor = Client()
    assert "This concert has been cancelled" not in visitor.get(concert.get_absolute_url()).content.decode()
    _run(editor, "mark_cancelled", [concert])
    assert "This concert has been cancelled" in visitor.get(concert.get_absolute_url()).content.decode()


def test_duplicate_action_makes_unique_addresses_and_records_history(editor):
    venue = make_venue()
    first = make_concert(venue=venue, title="Recital", slug="recital-a")
    second = make_concert(venue=venue, title="Recital", slug="recital-b", starts_at=first.starts_at)
    make_programme(first, ("Bach", "Chaconne"))
    make_collaborator(first, "Pianist", Collaborator.Role.PIANIST)
    make_ticket_link(first, seller="Friends", kind="members", url="https://tickets.example.com/friends", order=1)
    day = f"{first.local_starts_at + timedelta(weeks=1):%Y-%m-%d}"
    PreviousAddress.objects.create(concert=first, slug=f"recital-{day}")
    version = content_version()

    _run(editor, "duplicate_concerts", [first, second])

    copies = list(Concert.objects.exclude(pk__in=[first.pk, second.pk]).order_by("slug"))
    assert [c.slug for c in copies] == [f"recital-{day}-2", f"recital-{day}-3"]
    for copy in copies:
        assert copy.is_published is False and copy.first_published_at is None and copy.sequence == 0
        assert copy.starts_at == first.starts_at + timedelta(weeks=1)
        assert [h.history_type for h in copy.history.all()] == ["+"]
        assert CalendarEntry.objects.filter(concert=copy).count() == 2  # one per language
    copy = next(c for c in copies if c.programme.exists())
    assert [i.work.title for i in copy.programme.all()] == ["Chaconne"]
    assert copy.collaborators.get().name == "Pianist"
    assert [(link.seller, link.kind) for link in copy.ticket_links.all()] == [
        (link.seller, link.kind) for link in first.ticket_links.all()] and copy.ticket_links.count() == 2
    item = copy.programme.get()
    assert [h.history_type for h in item.history.all()] == ["+"]
    assert "chaconne" in copy.search_text and "pianist" in copy.search_text
    assert content_version() != version
