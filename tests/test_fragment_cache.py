"""Listing rows are kept rendered by what they show (fansite/fragment_cache.py): after a save, a page renders
again only the rows that changed, and a row never shows anything stale, whatever changed it."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, models
from django.template import Context, Template
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerts.models import (Collaborator, Composer, Concert, Performer, ProgrammeItem, RowsVersion, TicketLink,
                             Venue, Work)
from concerts import search_index
from concerts.row_versions import (TRIGGERS, drop_before_migrating, ensure_triggers, present_triggers, trigger_name,
                                   trigger_sql)
from concerts.services import performer_find_or_create, work_find_or_create
from fansite.caching import forget_failures
from tests.factories import make_collaborator, make_concert, make_profile, make_programme, make_venue

pytestmark = pytest.mark.django_db

ROW = "includes/concert_row.html"


def visible_text(response):
    """The words of the page's main content, tags left out."""
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture(autouse=True)
def pages_rendered_every_time(settings):
    """The page cache and HTTP validators off: every request renders its page, as right after a save."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.HTTP_CACHING = False
    settings.FRAGMENT_CACHE_SECONDS = 3600


def jinja_renders(monkeypatch, template_name, what):
    """`what(context)` of each rendering of the Jinja2 template `template_name` (the listing rows and the
    repertoire's works are Jinja2's: fansite/jinja2.py), which Django's test signal `template_rendered`
    does not report."""
    rendered = []
    render = Jinja2Template.render

    def seen(self, context=None, request=None):
        if self.template.name == template_name:
            rendered.append(what(context))
        return render(self, context, request)

    monkeypatch.setattr(Jinja2Template, "render", seen)
    return rendered


@pytest.fixture
def rows_rendered(monkeypatch):
    """The concerts whose row template was rendered, request by request."""
    return jinja_renders(monkeypatch, ROW, lambda context: context["concert"].pk)


@pytest.fixture
def listed(db):
    make_profile()
    venue = make_venue(name="Great Hall", city="Moscow")
    concerts = []
    for day in range(1, 4):
        concert = make_concert(venue=venue, title=f"Recital {day}", starts_at=timezone.now() + timedelta(days=day))
        make_programme(concert, ("Johannes Brahms", f"Sonata No. {day}"))
        make_collaborator(concert, name="Alexei Volodin", role="pianist")
        concerts.append(concert)
    return concerts


def test_a_second_request_renders_no_row_and_gives_the_same_page(client, listed, rows_rendered, settings):
    first = client.get("/en/concerts/").content
    assert sorted(rows_rendered) == sorted(c.pk for c in listed)
    rows_rendered.clear()
    second = client.get("/en/concerts/").content
    assert rows_rendered == []
    assert second == first
    settings.FRAGMENT_CACHE_SECONDS = 0  # and the same as rendering every row
    assert client.get("/en/concerts/").content == first
    assert len(rows_rendered) == len(listed)


def test_a_save_renders_again_only_the_row_it_changed(client, listed, rows_rendered):
    client.get("/en/concerts/")
    rows_rendered.clear()
    changed = listed[1]
    changed.title = "Recital with a new name"
    changed.save()
    page = visible_text(client.get("/en/concerts/"))
    assert rows_rendered == [changed.pk]
    assert "Recital with a new name" in page


@pytest.mark.parametrize("change", [
    lambda concerts: Composer.objects.filter(name="Johannes Brahms").update(name="Clara Schumann",
                                                                          sort_name="Schumann, Clara"),
    lambda concerts: Performer.objects.update(name="Boris Berezovsky", name_en="Boris Berezovsky"),
    lambda concerts: ProgrammeItem.objects.filter(concert=concerts[0]).update(
        work=work_find_or_create(composer="Clara Schumann", title="Three Romances")),
    lambda concerts: Venue.objects.update(city="Saint Petersburg"),
    lambda concerts: Concert.objects.filter(pk=concerts[0].pk).update(status=Concert.Status.SOLD_OUT),
    lambda concerts: Work.objects.update(composer=Composer.objects.create(name="Clara Schumann",
                                                                         sort_name="Schumann, Clara")),
    lambda concerts: ProgrammeItem.objects.filter(concert=concerts[1]).delete(),
    lambda concerts: Collaborator.objects.filter(concert=concerts[2]).update(
        performer=performer_find_or_create(name="Boris Berezovsky", role=Collaborator.Role.PIANIST)),
    lambda concerts: ProgrammeItem.objects.bulk_create(
        ProgrammeItem(concert=concert, order=9, work=work_find_or_create(composer="Clara Schumann", title="Romance"))
        for concert in concerts[1:]),
    lambda concerts: Collaborator.objects.bulk_create([Collaborator(
        concert=concerts[0], performer=performer_find_or_create(name="Boris Berezovsky",
                                                                role=Collaborator.Role.PIANIST))]),
    lambda concerts: Collaborator.objects.filter(concert__in=concerts[1:]).delete(),
], ids=["composer renamed", "performer renamed", "programme row changed", "venue moved",
        "status by update()", "works given another composer", "programme emptied", "another performer",
        "programme rows added in bulk", "performer added in bulk", "performers removed"])
def test_rows_show_changes_made_without_a_save_signal(client, listed, change):
    """Keys hold what the row shows, or (PostgreSQL) a version the database's triggers change with it, not
    one bumped by save signals: a bulk update() of a related record is seen at once."""
    before = rows_text(client.get("/en/concerts/"))
    change(listed)
    after = rows_text(client.get("/en/concerts/"))
    assert after != before
    caches["fragments"].clear()
    assert after == rows_text(client.get("/en/concerts/"))


def test_concerts_added_in_bulk_each_get_a_version_and_lose_it_when_deleted(listed):
    """Every concert of one INSERT gets its own version (migration 0027's statement triggers on PostgreSQL,
    concerts/row_versions.py's on SQLite), and a deleted concert's version goes with it."""
    added = Concert.objects.bulk_create(
        Concert(title=f"Recital {n}", slug=f"added-{n}", venue=listed[0].venue, starts_at=timezone.now())
        for n in range(3))
    versions = dict(RowsVersion.objects.filter(concert__in=added).values_list("concert_id", "version"))
    assert set(versions) == {concert.pk for concert in added} and len(set(versions.values())) == 3
    Concert.objects.filter(pk__in=[concert.pk for concert in added[:2]]).delete()
    assert set(RowsVersion.objects.filter(concert__in=added).values_list("concert_id", flat=True)) == {added[2].pk}


@pytest.mark.parametrize("change", [
    lambda concert: Concert.objects.filter(pk=concert.pk).update(title="Recital with a new name"),
    lambda concert: ProgrammeItem.objects.filter(concert=concert).update(
        work=work_find_or_create(composer="Clara Schumann", title="Three Romances")),
], ids=["the concert renamed", "its programme changed"])
def test_a_concert_without_a_version_is_rendered_each_time(client, listed, change):
    """Should a concert have no version (its triggers turned off for a bulk load, say), its row's key holds a
    random value instead (`RowsDigest`), so the row is never kept: any change to it shows."""
    RowsVersion.objects.filter(concert=listed[0]).delete()
    before = rows_text(client.get("/en/concerts/"))
    change(listed[0])
    RowsVersion.objects.filter(concert=listed[0]).delete()  # as if no trigger had run
    assert rows_text(client.get("/en/concerts/")) != before


def test_a_row_without_a_version_is_not_kept_and_migrate_gives_it_one(client, listed, rows_rendered, monkeypatch):
    """Its random key would never be asked for again: the row is rendered on each request and not stored.
    `migrate` gives each concert without a version one (concerts/row_versions.py), and then it is kept."""
    from fansite import fragment_cache

    stored = []
    set_many = fragment_cache._fragments.set_many
    monkeypatch.setattr(fragment_cache._fragments, "set_many",
                        lambda entries, timeout: stored.append(len(entries)) or set_many(entries, timeout))
    RowsVersion.objects.filter(concert=listed[0]).delete()
    client.get("/en/concerts/")
    assert stored == [len(listed) - 1]
    rows_rendered.clear()
    client.get("/en/concerts/")
    assert rows_rendered == [listed[0].pk] and stored[1:] == []
    ensure_triggers()  # as `migrate` does after it has run
    assert RowsVersion.objects.filter(concert=listed[0]).exists()
    client.get("/en/concerts/")
    rows_rendered.clear()
    client.get("/en/concerts/")
    assert rows_rendered == []


def sqlite_triggers():
    with connection.cursor() as cursor:
        return present_triggers(cursor)


def versions():
    return dict(RowsVersion.objects.values_list("concert_id", "version"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers are made after each migrate")
def test_sqlite_triggers_missing_or_changed_are_made_again_after_migrate(listed):
    """After `migrate`, a missing trigger, or one whose SQL differs from concerts/row_versions.py's, is made
    again and every concert gets a new version; when all are right, nothing changes."""
    before = versions()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {trigger_name('venue')}")
        cursor.execute(f"DROP TRIGGER {trigger_name('work')}")
        cursor.execute(f"CREATE TRIGGER {trigger_name('work')} AFTER UPDATE ON concerts_work BEGIN SELECT 1; END")
    call_command("migrate", verbosity=0)
    assert sqlite_triggers() == {trigger_name(trigger[0]): trigger_sql(*trigger) for trigger in TRIGGERS}
    after = versions()
    assert after.keys() == before.keys() and all(after[pk] != before[pk] for pk in before)
    call_command("migrate", verbosity=0)
    assert versions() == after


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers are dropped before each migrate")
def test_after_a_migrate_that_failed_sqlite_rows_are_rendered_not_stale(client, listed):
    """`migrate` drops the triggers and the versions before it changes anything: if it stops there, no version
    is left that nothing renews, and every row is rendered with what it shows now."""
    client.get("/en/concerts/")
    drop_before_migrating(plan=[("concerts", "a migration that fails")])
    assert sqlite_triggers() == {} and not RowsVersion.objects.exists()
    Concert.objects.filter(pk=listed[0].pk).update(title="Recital with a new name")
    assert "Recital with a new name" in rows_text(client.get("/en/concerts/"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite remakes a table to alter it")
@pytest.mark.django_db(transaction=True)
def test_sqlite_tables_remade_by_a_migration_keep_their_versions(listed):
    """SQLite alters a table by making a new one and renaming it, which it refuses while a trigger names a
    table that is missing: `migrate` drops the triggers before it changes anything (`pre_migrate`) and
    makes them after (`post_migrate`). Here the concerts' table is remade between the two, as by a migration
    that alters one of its columns, and its rows still follow their records afterwards."""
    title = Concert._meta.get_field("title")
    longer = models.CharField(max_length=title.max_length + 1)
    longer.set_attributes_from_name("title")
    longer.model = Concert
    before = versions()
    for old, new in ((title, longer), (longer, title)):  # altered, then back as the model has it
        drop_before_migrating(plan=[("concerts", "altered")])
        search_index.drop_before_migrating(plan=[("concerts", "altered")])
        with connection.schema_editor() as editor:
            editor.alter_field(Concert, old, new)
        ensure_triggers()
        search_index.ensure_index()
    assert len(sqlite_triggers()) == len(TRIGGERS)
    after = versions()
    assert after.keys() == before.keys() and all(after[pk] != before[pk] for pk in before)
    ProgrammeItem.objects.filter(concert=listed[0]).update(order=7)
    assert versions()[listed[0].pk] != after[listed[0].pk]


def test_the_row_of_a_new_date_follows_the_date_it_replaces(client, listed):
    """A performance moved to a new date says when it was first announced for: a change to that first
    date, even by update(), shows in the new date's row, as does one to the venue of either."""
    first_date = make_concert(venue=listed[0].venue, title="Recital 1", starts_at=timezone.now() + timedelta(days=2))
    Concert.objects.filter(pk=first_date.pk).update(status=Concert.Status.RESCHEDULED, rescheduled_to=listed[0])
    before = rows_text(client.get("/en/concerts/"))
    assert "First announced for" in before
    assert "Moved to" in visible_text(client.get("/en/search/?q=Recital"))  # the first date's own row
    Concert.objects.filter(pk=first_date.pk).update(starts_at=first_date.starts_at - timedelta(days=1))
    after = rows_text(client.get("/en/concerts/"))
    assert after != before
    caches["fragments"].clear()
    assert after == rows_text(client.get("/en/concerts/"))


def test_the_row_of_a_new_date_follows_the_venue_of_the_date_it_replaces(client, listed):
    """The first date's venue is the new date's row's too ("First announced for 20:00 Moscow time"): a
    change to it by update() shows, though neither concert changed."""
    elsewhere = make_venue(name="Small Hall", city="Moscow", timezone="Europe/Moscow")
    first_date = make_concert(venue=elsewhere, title="Recital 1", starts_at=timezone.now() + timedelta(days=2))
    Concert.objects.filter(pk=first_date.pk).update(status=Concert.Status.RESCHEDULED, rescheduled_to=listed[0])
    before = rows_text(client.get("/en/concerts/"))
    assert "Moscow time" in before
    Venue.objects.filter(pk=elsewhere.pk).update(timezone="America/New_York")
    after = rows_text(client.get("/en/concerts/"))
    assert "New York time" in after
    caches["fragments"].clear()
    assert after == rows_text(client.get("/en/concerts/"))


@pytest.mark.parametrize("url", ["/en/", "/en/concerts/", "/en/search/?q=Recital"])
def test_rows_in_the_cache_load_no_programme_or_performers(client, listed, url):
    """A row's key holds the version the database keeps of its programme and performer rows (its triggers:
    Concert.objects.for_rows, row_keys): the rows themselves are loaded only for the rows rendered, here the
    first time."""

    def loads_of_related_rows():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in queries
                if q["sql"].startswith(('SELECT "concerts_programmeitem"', 'SELECT "concerts_collaborator"'))]

    assert len(loads_of_related_rows()) == 2
    assert len(loads_of_related_rows()) == 0


def rows_text(response):
    """The words of the listing's rows (the filter choices around them are cached per content version,
    which update() does not change: fansite/caching.py, content_changed_in_bulk)."""
    rows = response.content.decode().split('<ul class="concert-list">', 1)[1].split("</ul>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rows)).split())


def test_a_concert_that_has_started_is_shown_as_performed(client, listed, monkeypatch):
    """What the clock decides (past, on sale) is part of the key: no row says "Tickets" once the concert
    has begun, though nothing was saved."""
    Concert.objects.filter(pk=listed[0].pk).update(status=Concert.Status.SOLD_OUT)
    upcoming = visible_text(client.get("/en/concerts/"))
    assert "Tickets" in upcoming and "Sold out" in upcoming
    later = timezone.now() + timedelta(days=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    past = visible_text(client.get("/en/concerts/past/"))
    assert "Recital 1" in past and "Performed" in past
    assert "Tickets" not in past and "Sold out" not in past


def test_a_row_shows_its_tickets_button_once_the_sale_opens(client, listed, monkeypatch):
    """Which ticket link is on sale is the clock's to decide, so it is part of the key: a kept row gets its
    "Tickets" button when the sale opens, and points at the link on sale, with nothing saved."""
    opens = timezone.now() + timedelta(hours=1)
    TicketLink.objects.filter(concert__in=listed).update(on_sale_at=opens, order=1)
    TicketLink.objects.create(concert=listed[1], seller="Presale", url="https://presale.example.com/",
                              order=0, on_sale_at=opens + timedelta(hours=1))
    before = client.get("/en/concerts/").content.decode()
    assert ">Tickets<" not in before
    later = opens + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/en/concerts/").content.decode()
    assert after.count(">Tickets<") == len(listed) and "presale.example.com" not in after
    latest = opens + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: latest)
    assert 'href="https://presale.example.com/"' in client.get("/en/concerts/").content.decode()


def test_a_listed_row_whose_concert_is_gone_renders_as_nothing(listed, rows_rendered, monkeypatch):
    """Rows read as keys (`Concert.objects.row_keys`) are read whole only to render; a concert deleted in
    between is left out, and nothing is kept for it."""
    from concerts.templatetags import listing_rows

    read_whole = []
    load = listing_rows.whole_concerts
    monkeypatch.setattr(listing_rows, "whole_concerts",
                        lambda rows: read_whole.append([r.pk for r in rows]) or load(rows))
    values = [(c.pk, c.starts_at, c.status, None, f"version-{c.pk}") for c in listed]
    Concert.objects.filter(pk=listed[1].pk).delete()
    for _ in range(2):
        first, gone, third = listing_rows.concert_rows(values)
        assert "Recital 1" in first.html and gone.html == "" and "Recital 3" in third.html
    assert rows_rendered == [listed[0].pk, listed[2].pk]  # the second time, from the cache
    assert read_whole == [[c.pk for c in listed], [listed[1].pk]]  # the gone one asked for again


def test_each_language_has_its_own_rows(client, listed):
    client.get("/en/concerts/")
    russian = client.get("/ru/concerts/").content.decode()
    assert f'href="/ru/concerts/{listed[0].slug}/"' in russian
    assert f'href="/en/concerts/{listed[0].slug}/"' not in russian


def test_rows_render_when_the_fragment_cache_fails(client, listed, settings, caplog):
    settings.CACHES = {**settings.CACHES, "fragments": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    try:
        page = client.get("/en/concerts/")
        assert page.status_code == 200
        assert all(concert.title in visible_text(page) for concert in listed)
    finally:
        forget_failures()


def test_turned_off_every_row_is_rendered(client, listed, rows_rendered, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get("/en/concerts/")
    client.get("/en/concerts/")
    assert len(rows_rendered) == 2 * len(listed)


def test_the_repertoire_renders_again_only_the_works_that_changed(client, listed, monkeypatch):
    works_rendered = jinja_renders(monkeypatch, "includes/repertoire_work.html", lambda context: context["work"].title)
    client.get("/en/repertoire/")
    assert sorted(works_rendered) == ["Sonata No. 1", "Sonata No. 2", "Sonata No. 3"]
    works_rendered.clear()
    make_programme(listed[2], ("Johannes Brahms", "Sonata No. 1"))  # a second performance of No. 1
    page = visible_text(client.get("/en/repertoire/"))
    assert works_rendered == ["Sonata No. 1"]
    assert "Sonata No. 1 2 performances" in page


def test_the_repertoire_asks_the_fragment_cache_once_whatever_its_composers(client, listed, monkeypatch):
    """Every work's row is looked up in one round trip for the page, not one per composer's section."""
    from fansite import fragment_cache

    make_programme(listed[0], ("Robert Schumann", "Sonata No. 2 in D minor"), ("Clara Schumann", "Romances"))
    asked = []
    get_many = fragment_cache._fragments.get_many
    monkeypatch.setattr(fragment_cache._fragments, "get_many", lambda keys: asked.append(len(keys)) or get_many(keys))
    for _ in range(2):
        page = visible_text(client.get("/en/repertoire/"))
    assert asked == [5, 5]
    assert "Romances" in page and "Sonata No. 2 in D minor" in page and "Sonata No. 3" in page


def test_rows_of_concerts_not_read_for_rows_still_render(listed):
    """`{% concert_rows %}` given concerts read some other way (no `replaced_concert_id`) renders them,
    finding the moves itself, instead of failing."""
    first, second, _third = listed
    Concert.objects.filter(pk=first.pk).update(status=Concert.Status.RESCHEDULED, rescheduled_to=second)
    template = Template("{% load listing_rows %}{% concert_rows concerts announce_moves=True %}")
    page = template.render(Context({"concerts": Concert.objects.order_by("starts_at")}))
    assert page.count('<li class="concert-row">') == 3
    assert "Moved to" in page and "New date. First announced for" in page


# --- A concert page's article (concerts/views.py, `concert_page`) -------------------------------------

PAGE = "concerts/includes/concert_page.html"


def article(response):
    page = response.content.decode()
    return page[page.index('<article class="wrap section concert">'):page.index("</article>")]


@pytest.fixture
def pages_rendered(monkeypatch):
    """The concerts whose page article was rendered, request by request."""
    rendered = []

    def seen(sender, template, context, **kwargs):
        if template.name == PAGE:
            rendered.append(context["concert"].pk)

    template_rendered.connect(seen)
    yield rendered
    template_rendered.disconnect(seen)


@pytest.fixture
def page_changes(listed):
    """A concert with something of everything its page shows."""
    from tests.factories import make_series, make_ticket_link

    concert = listed[0]
    concert.series = make_series(name="Brahms cycle")
    concert.save()
    make_ticket_link(concert, seller="Box office", url="https://tickets.example.com/1")
    make_ticket_link(concert, seller="Late sale", url="https://tickets.example.com/2",
                     on_sale_at=timezone.now() + timedelta(hours=6))
    return concert


def test_a_concert_page_renders_its_article_once_and_gives_the_same_page(client, page_changes, pages_rendered,
                                                                         settings):
    url = page_changes.get_absolute_url()
    first = client.get(url).content
    assert pages_rendered == [page_changes.pk]
    second = client.get(url).content
    assert pages_rendered == [page_changes.pk]
    assert second == first
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert client.get(url).content == first
    assert pages_rendered == [page_changes.pk] * 2


@pytest.mark.parametrize("change", [
    lambda concert: Composer.objects.filter(name="Johannes Brahms").update(name="Clara Schumann"),
    lambda concert: Performer.objects.update(name="Boris Berezovsky", name_en="Boris Berezovsky"),
    lambda concert: Venue.objects.update(address="13 Bolshaya Nikitskaya"),
    lambda concert: concert.series.__class__.objects.update(name="Schumann cycle", name_en="Schumann cycle"),
    lambda concert: concert.ticket_links.filter(seller="Box office").update(price_text="From 30 euros"),
    lambda concert: Concert.objects.filter(pk=concert.pk).update(status=Concert.Status.CANCELLED),
    lambda concert: make_concert(venue=concert.venue, title="Recital 1, first date", status=Concert.Status.RESCHEDULED,
                                 rescheduled_to=concert, starts_at=concert.starts_at - timedelta(days=30)),
], ids=["composer renamed", "performer renamed", "venue's address", "series renamed", "ticket link's price",
        "cancelled by update()", "now replaces an earlier date"])
def test_a_concert_page_shows_changes_made_without_a_save_signal(client, page_changes, change):
    url = page_changes.get_absolute_url()
    before = article(client.get(url))
    change(page_changes)
    after = article(client.get(url))
    assert after != before
    caches["fragments"].clear()
    assert after == article(client.get(url))


def test_a_concert_page_follows_the_clock(client, page_changes, monkeypatch):
    """A ticket link whose sale opens gets its button, and a concert that has begun shows no tickets,
    though nothing was saved."""
    url = page_changes.get_absolute_url()
    before = article(client.get(url))
    assert "https://tickets.example.com/1" in before and "https://tickets.example.com/2" not in before
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=7))
    assert "https://tickets.example.com/2" in article(client.get(url))
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=10))
    past = article(client.get(url))
    assert "Past concert" in past and "tickets.example.com" not in past


def test_a_concert_page_keeps_one_article_per_language(client, page_changes):
    client.get(page_changes.get_absolute_url())
    russian = article(client.get(f"/ru/concerts/{page_changes.slug}/"))
    assert "Программа" in russian and "Programme" not in russian
