"""Works, composers and performers are records shared by every concert: the services that set a concert's
programme and performers from text (as the spreadsheet import and the admin do) find or make them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from concerts.models import Collaborator, Composer, Performer, ProgrammeItem, Work
from concerts.services import (
    concert_duplicate, concert_performers_set, concert_programme_set, role_from_text, work_find_or_create,
)
from tests.factories import make_concert

pytestmark = pytest.mark.django_db

PROGRAMME = [
    ("Johann Sebastian Bach", "Partita No. 2 in D minor", "BWV 1004"),
    ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"),
]


def programme_of(concert):
    return [str(item) for item in concert.programme.select_related("work__composer")]


def test_programme_is_set_in_order_and_records_are_shared_between_concerts():
    first, second = make_concert(), make_concert()
    concert_programme_set(concert=first, entries=PROGRAMME)
    # Typed differently: the same records (case, spaces and the dots of "Op." do not count).
    concert_programme_set(concert=second, entries=[("pyotr ilyich  TCHAIKOVSKY", "violin concerto in D Major", "op.35")])

    assert programme_of(first) == ["Johann Sebastian Bach: Partita No. 2 in D minor, BWV 1004",
                                   "Pyotr Ilyich Tchaikovsky: Violin Concerto in D major, Op. 35"]
    assert programme_of(second) == ["Pyotr Ilyich Tchaikovsky: Violin Concerto in D major, Op. 35"]
    assert Composer.objects.count() == 2 and Work.objects.count() == 2
    concerto = Work.objects.get(catalogue_number="Op. 35")
    assert concerto.slug == "tchaikovsky-violin-concerto-in-d-major-op-35"
    assert concerto.composer.slug == "pyotr-ilyich-tchaikovsky"
    assert concerto.composer.sort_name == "Tchaikovsky, Pyotr Ilyich"


def test_setting_the_same_programme_again_changes_nothing_and_a_new_one_replaces_it():
    concert = make_concert()
    concert_programme_set(concert=concert, entries=PROGRAMME)
    rows = list(ProgrammeItem.objects.filter(concert=concert).values_list("pk", "work_id", "order"))
    revisions = ProgrammeItem.history.count()

    concert_programme_set(concert=concert, entries=PROGRAMME)
    assert list(ProgrammeItem.objects.filter(concert=concert).values_list("pk", "work_id", "order")) == rows
    assert ProgrammeItem.history.count() == revisions  # nothing saved, nothing recorded

    concert_programme_set(concert=concert, entries=[PROGRAMME[1], ("Eugène Ysaÿe", "Sonata No. 3", "Op. 27")])
    assert programme_of(concert) == ["Pyotr Ilyich Tchaikovsky: Violin Concerto in D major, Op. 35",
                                     "Eugène Ysaÿe: Sonata No. 3, Op. 27"]
    concert_programme_set(concert=concert, entries=[])
    assert programme_of(concert) == []
    assert Work.objects.count() == 3  # records stay for the other concerts and the history


def test_same_title_with_another_catalogue_number_is_another_work():
    a = work_find_or_create(composer="Eugène Ysaÿe", title="Sonata", catalogue_number="Op. 27 No. 2")
    b = work_find_or_create(composer="Eugène Ysaÿe", title="Sonata", catalogue_number="Op. 27 No. 3")
    assert a != b and a.composer == b.composer and a.slug != b.slug


def test_records_are_matched_by_the_default_language_whatever_language_is_active():
    with translation.override("ru"):
        work = work_find_or_create(composer="Pyotr Ilyich Tchaikovsky", title="Violin Concerto in D major",
                                   translations={"ru": "Концерт для скрипки с оркестром ре мажор"})
    assert (work.title_en, work.title_ru) == ("Violin Concerto in D major", "Концерт для скрипки с оркестром ре мажор")
    assert work.composer.name_en == "Pyotr Ilyich Tchaikovsky"
    assert work_find_or_create(composer="Pyotr Ilyich Tchaikovsky", title="Violin Concerto in D major") == work


def test_entries_without_composer_or_title_are_refused_and_nothing_changes():
    concert = make_concert()
    concert_programme_set(concert=concert, entries=PROGRAMME)
    for entry in [("", "Partita", ""), ("Bach", "  ", "")]:
        with pytest.raises(ValidationError):
            concert_programme_set(concert=concert, entries=[PROGRAMME[0], entry])
    assert len(programme_of(concert)) == 2


def test_performers_are_set_in_order_with_their_roles():
    concert, other = make_concert(), make_concert()
    concert_performers_set(concert=concert, entries=[("Festival Orchestra", "orchestra"), ("Anna Example", "Piano"),
                                                     ("Ivan Example", "Дирижёр")])
    concert_performers_set(concert=other, entries=[("festival orchestra", "ORCHESTRA")])

    rows = [(c.performer.name, c.role) for c in concert.collaborators.select_related("performer")]
    assert rows == [("Festival Orchestra", "orchestra"), ("Anna Example", "pianist"), ("Ivan Example", "conductor")]
    assert Performer.objects.count() == 3
    assert Performer.objects.get(name_en="Anna Example").kind == "pianist"
    assert other.collaborators.get().performer == Performer.objects.get(name_en="Festival Orchestra")

    with pytest.raises(ValidationError, match="Unknown performer role"):
        concert_performers_set(concert=concert, entries=[("Someone", "kazoo")])
    assert Collaborator.objects.filter(concert=concert).count() == 3


def test_a_copy_plays_the_same_records():
    concert = make_concert()
    concert_programme_set(concert=concert, entries=PROGRAMME)
    concert_performers_set(concert=concert, entries=[("Festival Orchestra", "orchestra")])
    copy = concert_duplicate(concert=concert)
    assert programme_of(copy) == programme_of(concert)
    assert copy.collaborators.get().performer == concert.collaborators.get().performer
    assert Work.objects.count() == 2 and Performer.objects.count() == 1


def test_role_names_in_either_language():
    assert role_from_text("Piano") == role_from_text("pianist") == role_from_text("Фортепиано") == "pianist"


# --- The editor's side ------------------------------------------------------------------------------------

def test_editor_types_a_new_work_inline_and_its_russian_title_fills_the_record(editor):
    from django.urls import reverse

    from tests.factories import admin_concert_form

    concert = make_concert()
    data = admin_concert_form(concert, **{
        "programme-TOTAL_FORMS": "2", "programme-0-order": "1", "programme-1-order": "2",
        "programme-0-composer_en": "César Franck", "programme-0-work_en": "Violin Sonata in A major",
        "programme-0-catalogue_number": "FWV 8", "programme-0-work_ru": "Соната для скрипки и фортепиано ля мажор",
        "programme-0-composer_ru": "Сезар Франк",
        "programme-1-composer_en": "Johann Sebastian Bach", "programme-1-work_en": "Partita No. 2 in D minor",
        "programme-1-catalogue_number": "BWV 1004",
        "collaborators-TOTAL_FORMS": "1", "collaborators-0-name": "Guest Pianist", "collaborators-0-role": "pianist",
        "collaborators-0-order": "1",
    })
    url = reverse("admin:concerts_concert_change", args=[concert.pk])
    response = editor.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    assert programme_of(concert) == ["César Franck: Violin Sonata in A major, FWV 8",
                                     "Johann Sebastian Bach: Partita No. 2 in D minor, BWV 1004"]
    franck = Work.objects.get(catalogue_number="FWV 8")
    assert (franck.title_ru, franck.composer.name_ru) == ("Соната для скрипки и фортепиано ля мажор", "Сезар Франк")
    assert concert.collaborators.get().performer.kind == "pianist"

    # The form shows the records' text, with the known ones as suggestions; a corrected translation is saved
    # on the record (every concert reads it).
    page = editor.get(url).content.decode()
    assert 'value="Соната для скрипки и фортепиано ля мажор"' in page and '<option value="César Franck">' in page
    items = list(concert.programme.order_by("order"))
    data.update({"programme-INITIAL_FORMS": "2", "programme-0-id": items[0].pk, "programme-1-id": items[1].pk,
                 "programme-0-concert": concert.pk, "programme-1-concert": concert.pk,
                 "programme-0-work_ru": "Соната ля мажор", "collaborators-TOTAL_FORMS": "0"})
    assert editor.post(url, data).status_code == 302
    franck.refresh_from_db()
    assert franck.title_ru == "Соната ля мажор" and Work.objects.count() == 2


def test_records_are_edited_and_searched_in_the_admin(editor):
    from django.urls import reverse

    concert_programme_set(concert=make_concert(), entries=PROGRAMME)
    concert_performers_set(concert=make_concert(), entries=[("Festival Orchestra", "orchestra")])
    for name in ("composer", "work", "performer"):
        changelist = editor.get(reverse(f"admin:concerts_{name}_changelist"), {"q": "a"})
        assert changelist.status_code == 200
    work = Work.objects.get(catalogue_number="Op. 35")
    assert "Tchaikovsky" in editor.get(reverse("admin:concerts_work_changelist"), {"q": "tchaikovsky"}).content.decode()
    assert editor.get(reverse("admin:concerts_work_change", args=[work.pk])).status_code == 200
    # A second composer of the same name is refused in words, not with an error page.
    response = editor.post(reverse("admin:concerts_composer_add"), {
        "name_en": "pyotr ilyich tchaikovsky", "sort_name_en": "", "slug": "another-tchaikovsky"})
    assert response.status_code == 200 and "There is already a composer with this name." in response.content.decode()
