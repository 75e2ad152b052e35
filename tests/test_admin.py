"""The editor's side: every model's add/change page, the local-time form, actions and the singleton rule."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse

from concerts.models import Collaborator, Concert, ProgrammeItem, Venue
from profiles.models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording
from tests.factories import english_fields, make_collaborator, make_concert, make_profile, make_programme, make_venue

pytestmark = pytest.mark.django_db


def _admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", [model for model in admin.site._registry if model._meta.app_label in {"profiles", "concerts"}])
def test_add_and_changelist_pages_render(editor, model):
    assert editor.get(_admin_url(model, "changelist")).status_code == 200
    if model is not ArtistProfile:
        assert editor.get(_admin_url(model, "add")).status_code == 200


def test_every_content_model_is_registered():
    registered = set(admin.site._registry)
    for model in (ArtistProfile, Award, Milestone, Photo, PressQuote, Recording, Venue, Concert):
        assert model in registered


def test_change_pages_render(editor):
    profile = make_profile()
    concert = make_concert()
    make_programme(concert, ("Bach", "Partita No. 2"))
    objects = [
        profile, concert, concert.venue,
        Milestone.objects.create(title="First violin"),
        Award.objects.create(name="Grammy Award"),
        PressQuote.objects.create(quote="Moves mountains", source="Critics"),
        Recording.objects.create(title="Album", slug="album"),
    ]
    for obj in objects:
        response = editor.get(_admin_url(type(obj), "change", obj.pk))
        assert response.status_code == 200, type(obj)
    assert "View on site" in editor.get(_admin_url(Concert, "change", concert.pk)).content.decode()


def test_profile_cannot_be_added_twice(editor):
    assert editor.get(_admin_url(ArtistProfile, "add")).status_code == 200
    make_profile()
    assert editor.get(_admin_url(ArtistProfile, "add")).status_code == 403


def test_database_refuses_a_second_profile():
    from django.db import IntegrityError, transaction

    make_profile()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtistProfile.objects.create(name="Someone else", short_bio="x", long_bio="x")


def test_second_profile_fails_validation():
    from django.core.exceptions import ValidationError

    make_profile()
    with pytest.raises(ValidationError):
        ArtistProfile(name="Other", short_bio="x", long_bio="x").full_clean()


def _concert_form(venue, **overrides):
    data = {
        "title": "Recital", "slug": "recital", "venue": venue.pk,
        "local_start_0": "2030-03-14", "local_start_1": "19:30",
        "is_published": "on", "status": "on_sale", "description": "",
        "ticket_links-TOTAL_FORMS": "0", "ticket_links-INITIAL_FORMS": "0",
        "programme-TOTAL_FORMS": "1", "programme-INITIAL_FORMS": "0",
        "programme-0-order": "1", "programme-0-composer_en": "Tchaikovsky", "programme-0-work_en": "Violin Concerto",
        "programme-0-catalogue_number": "Op. 35",
        "collaborators-TOTAL_FORMS": "0", "collaborators-INITIAL_FORMS": "0", "focal_x": "50", "focal_y": "50",
    }
    return english_fields({**data, **overrides})


def test_editor_enters_venue_local_time_and_utc_is_stored(editor):
    venue = make_venue(timezone="Europe/Moscow")
    response = editor.post(_admin_url(Concert, "add"), _concert_form(venue))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    concert = Concert.objects.get(slug="recital")
    assert concert.starts_at == datetime(2030, 3, 14, 16, 30, tzinfo=UTC)
    assert str(ProgrammeItem.objects.get(concert=concert)) == "Tchaikovsky: Violin Concerto, Op. 35"

    change_page = editor.get(_admin_url(Concert, "change", concert.pk)).content.decode()
    assert 'value="19:30:00"' in change_page or 'value="19:30"' in change_page


def test_time_skipped_by_daylight_saving_is_refused_with_a_message(editor):
    venue = make_venue(timezone="America/New_York")
    response = editor.post(
        _admin_url(Concert, "add"), _concert_form(venue, local_start_0="2030-03-10", local_start_1="02:30")
    )
    assert response.status_code == 200
    assert "does not exist in America/New_York" in response.content.decode()
    assert not Concert.objects.exists()


def test_mark_sold_out_action(editor):
    concerts = [make_concert(), make_concert()]
    response = editor.post(
        _admin_url(Concert, "changelist"),
        {"action": "mark_sold_out", "_selected_action": [c.pk for c in concerts]},
    )
    assert response.status_code == 302
    assert set(Concert.objects.values_list("status", flat=True)) == {"sold_out"}


def test_duplicate_action_copies_programme_and_collaborators_as_draft(editor):
    original = make_concert(title="Recital", slug="recital")
    make_programme(original, ("Bach", "Chaconne"), ("Ysaÿe", "Sonata No. 3"))
    make_collaborator(original, "Pianist", "pianist")

    editor.post(_admin_url(Concert, "changelist"), {"action": "duplicate_concerts", "_selected_action": [original.pk]})

    copy = Concert.objects.exclude(pk=original.pk).get()
    # Issue 12: a copy is given a new date (a week later) and an address from its title and date, not "-copy".
    assert copy.starts_at == original.starts_at + timedelta(weeks=1)
    assert copy.slug == f"recital-{copy.local_starts_at:%Y-%m-%d}" and copy.is_published is False
    assert [i.work.title for i in copy.programme.all()] == ["Chaconne", "Sonata No. 3"]
    assert copy.collaborators.get().name == "Pianist"
    assert original.programme.count() == 2


def test_duplicated_concert_has_its_own_picture_files(editor, media_in_tmp, django_capture_on_commit_callbacks):
    from tests.factories import make_upload

    original = make_concert(title="Recital", slug="recital")
    original.image.save("hall.jpg", make_upload(), save=True)
    original.refresh_from_db()
    original_files = {original.image.name} | {
        entry[2] for crop in original.renditions["crops"].values() for entries in crop.values() for entry in entries
    }

    editor.post(_admin_url(Concert, "changelist"), {"action": "duplicate_concerts", "_selected_action": [original.pk]})
    copy = Concert.objects.exclude(pk=original.pk).get()
    assert copy.image and copy.image.name != original.image.name
    assert copy.renditions and copy.renditions != original.renditions

    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit (renditions.py)
        copy.delete()
    assert not (media_in_tmp / copy.image.name).exists()
    assert all((media_in_tmp / name).exists() for name in original_files)
