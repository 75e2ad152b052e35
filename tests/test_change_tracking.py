"""A concert or venue knows which of its fields changed since it was loaded or saved (fansite/change_tracking.py)."""

import pytest

from concerts.models import Concert, Venue
from tests.factories import make_concert, make_venue

pytestmark = pytest.mark.django_db


def test_a_loaded_concert_has_no_changes_until_a_field_changes():
    concert = Concert.objects.get(pk=make_concert(title="Recital").pk)
    assert concert.tracker.changed() == {}
    concert.title = "Recital in Vienna"
    assert concert.tracker.changed() == {"title": "Recital"}
    assert concert.tracker.has_changed("title") and concert.tracker.previous("title") == "Recital"


def test_after_save_the_saved_values_are_the_previous_ones():
    concert = Concert.objects.get(pk=make_concert(title="Recital").pk)
    concert.title = "Recital in Vienna"
    concert.save()
    assert concert.tracker.changed() == {} and concert.tracker.previous("title") == "Recital in Vienna"
    assert Concert.objects.get(pk=concert.pk).sequence == 1


def test_bookkeeping_fields_are_not_changes():
    concert = Concert.objects.get(pk=make_concert().pk)
    concert.sequence = 7
    concert.renditions = {"x": 1}
    assert not concert.has_changes
    concert.save()
    assert Concert.objects.get(pk=concert.pk).sequence == 7  # an unchanged save is no revision


def test_a_deferred_field_not_loaded_is_not_a_change():
    concert = Concert.objects.only("pk", "title").get(pk=make_concert(title="Recital").pk)
    assert concert.tracker.changed() == {}
    concert.title = "Other"
    assert set(concert.tracker.changed()) == {"title"}


def test_refresh_from_db_takes_the_stored_values_as_the_previous_ones():
    concert = Concert.objects.get(pk=make_concert(title="Recital").pk)
    Concert.objects.filter(pk=concert.pk).update(title="Changed elsewhere")
    concert.refresh_from_db()
    assert concert.tracker.changed() == {}


def test_a_venue_tracks_only_what_its_concerts_events_show():
    venue = Venue.objects.get(pk=make_venue(name="Hall").pk)
    venue.website = "https://example.org/"
    assert venue.tracker.changed() == {}
    venue.name = "Great Hall"
    assert venue.tracker.changed() == {"name": "Hall"}


def test_a_new_row_has_no_previous_values():
    concert = Concert(title="New")
    assert concert.tracker.previous("title") is None and concert.tracker.has_changed("title")


def test_a_per_language_column_counts_as_its_field_and_an_empty_translation_is_no_change():
    concert = Concert.objects.get(pk=make_concert(title="Recital").pk)
    concert.title_ru = "Сольный концерт"
    assert set(concert.tracker.changed()) == {"title"}
    concert = Concert.objects.get(pk=concert.pk)
    assert concert.description_ru in (None, "")
    concert.description_ru = "" if concert.description_ru is None else None  # what a form writes for "empty"
    assert concert.tracker.changed() == {}
