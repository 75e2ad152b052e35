"""The repertoire page and the pages of each work, composer and performer, built from published concerts."""

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerts import demo
from concerts.models import Concert, Performer, Work
from concerts.services import concert_performers_set, concert_programme_set
from tests.factories import make_collaborator, make_concert, make_profile, make_programme, make_venue, make_work

pytestmark = pytest.mark.django_db


def work_items(html):
    """{work page address: the text of its line} on the repertoire page."""
    items = re.findall(r'<li class="repertoire__work">(.*?)</li>', html, re.S)
    return {re.search(r'href="([^"]+)"', item)[1]: re.sub(r"<[^>]+>|\s+", " ", item) for item in items}


def test_demo_repertoire_lists_exactly_the_works_of_the_demo_programmes_with_their_counts(client):
    call_command("load_demo", stdout=io.StringIO())
    going_ahead = {slug for slug, *_rest, status, _description in demo.CONCERTS
                   if status in (Concert.Status.ON_SALE, Concert.Status.SOLD_OUT)}
    expected = Counter(work for slug, (programme, _performers) in demo.PROGRAMMES.items() if slug in going_ahead
                       for work in set(programme))

    html = client.get("/en/repertoire/").content.decode()

    lines = work_items(html)
    works = {work.get_absolute_url(): (work.composer.name, work.title, work.catalogue_number)
             for work in Work.objects.select_related("composer")}
    assert sorted(works[url] for url in lines) == sorted(expected)
    for url, line in lines.items():
        count = expected[works[url]]
        assert (f" {count} performances " if count > 1 else " 1 performance ") in f" {line} ", line
    assert f"{len(expected)} works, {sum(expected.values())} performances." in html


def test_first_latest_and_next_performance_link_to_the_concerts(client):
    venue = make_venue(timezone="Asia/Tokyo")
    now = timezone.now()
    first = make_concert(venue=venue, starts_at=now - timedelta(days=400))
    latest = make_concert(venue=venue, starts_at=now - timedelta(days=20))
    soon = make_concert(venue=venue, starts_at=now + timedelta(days=10))
    later = make_concert(venue=venue, starts_at=now + timedelta(days=90))
    for concert in (first, latest, soon, later):
        make_programme(concert, ("Jean Sibelius", "Violin Concerto in D minor", "Op. 47"))
    # Neither a cancelled concert nor a draft counts.
    for concert in (make_concert(status="cancelled"), make_concert(is_published=False)):
        make_programme(concert, ("Jean Sibelius", "Violin Concerto in D minor", "Op. 47"))

    line = next(iter(work_items(client.get("/en/repertoire/").content.decode()).values()))

    assert "4 performances" in line
    positions = [line.index(f"{concert.local_starts_at:%-d %b %Y}") for concert in (first, latest, soon)]
    assert positions == sorted(positions) and f"{later.local_starts_at:%-d %b %Y}" not in line
    assert "first" in line and "latest" in line and "next" in line


def test_the_works_line_in_russian_uses_the_plural_of_its_count_and_escapes_the_title(client):
    """The row is a Jinja2 template (fansite/jinja2.py): its count's plural and its dates come from the
    Russian catalogue, and a title's markup characters are text."""
    now = timezone.now()
    for days in (10, 20):
        make_programme(make_concert(starts_at=now - timedelta(days=days)), ("Jean Sibelius", "Humoresque <No. 1> & \"2\""))
    for days in (30, 40, 50, 60, 70):
        make_programme(make_concert(starts_at=now - timedelta(days=days)), ("Jean Sibelius", "Violin Concerto"))

    html = client.get("/ru/repertoire/").content.decode()

    lines = sorted(work_items(html).values())
    assert "Humoresque &lt;No. 1&gt; &amp; " in lines[0] and "<No. 1>" not in lines[0] and '"2"' not in lines[0]
    assert "2 исполнения" in lines[0]
    assert "5 исполнений" in lines[1] and "первое" in lines[1] and "последнее" in lines[1], lines[1]


def test_works_offered_but_not_yet_played_are_listed_too(client):
    make_work("Eugène Ysaÿe", "Sonata No. 4 in E minor", "Op. 27 No. 4", is_offered=True)
    make_work("Niccolò Paganini", "Caprice No. 24", "Op. 1")  # neither played nor offered
    html = client.get("/en/repertoire/").content.decode()
    assert "Sonata No. 4 in E minor" in html and "Offered; not yet performed here" in html
    assert "Caprice" not in html and "Paganini" not in html


def test_works_are_grouped_by_composer_in_sort_name_order(client):
    concert = make_concert()
    make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"),
                   ("Johann Sebastian Bach", "Partita No. 2 in D minor", "BWV 1004"),
                   ("Johann Sebastian Bach", "Chaconne"))
    html = client.get("/en/repertoire/").content.decode()
    assert html.index("Johann Sebastian Bach") < html.index("Chaconne") < html.index("Partita") < html.index(
        "Pyotr Ilyich Tchaikovsky")


def test_repertoire_in_russian(client):
    call_command("load_demo", stdout=io.StringIO())
    html = client.get("/ru/repertoire/").content.decode()
    assert "Репертуар" in html and "Пётр Ильич Чайковский" in html and "Концерт для скрипки с оркестром ре мажор" in html
    assert html.index("Иоганн Себастьян Бах") < html.index("Пётр Ильич Чайковский")


def test_repertoire_has_a_print_stylesheet(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    block = css[css.index("@media print"):]
    assert ".site-header" in block and "display: none" in block and ".repertoire__work" in block


# --- Work, composer and performer pages ------------------------------------------------------------------

def test_work_page_lists_every_performance_upcoming_first(client):
    now = timezone.now()
    past = make_concert(title="Winter evening", starts_at=now - timedelta(days=30))
    upcoming = make_concert(title="Spring evening", starts_at=now + timedelta(days=30))
    other = make_concert(title="Bach only", starts_at=now + timedelta(days=5))
    draft = make_concert(title="Secret", is_published=False)
    for concert in (past, upcoming, draft):
        make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"))
    make_programme(other, ("Johann Sebastian Bach", "Chaconne"))
    work = Work.objects.get(catalogue_number="Op. 35")

    html = client.get(work.get_absolute_url()).content.decode()

    assert "<h1><span>Violin Concerto in D major</span>, Op. 35</h1>" in html
    assert html.index("Spring evening") < html.index("Winter evening")
    assert "Bach only" not in html and "Secret" not in html
    assert work.composer.get_absolute_url() in html


def test_composer_page_lists_their_works_and_concerts(client):
    concert = make_concert(title="Two Bachs")
    make_programme(concert, ("Johann Sebastian Bach", "Chaconne"), ("Johann Sebastian Bach", "Partita No. 3"))
    make_work("Johann Sebastian Bach", "Sonata No. 1", is_offered=True)
    make_work("Johann Sebastian Bach", "Never here")
    composer = Work.objects.get(title_en="Chaconne").composer
    html = client.get(composer.get_absolute_url()).content.decode()
    assert "Chaconne" in html and "Partita No. 3" in html and "Sonata No. 1" in html and "Never here" not in html
    assert "Two Bachs" in html


def test_composer_page_counts_performances_from_the_stored_entries_and_follows_edits(client, settings):
    """The composer's works show the counts the repertoire shows (their stored entries): read, not counted
    again per request, and new again after an edit."""
    settings.PAGE_CACHE_SECONDS, settings.HTTP_CACHING = 0, False  # every request renders
    now = timezone.now()
    first = make_concert(title="First", starts_at=now - timedelta(days=60))
    second = make_concert(title="Second", starts_at=now + timedelta(days=20))
    make_programme(first, ("Johann Sebastian Bach", "Chaconne"), ("Johann Sebastian Bach", "Partita No. 3"))
    make_programme(second, ("Johann Sebastian Bach", "Chaconne"))
    composer = Work.objects.get(title_en="Chaconne").composer

    def counts():
        html = client.get(composer.get_absolute_url()).content.decode()
        return {title: re.sub(r"<[^>]+>|\s+", " ", facts).strip() for title, facts in re.findall(
            r'<span>([^<]+)</span></a> <span class="repertoire__facts">(.*?)</span></li>', html, re.S)}

    assert counts() == {"Chaconne": "(2 performances)", "Partita No. 3": "(1 performance)"}
    with CaptureQueriesContext(connection) as queries:
        assert counts() == {"Chaconne": "(2 performances)", "Partita No. 3": "(1 performance)"}
    assert not [q["sql"] for q in queries if "concerts_programmeitem" in q["sql"] and "COUNT(" in q["sql"]]

    second.status = Concert.Status.CANCELLED
    second.save()
    assert counts() == {"Chaconne": "(1 performance)", "Partita No. 3": "(1 performance)"}
    make_programme(make_concert(title="Third", starts_at=now + timedelta(days=40)), ("Johann Sebastian Bach", "Partita No. 3"))
    assert counts() == {"Chaconne": "(1 performance)", "Partita No. 3": "(2 performances)"}


def test_performer_page_lists_the_concerts_with_them(client):
    with_them, without = make_concert(title="With the orchestra"), make_concert(title="Alone")
    make_collaborator(with_them, "Festival Orchestra", "orchestra")
    performer = Performer.objects.get()
    html = client.get(performer.get_absolute_url()).content.decode()
    assert "With the orchestra" in html and "Alone" not in html and "Orchestra" in html


def test_concert_page_links_to_work_composer_and_performer_pages(client):
    concert = make_concert()
    make_programme(concert, ("Felix Mendelssohn", "Violin Concerto in E minor", "Op. 64"))
    make_collaborator(concert, "Festival Orchestra", "orchestra")
    html = client.get(concert.get_absolute_url()).content.decode()
    work = Work.objects.get()
    for url in (work.get_absolute_url(), work.composer.get_absolute_url(), Performer.objects.get().get_absolute_url()):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_listing_rows_show_programme_highlights_and_main_performers(client):
    concert = make_concert(title="Concerto night")
    make_programme(concert, ("Jean Sibelius", "Violin Concerto", "Op. 47"),
                   ("Jean Sibelius", "Humoresque No. 1", "Op. 87"),
                   ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"),
                   ("Felix Mendelssohn", "Violin Concerto in E minor", "Op. 64"))
    make_collaborator(concert, "Festival Orchestra", "orchestra")
    make_collaborator(concert, "Guest Conductor", "conductor", order=1)
    make_collaborator(concert, "Third Person", "other", order=2)
    html = client.get("/en/concerts/").content.decode()
    row = re.search(r'<p class="concert-row__programme">(.*?)</p>', html, re.S)[1]
    text = re.sub(r"<[^>]+>", "", row)
    assert text == "Sibelius, Tchaikovsky · Festival Orchestra, Guest Conductor"


@pytest.mark.parametrize("url", ["/en/repertoire/works/no-such-work/", "/en/repertoire/composers/no-such-composer/",
                                 "/en/performers/no-such-performer/", "/ru/repertoire/works/%D0%B6/"])
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


def test_records_of_an_unannounced_tour_have_no_page_until_a_concert_is_published(client):
    draft = make_concert(is_published=False)
    make_programme(draft, ("Unannounced Composer", "Secret Premiere"))
    make_collaborator(draft, "Unannounced Ensemble")
    work, performer = Work.objects.get(), Performer.objects.get()
    pages = [work.get_absolute_url(), work.composer.get_absolute_url(), performer.get_absolute_url()]
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    sitemap = client.get("/sitemap-works.xml")
    assert sitemap.status_code in (200, 404) and work.slug not in sitemap.content.decode()

    draft.is_published = True
    draft.status = Concert.Status.CANCELLED  # a cancelled concert's page still links to its records
    draft.save()
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-1", "page=99999999999999999999", "page=%00",
                                   "page=2", "page=1&page=x", "q=%ff%fe", "page=last"])
def test_junk_query_values_never_500(client, query):
    concert = make_concert()
    make_programme(concert, ("Johann Sebastian Bach", "Chaconne"))
    make_collaborator(concert)
    work = Work.objects.get()
    for url in (work.get_absolute_url(), work.composer.get_absolute_url(), Performer.objects.get().get_absolute_url(),
                "/en/repertoire/"):
        assert client.get(f"{url}?{query}").status_code in (200, 404), (url, query)


# --- Query counts -----------------------------------------------------------------------------------------

def _concerts_with_programmes(count, works=4):
    """`count` published concerts (past and upcoming), each with `works` works and two performers."""
    venue = make_venue()
    now = timezone.now()
    concerts = Concert.objects.bulk_create(
        Concert(title=f"Concert {i}", slug=f"bulk-{i}", venue=venue, is_published=True,
                starts_at=now + timedelta(days=i - count // 2))
        for i in range(count))
    for i, concert in enumerate(concerts):
        concert_programme_set(concert=concert, entries=[(f"Composer {(i + n) % 7}", f"Work {(i + n) % 11}", "")
                                                        for n in range(works)])
        concert_performers_set(concert=concert, entries=[("Festival Orchestra", "orchestra"),
                                                         (f"Conductor {i % 3}", "conductor")])
    return concerts


@pytest.mark.parametrize("count", [3, 300])
def test_listings_and_record_pages_cost_constant_queries(client, django_assert_max_num_queries, count):
    make_profile()
    _concerts_with_programmes(count)
    work, performer = Work.objects.first(), Performer.objects.get(name_en="Festival Orchestra")
    # Home: next concerts with their programmes and performers, and (kept per content version, first request
    # only: fansite/views.py, `home_extras`) latest recording, quote, news and when the next of them is
    # scheduled. Listings: their page, filter choices and when they go stale, programmes, performers (on
    # PostgreSQL the rows' keys first, then the rows not in the fragment cache: one more). Search: one query
    # per kind of result (tests/test_search.py). Record pages: the record, the first page's upcoming and past
    # concerts read whole (a later page's keys, then its rows; and, on a page wholly in the past, the
    # upcoming count), their programmes and performers (concerts/pagination.py, UpcomingThenPast).
    pages = {"/en/": 10, "/en/concerts/": 6, "/en/concerts/past/": 6, "/en/repertoire/": 7,
             work.get_absolute_url(): 5, work.composer.get_absolute_url(): 6, performer.get_absolute_url(): 5,
             performer.get_absolute_url() + "?page=2": 7, Concert.objects.first().get_absolute_url(): 4,
             f"/en/venues/{Concert.objects.first().venue.slug}/": 7, "/en/search/?q=Composer+Work": 10}
    for url, queries in pages.items():
        with django_assert_max_num_queries(queries):
            response = client.get(url)
        # With 3 concerts there is no second page.
        assert response.status_code == (404 if url.endswith("?page=2") and count == 3 else 200), url


@pytest.mark.parametrize("works", [3, 300])
def test_repertoire_page_costs_constant_queries(client, django_assert_max_num_queries, django_assert_num_queries,
                                                settings, works):
    settings.PAGE_CACHE_SECONDS, settings.HTTP_CACHING = 0, False  # every request renders, the view alone counts
    concerts = _concerts_with_programmes(4, works=0)
    for n in range(works):
        make_programme(concerts[n % 4], ("Composer " + str(n % 40), f"Work {n}"))
    # First: the works with their entries (none yet), the programme rows grouped by work, the keys of the
    # concerts at their dates, the entries written (in a savepoint: three statements), those concerts.
    with django_assert_max_num_queries(7):
        html = client.get("/en/repertoire/").content.decode()
    assert html.count('<li class="repertoire__work">') == works
    # Then the works with their entries, and the concerts they name.
    with django_assert_num_queries(2):
        assert client.get("/en/repertoire/").content.decode() == html


# --- Sitemap and search -----------------------------------------------------------------------------------

def test_sitemap_lists_the_pages_of_public_records_only(client, settings):
    public, draft = make_concert(), make_concert(is_published=False)
    make_programme(public, ("Johann Sebastian Bach", "Chaconne"))
    make_programme(draft, ("Niccolò Paganini", "Caprice No. 24"))
    make_collaborator(public, "Festival Orchestra")
    make_collaborator(draft, "Secret Ensemble", "ensemble")
    body = "".join(client.get(f"/sitemap-{section}.xml").content.decode()
                   for section in ("repertoire", "works", "composers", "performers"))
    for url in ("/en/repertoire/", "/ru/repertoire/", "/en/repertoire/works/bach-chaconne/",
                "/en/repertoire/composers/johann-sebastian-bach/", "/en/performers/festival-orchestra/"):
        assert f"{settings.SITE_URL}{url}" in body
    assert "paganini" not in body and "secret-ensemble" not in body


def test_search_finds_works_and_composers_of_the_repertoire(client):
    concert = make_concert()
    make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"))
    make_work("Pyotr Ilyich Tchaikovsky", "Sérénade mélancolique")  # not in the repertoire
    html = client.get("/en/search/", {"q": "Tchaikovsky"}).content.decode()
    work = Work.objects.get(catalogue_number="Op. 35")
    assert f'href="{work.get_absolute_url()}"' in html and f'href="{work.composer.get_absolute_url()}"' in html
    assert "Sérénade" not in html


def test_every_page_links_the_repertoire_and_the_tours_and_the_press_kit_offers_it_to_presenters(client):
    make_profile()
    for url in ("/en/", "/ru/"):
        html = client.get(url).content.decode()
        assert f'href="{url}repertoire/"' in html and f'href="{url}concerts/series/"' in html
    press = client.get("/en/press/").content.decode()
    assert 'href="/en/repertoire/">The repertoire: every work she has performed' in press


# --- The works' stored entries (concerts.models.RepertoireEntry) ----------------------------------------

def shown(now=None):
    """{"Composer: Work": (times, first, latest and next concert ids)} as the repertoire page has them."""
    from concerts.repertoire import repertoire_works

    return {str(work): (work.times, *(c.pk if c else None for c in (work.first, work.latest, work.next)))
            for work in repertoire_works(now)}


def recomputed(now=None):
    """The same, computed from nothing: every entry made again (and the stored ones left as they were)."""
    from django.db import transaction

    from concerts.models import RepertoireEntry

    with transaction.atomic():
        RepertoireEntry.objects.all().delete()
        figures = shown(now)
        transaction.set_rollback(True)
    return figures


def computed_at():
    """{"Composer: Work": when its stored entry was computed}."""
    from concerts.models import RepertoireEntry

    return {str(entry.work): entry.computed_at for entry in RepertoireEntry.objects.select_related("work__composer")}


def test_each_edit_shows_at_once_and_recounts_only_the_works_it_touches():
    from concerts.services import concerts_set_status

    # Concert i plays "Composer k % 7: Work k % 11" for k = i and i + 1.
    # Loaded from the database, as an editor's form loads them (their changes are then known).
    concerts = [Concert.objects.get(pk=concert.pk) for concert in _concerts_with_programmes(12, works=2)]
    assert shown() == recomputed() and len(shown()) == 13

    def recounted():
        """The works whose entries the last edit made again; every figure as if computed from nothing."""
        before, figures = computed_at(), shown()
        assert figures == recomputed()
        return {work for work, moment in computed_at().items() if moment != before.get(work)}

    concert = concerts[3]
    concert.status = Concert.Status.CANCELLED
    concert.save()
    assert recounted() == {"Composer 3: Work 3", "Composer 4: Work 4"}

    # The row that named Work 6 names another work now.
    concert_programme_set(concert=concerts[5], entries=[("Composer 5", "Work 5", ""), ("Composer 0", "Work 10", "")])
    assert recounted() == {"Composer 6: Work 6", "Composer 0: Work 10"}

    concerts[7].starts_at += timedelta(days=400)
    concerts[7].save()
    assert recounted() == {"Composer 0: Work 7", "Composer 1: Work 8"}

    concerts[8].is_published = False
    concerts[8].save()
    assert recounted() == {"Composer 1: Work 8", "Composer 2: Work 9"}

    concerts[9].delete()
    assert recounted() == {"Composer 2: Work 9", "Composer 3: Work 10"}

    concerts[10].title = "Renamed"  # nothing the figures depend on
    concerts[10].save()
    assert recounted() == set()

    # A bulk action: every work's entry.
    concerts_set_status(concerts=Concert.objects.filter(pk=concerts[0].pk), status=Concert.Status.POSTPONED)
    assert recounted() == set(computed_at()) and len(computed_at()) == 14


def test_the_clock_moves_a_concert_from_next_to_latest_and_publishes_a_scheduled_one():
    from concerts.models import RepertoireEntry

    now = timezone.now()
    soon = make_concert(starts_at=now + timedelta(hours=1), publish_from=now - timedelta(days=1))
    make_programme(soon, ("Jean Sibelius", "Violin Concerto in D minor"))
    scheduled = make_concert(starts_at=now + timedelta(days=30), publish_from=now + timedelta(hours=2))
    make_programme(scheduled, ("Johannes Brahms", "Violin Sonata No. 1"))

    assert shown(now) == {"Jean Sibelius: Violin Concerto in D minor": (1, None, None, soon.pk)}
    assert RepertoireEntry.objects.get(work__title="Violin Concerto in D minor").valid_until == soon.starts_at
    assert RepertoireEntry.objects.get(work__title="Violin Sonata No. 1").valid_until == scheduled.publish_from

    later = now + timedelta(hours=3)
    assert shown(later) == recomputed(later) == {
        "Jean Sibelius: Violin Concerto in D minor": (1, soon.pk, soon.pk, None),
        "Johannes Brahms: Violin Sonata No. 1": (1, None, None, scheduled.pk)}


def test_an_entry_computed_from_what_was_read_before_an_edit_committed_is_made_again():
    """A visitor's request reads the programme, an editor's save commits and marks the work's entry
    expired, then the request writes the entry it computed: that entry must not count as current."""
    from concerts.models import RepertoireEntry
    from concerts.repertoire import expire_entries, refresh_entries

    concert = make_concert()
    make_programme(concert, ("Jean Sibelius", "Violin Concerto in D minor"))
    work = Work.objects.get()
    started = timezone.now()
    shown(started)
    expire_entries([work.pk])  # the editor's commit, after the request started
    refresh_entries([work.pk], started)  # the request's late write
    assert not RepertoireEntry.objects.get(work=work).is_current(timezone.now())
    shown()
    assert RepertoireEntry.objects.get(work=work).is_current(timezone.now())


def test_an_edit_of_many_rows_marks_the_entries_once_after_its_commit(django_capture_on_commit_callbacks):
    from django.db import transaction

    from concerts.repertoire import _ExpiryAfterCommit

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        concerts = _concerts_with_programmes(3, works=3)
        for concert in concerts:
            concert_programme_set(concert=concert, entries=[("Composer 1", "Work 1", "")])
    expiries = [callback for callback in callbacks if isinstance(callback, _ExpiryAfterCommit)]
    assert len(expiries) == 1
    assert {str(work) for work in Work.objects.filter(pk__in=expiries[0].work_ids)} == {
        f"Composer {n}: Work {n}" for n in range(5)}


def stored_and_current():
    """{"Composer: Work": whether its stored entry is current now}."""
    from concerts.models import RepertoireEntry

    now = timezone.now()
    return {str(entry.work): entry.is_current(now) for entry in RepertoireEntry.objects.select_related("work__composer")}


@pytest.mark.django_db(transaction=True)  # real commits, each running its callbacks
def test_a_committed_edit_makes_its_works_entries_again_so_the_next_visitor_computes_nothing():
    concerts = [Concert.objects.get(pk=concert.pk) for concert in _concerts_with_programmes(6, works=2)]
    shown()
    concert = concerts[3]
    concert.status = Concert.Status.CANCELLED
    concert.save()

    assert all(stored_and_current().values())
    before = computed_at()
    assert shown() == recomputed()
    assert computed_at() == before  # the page read the entries, computed none

    # Within an editor's transaction (the admin's): expired at once, made again after the commit.
    from django.db import transaction

    with transaction.atomic():
        concert_programme_set(concert=concerts[1], entries=[("Composer 0", "Work 9", "")])
        assert {work for work, current in stored_and_current().items() if not current} == {
            "Composer 1: Work 1", "Composer 2: Work 2"}
    assert all(stored_and_current().values())
    before = computed_at()
    assert shown() == recomputed() and "Composer 0: Work 9" in shown()
    assert computed_at() == before


@pytest.mark.django_db(transaction=True)
def test_an_edit_is_saved_when_its_entries_cannot_be_made_again_and_the_next_visitor_makes_them(monkeypatch, caplog):
    from django.db import OperationalError

    from concerts import repertoire

    concerts = [Concert.objects.get(pk=concert.pk) for concert in _concerts_with_programmes(6, works=2)]
    shown()
    concert = concerts[3]
    concert.status = Concert.Status.CANCELLED

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(repertoire, "refresh_entries", database_gone)
        concert.save()

    assert Concert.objects.get(pk=concert.pk).status == Concert.Status.CANCELLED
    assert {work for work, current in stored_and_current().items() if not current} == {
        "Composer 3: Work 3", "Composer 4: Work 4"}
    assert "left to the next request" in caplog.text
    assert shown() == recomputed()
    assert all(stored_and_current().values())


@pytest.mark.parametrize("whole_from_the_start", [False, True])
def test_record_pages_run_upcoming_soonest_first_then_past_latest_first_across_page_ends(whole_from_the_start):
    from concerts.pagination import SingleQueryPaginator, UpcomingThenPast

    now = timezone.now()
    upcoming = [make_concert(title=f"Upcoming {n}", starts_at=now + timedelta(days=n + 1)) for n in range(7)]
    past = [make_concert(title=f"Past {n}", starts_at=now - timedelta(days=n + 1)) for n in range(9)]
    for concert in [*upcoming, *past, make_concert(title="Other")]:
        make_programme(concert, ("Jean Sibelius", "Humoresque" if concert.title != "Other" else "Finlandia"))
    work = Work.objects.get(title="Humoresque")
    rows = Concert.objects.filter(programme__work=work).published().for_rows()

    for per_page in (1, 3, 7, 8, 20):
        paginator = SingleQueryPaginator(UpcomingThenPast(rows, now, whole_from_the_start), per_page)
        seen, number = [], 1
        while True:
            page = paginator.page(number)
            seen += [concert.title for concert in page.object_list]
            if not page.has_next():
                break
            number += 1
        assert seen == [c.title for c in upcoming] + [c.title for c in past], per_page
