"""The free-text programme and performer rows become records (migrations 0017-0019) and come back as text
when the migrations are reversed; nothing is lost either way, and the edit history follows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from concerts import search_index
from concerts.row_versions import drop_before_migrating, ensure_triggers

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("concerts", "0016_series_history")]
AFTER = [("concerts", "0019_programme_rows_point_to_records")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def old_schema():
    """The schema before the records, then back to the latest, by the migration executor, which sends none
    of the `migrate` command's signals: their receivers that drop SQLite's row-version triggers and search
    index first and make them after (concerts/row_versions.py, concerts/search_index.py) are called here."""
    drop_before_migrating(plan=BEFORE)
    search_index.drop_before_migrating(plan=BEFORE)
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("concerts"))
    ensure_triggers()
    search_index.ensure_index()


def make_concert(apps, slug):
    Venue, Concert = apps.get_model("concerts", "Venue"), apps.get_model("concerts", "Concert")
    venue, _ = Venue.objects.get_or_create(slug="hall", defaults={"name": "Hall", "city": "Moscow", "country": "RU",
                                                                   "timezone": "Europe/Moscow"})
    return Concert.objects.create(title=slug, slug=slug, venue=venue, starts_at="2027-05-20T16:30:00Z",
                                  is_published=True, publish_from="2027-01-01T00:00:00Z")


def test_text_becomes_records_deduplicated_and_comes_back(old_schema):
    apps = old_schema
    Item, Collaborator = apps.get_model("concerts", "ProgrammeItem"), apps.get_model("concerts", "Collaborator")
    HistoricalItem = apps.get_model("concerts", "HistoricalProgrammeItem")
    first, second = make_concert(apps, "first"), make_concert(apps, "second")
    rows = [
        (first, "Pyotr Ilyich Tchaikovsky", "Пётр Ильич Чайковский", "Violin Concerto in D major", "Концерт ре мажор", "Op. 35"),
        (first, "Johann Sebastian Bach", None, "Partita No. 2 in D minor", None, "BWV 1004"),
        # The same work typed a little differently: one record, and its Russian title from the row that has one.
        (second, "pyotr  ilyich tchaikovsky", None, "Violin concerto in D major", None, "op.35"),
        (second, "Johann Sebastian Bach", "Иоганн Себастьян Бах", "Partita No. 2 in D minor", "Партита № 2", "BWV 1004"),
        # Same title, another catalogue number: another work.
        (second, "Johann Sebastian Bach", None, "Partita No. 2 in D minor", None, ""),
    ]
    for order, (concert, composer, composer_ru, work, work_ru, number) in enumerate(rows):
        Item.objects.create(concert=concert, composer=composer, composer_en=composer, composer_ru=composer_ru,
                            work=work, work_en=work, work_ru=work_ru, catalogue_number=number, order=order)
    Collaborator.objects.create(concert=first, name="Festival Orchestra", role="orchestra")
    Collaborator.objects.create(concert=second, name="festival orchestra", role="orchestra", order=1)
    Collaborator.objects.create(concert=second, name="Anna Example", role="pianist")
    # An old revision's row, no longer on any programme: it gets its record too.
    HistoricalItem.objects.create(id=999, concert_id=first.pk, composer="Eugène Ysaÿe", composer_en="Eugène Ysaÿe",
                                  work="Sonata No. 3", work_en="Sonata No. 3", catalogue_number="Op. 27", order=5,
                                  history_date="2027-01-01T00:00:00Z", history_type="-")

    apps = migrate(AFTER)
    Composer, Work, Performer = (apps.get_model("concerts", name) for name in ("Composer", "Work", "Performer"))
    Item = apps.get_model("concerts", "ProgrammeItem")
    assert list(Composer.objects.order_by("name_en").values_list("name_en", "name_ru")) == [
        ("Eugène Ysaÿe", None), ("Johann Sebastian Bach", "Иоганн Себастьян Бах"),
        ("Pyotr Ilyich Tchaikovsky", "Пётр Ильич Чайковский")]
    assert list(Work.objects.order_by("title_en", "catalogue_number").values_list("title_en", "title_ru", "catalogue_number")) == [
        ("Partita No. 2 in D minor", None, ""), ("Partita No. 2 in D minor", "Партита № 2", "BWV 1004"),
        ("Sonata No. 3", None, "Op. 27"), ("Violin Concerto in D major", "Концерт ре мажор", "Op. 35")]
    assert Composer.objects.get(name_en="Pyotr Ilyich Tchaikovsky").slug == "pyotr-ilyich-tchaikovsky"
    assert Work.objects.get(catalogue_number="Op. 35").slug == "tchaikovsky-violin-concerto-in-d-major-op-35"
    assert Composer.objects.get(name_en="Eugène Ysaÿe").sort_name_en == "Ysaÿe, Eugène"
    concerto = Work.objects.get(catalogue_number="Op. 35")
    assert list(Item.objects.filter(work=concerto).values_list("concert__slug", "order")) == [("first", 0), ("second", 2)]
    assert Item.objects.count() == 5
    assert sorted(Performer.objects.values_list("name_en", "kind")) == [("Anna Example", "pianist"),
                                                                          ("Festival Orchestra", "orchestra")]
    assert apps.get_model("concerts", "HistoricalProgrammeItem").objects.get(id=999).work.title_en == "Sonata No. 3"

    apps = migrate(BEFORE)
    Item, Collaborator = apps.get_model("concerts", "ProgrammeItem"), apps.get_model("concerts", "Collaborator")
    back = list(Item.objects.order_by("concert__slug", "order").values_list(
        "concert__slug", "composer", "composer_ru", "work", "work_ru", "catalogue_number"))
    # Each row names its record's text now: the deduplicated spelling, and translations the record gathered.
    assert back == [
        ("first", "Pyotr Ilyich Tchaikovsky", "Пётр Ильич Чайковский", "Violin Concerto in D major", "Концерт ре мажор", "Op. 35"),
        ("first", "Johann Sebastian Bach", "Иоганн Себастьян Бах", "Partita No. 2 in D minor", "Партита № 2", "BWV 1004"),
        ("second", "Pyotr Ilyich Tchaikovsky", "Пётр Ильич Чайковский", "Violin Concerto in D major", "Концерт ре мажор", "Op. 35"),
        ("second", "Johann Sebastian Bach", "Иоганн Себастьян Бах", "Partita No. 2 in D minor", "Партита № 2", "BWV 1004"),
        ("second", "Johann Sebastian Bach", "Иоганн Себастьян Бах", "Partita No. 2 in D minor", None, ""),
    ]
    assert sorted(Collaborator.objects.values_list("name", "role")) == [
        ("Anna Example", "pianist"), ("Festival Orchestra", "orchestra"), ("Festival Orchestra", "orchestra")]
    assert apps.get_model("concerts", "HistoricalProgrammeItem").objects.get(id=999).work == "Sonata No. 3"
