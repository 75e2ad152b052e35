"""The stored search documents of works, composers, performers, recordings, milestones, news and the
profile (fansite/text_search.py): kept by every save and delete, found by one query, read by key.

Runs on whatever DATABASE_URL points at: SQLite (substring of the case-folded text) or PostgreSQL (the
stored vector, GIN-indexed).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import fansite.text_search
from concerts.models import Work
from fansite.search import search
from fansite.text_search import SearchDocument, find_documents
from profiles.models import Milestone
from tests.factories import (make_collaborator, make_concert, make_milestone, make_news_post, make_profile,
                             make_programme, make_recording, make_work)

pytestmark = pytest.mark.django_db


def document(record):
    return SearchDocument.objects.get(kind=record._meta.label_lower, object_id=record.pk)


def test_every_language_of_every_field_is_in_the_document():
    work = make_work(composer="Pyotr Ilyich Tchaikovsky", title="Violin Concerto in D major", catalogue_number="Op. 35",
                     title_ru="Концерт для скрипки ре мажор")
    text = document(work).search_text
    assert "violin concerto in d major" in text and "концерт для скрипки" in text
    assert "pyotr ilyich tchaikovsky" in text and "op. 35" in text
    if connection.vendor == "postgresql":
        assert document(work).search_vector is not None


def test_the_document_follows_edits_of_the_record_and_of_the_composer_it_names():
    concert = make_concert()
    make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major"))
    work = Work.objects.get()
    assert [w.pk for w in search("Tchaikovsky").works] == [work.pk]

    work.title = "Sérénade mélancolique"
    work.save()
    assert [w.pk for w in search("Sérénade").works] == [work.pk]
    assert search("Concerto").works == []

    composer = work.composer
    composer.name, composer.sort_name = "Peter Tschaikowsky", "Tschaikowsky, Peter"
    composer.save()  # the work's own document holds its composer's name
    assert [w.pk for w in search("Tschaikowsky").works] == [work.pk]
    assert [c.pk for c in search("Tschaikowsky").composers] == [composer.pk]
    assert search("Pyotr").works == [] and search("Pyotr").composers == []


def test_a_deleted_record_leaves_no_document():
    milestone = make_milestone(title="Regional competition wins")
    pk = milestone.pk
    assert SearchDocument.objects.filter(kind="profiles.milestone", object_id=pk).exists()
    milestone.delete()
    assert not SearchDocument.objects.filter(kind="profiles.milestone", object_id=pk).exists()


def test_what_is_not_public_is_not_found_though_its_document_matches():
    make_recording(title="Live in Moscow", label="Melodiya")
    make_recording(title="Unreleased Moscow takes", label="Melodiya", is_published=False)
    make_news_post(title="Moscow recital announced")
    make_news_post(title="Moscow draft", is_published=False)
    work = make_work(title="Unplayed Moscow sonata")  # named by no published concert, not offered
    found = find_documents("Moscow")
    assert len(found["profiles.recording"]) == 2 and len(found["news.newspost"]) == 2 and work.pk in found["concerts.work"]
    results = search("Moscow")
    assert [r.title for r in results.recordings] == ["Live in Moscow"]
    assert [n.title for n in results.news] == ["Moscow recital announced"]
    assert results.works == []


def test_a_performer_is_found_by_a_name_in_any_language():
    concert = make_concert()
    performer = make_collaborator(concert, name="Festival Orchestra").performer
    performer.name_ru = "Фестивальный оркестр"
    performer.save()
    for query in ("Festival", "Фестивальный", "оркестр"):
        assert [p.pk for p in search(query).performers] == [performer.pk], query


def test_one_query_finds_every_kind_and_only_kinds_that_matched_are_read():
    make_profile(long_bio="She grew up in Moscow.\n\nShe studied at the Moscow Conservatory.")
    make_milestone(title="Debut in Moscow")
    make_recording(title="Live in Moscow")
    make_news_post(title="Back in Moscow")
    with CaptureQueriesContext(connection) as queries:
        results = search("Moscow")
    # the concerts' keys (two: the walk over the nearest, upcoming and then past, as there are none), the
    # documents, then the milestones, recordings, news and the profile: no query for works, composers or
    # performers, which had no match
    assert len(queries) == 7, [q["sql"][:80] for q in queries]
    assert results.milestones and results.recordings and results.news and results.profile
    assert not [q for q in queries if "concerts_work" in q["sql"] or "concerts_performer" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        assert search("Nowhere-to-be-found").count == 0
    assert len(queries) == 3


def test_within_a_kind_better_matches_first_then_the_kinds_own_order():
    first = make_milestone(title="Conservatory years", order=1)
    second = make_milestone(title="Conservatory", description="The Moscow Conservatory", order=2)
    third = make_milestone(title="Début", description="After the conservatory", order=3)
    found = [m.pk for m in search("conservatory").milestones]
    assert set(found) == {first.pk, second.pk, third.pk}
    if connection.vendor == "postgresql":
        assert found[0] == second.pk  # it says "conservatory" twice: ts_rank ranks it first
    else:
        assert found == [first.pk, second.pk, third.pk]  # no ranking on SQLite: the milestones' order


def test_a_common_word_reads_a_bounded_number_of_documents(monkeypatch):
    monkeypatch.setattr(fansite.text_search, "DOCUMENTS_PER_KIND", 3)
    for n in range(6):
        make_milestone(title=f"Recital {n}", order=n)
    assert len(find_documents("Recital")["profiles.milestone"]) == 3
    assert len(search("Recital").milestones) == 3


def test_refresh_search_stores_missing_documents_and_all_with_all():
    make_milestone(title="Regional competition wins")
    make_work(title="Partita No. 2", composer="Johann Sebastian Bach", is_offered=True)
    SearchDocument.objects.all().delete()  # as after a migration that adds a kind, or a restore
    assert search("Partita").works == [] and search("competition").milestones == []
    out = io.StringIO()
    call_command("refresh_search", stdout=out)
    assert [w.title for w in search("Partita").works] == ["Partita No. 2"]
    assert [m.title for m in search("competition").milestones] == ["Regional competition wins"]
    stored = SearchDocument.objects.count()
    assert stored >= 3  # the work, its composer, the milestone

    # --all remakes every one, from what the records hold now (a change behind save()'s back)
    Milestone.objects.update(title="National competition wins")
    call_command("refresh_search", stdout=io.StringIO())
    assert search("National").milestones == []  # present documents are kept as they are
    call_command("refresh_search", "--all", stdout=io.StringIO())
    assert [m.title for m in search("National").milestones] == ["National competition wins"]
    assert SearchDocument.objects.count() == stored
