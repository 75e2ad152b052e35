"""The concerts' search index on SQLite (concerts/search_index.py): SQLite's trigram full-text index over the
stored documents finds what a substring search of them finds, follows every change, and is made again
after `migrate`."""

import pytest
from django.core.management import call_command
from django.db import connection, models

import concerts.search as concert_search
from concerts import search_index
from concerts.models import Concert
from concerts.row_versions import drop_before_migrating, ensure_triggers
from concerts.search import concert_condition, refresh_search_documents
from fansite.text_search import document_condition
from tests.factories import make_concert, make_programme, make_venue

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index; PostgreSQL has GIN")


def found(query):
    """Titles of the published concerts the site search finds for `query`, through the index: no walk over
    the nearest concerts decides (NEAREST_ROWS is 0 in these tests)."""
    return sorted(c.title for c in concert_search.search_concerts(query, 20))


def substring_matches(query):
    return sorted(Concert.objects.published().filter(document_condition(query)).values_list("title", flat=True))


@pytest.fixture
def through_the_index(monkeypatch):
    monkeypatch.setattr(concert_search, "NEAREST_ROWS", 0)
    assert getattr(connection, search_index.READY)
    yield
    assert_index_in_step()


def assert_index_in_step():
    """FTS5's own check of an external-content index against its table: a stale one raises."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {search_index.TABLE} ({search_index.TABLE}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def programme():
    hall = make_venue(name="Great Hall", city="Moscow")
    winter = make_concert(venue=hall, title="Winter Recital")
    make_programme(winter, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto, Op. 35"))
    spring = make_concert(venue=make_venue(name="Carnegie Hall", city="New York", country="US",
                                           timezone="America/New_York"), title="Spring «Quote\"d» Night")
    make_programme(spring, ("Eugène Ysaÿe", "Sonata No. 3"))
    make_concert(venue=hall, title="Draft Tchaikovsky", is_published=False)
    return {"winter": winter, "spring": spring}


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "Tchaikovsky", "tchaik", "TCHAIKOVSKY concerto", "Ysaÿe", "hall", "Op", "3", "Op 35", "35 op", "Op. 3",
    'Quote"d', '"', "«", "moscow hall", "Carnegie Moscow", "AND", "OR NOT", "*", "a-b", "ало", "nowhere",
])
def test_the_index_finds_exactly_what_the_documents_hold(through_the_index, programme, query):
    """Short words (no trigram) and FTS5's own syntax (quotes, AND, *) are taken literally, as substrings."""
    assert found(query) == substring_matches(query)


@pytest.mark.django_db
def test_the_search_reads_the_index_not_every_document(programme):
    queryset = Concert.objects.published().filter(concert_condition("Tchaikovsky")).values_list("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(row[3] for row in cursor.fetchall())
    assert "concerts_concert_search VIRTUAL TABLE INDEX" in plan, plan
    assert "SCAN concerts_concert " not in f"{plan} ", plan


@pytest.mark.django_db
def test_the_index_follows_every_change_of_a_document(through_the_index, programme):
    winter = programme["winter"]
    winter.title_ru = "Зимний вечер"
    winter.save()
    assert found("зимний") == found("ЗИМНИЙ") == ["Winter Recital"]
    winter.title = "Autumn Recital"
    winter.save()
    assert found("Winter") == [] and found("Autumn") == ["Autumn Recital"]
    Concert.objects.filter(pk=winter.pk).update(search_text="")  # as a bulk load leaves it
    assert found("Autumn") == []
    refresh_search_documents(Concert.objects.filter(pk=winter.pk))
    assert found("Autumn") == ["Autumn Recital"]
    winter.delete()
    assert found("Autumn") == [] and found("Tchaikovsky") == []
    assert found("Ysaÿe") == ["Spring «Quote\"d» Night"]


@pytest.mark.django_db
def test_while_its_triggers_are_missing_the_search_reads_the_documents(through_the_index, programme):
    """A `migrate` that stopped after dropping the triggers leaves an index that no longer follows the
    documents: the search then looks in the documents themselves, on this connection and on any new one,
    until `migrate` has made the index again."""
    search_index.drop_before_migrating(plan=[("concerts", "a migration that fails")])
    try:
        programme["winter"].title = "Autumn Recital"
        programme["winter"].save()
        assert found("Autumn") == ["Autumn Recital"] and found("Winter") == []
        search_index.note_index(None, connection)  # as a connection opened now finds it
        assert not getattr(connection, search_index.READY)
        assert found("Autumn") == ["Autumn Recital"]
    finally:
        search_index.ensure_index()
    assert getattr(connection, search_index.READY)
    assert found("Autumn") == ["Autumn Recital"] and found("Winter") == []


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_index_again_in_step_with_the_documents(through_the_index, programme):
    """SQLite remakes a table to alter it, which drops the index's triggers: the document of a concert
    changed meanwhile is found under its new text once `migrate` has run, and reverting migration 0030
    removes the index."""
    title = Concert._meta.get_field("title")
    longer = models.CharField(max_length=title.max_length + 1)
    longer.set_attributes_from_name("title")
    longer.model = Concert
    try:
        drop_before_migrating(plan=[("concerts", "altered")])
        with connection.schema_editor() as editor:
            editor.alter_field(Concert, title, longer)
            editor.alter_field(Concert, longer, title)
        ensure_triggers()
        programme["winter"].title = "Autumn Recital"
        programme["winter"].save()  # no trigger keeps the index in step now
        call_command("migrate", verbosity=0)
        assert getattr(connection, search_index.READY)
        assert found("Autumn") == ["Autumn Recital"] and found("Winter") == []
        assert_index_in_step()
        call_command("migrate", "concerts", "0029", verbosity=0)
        assert not getattr(connection, search_index.READY)
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'concerts_concert_search%'")
            assert cursor.fetchall() == []
        assert found("Autumn") == ["Autumn Recital"]  # in the documents themselves
    finally:
        call_command("migrate", verbosity=0)
    assert found("Autumn") == ["Autumn Recital"] and found("Ysaÿe") == ["Spring «Quote\"d» Night"]
    assert search_index.TABLE in connection.introspection.table_names()
