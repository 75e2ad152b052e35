"""Site search: concerts by title, venue, city, work and composer; recordings; the biography.

Runs on whatever DATABASE_URL points at: SQLite by default (substring search), PostgreSQL full-text when set.
"""

import html5lib
import pytest
from django.db import connection

from fansite.page_frame import site_frame
from concerts.search import public_records
from fansite.search import search
from fansite.text_search import clean_query
from concerts.models import Performer
from tests.factories import (make_collaborator, make_concert, make_milestone, make_profile, make_programme,
                             make_recording, make_venue)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    make_profile(long_bio="She grew up in Moscow.\n\nShe studied at the Moscow Conservatory with esteemed teachers.")
    carnegie = make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")
    moscow = make_venue(name="Great Hall of the Moscow Conservatory", city="Moscow")
    tchaikovsky = make_concert(venue=moscow, title="Winter Recital", slug="winter-recital")
    make_programme(tchaikovsky, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major"))
    bach = make_concert(venue=carnegie, title="An Evening at Carnegie Hall", slug="carnegie-evening")
    make_programme(bach, ("Johann Sebastian Bach", "Partita No. 2"), ("Eugène Ysaÿe", "Sonata No. 3"))
    draft = make_concert(venue=moscow, title="Secret Tchaikovsky night", slug="secret", is_published=False)
    make_programme(draft, ("Pyotr Ilyich Tchaikovsky", "Sérénade mélancolique"))
    make_recording(title="Live in Moscow", label="Melodiya")
    make_recording(title="Unreleased takes", label="Melodiya", is_published=False)
    make_milestone(title="Regional competition wins", description="Wins several regional competitions.")
    return {"tchaikovsky": tchaikovsky, "bach": bach}


def titles(results):
    return {c.title for c in results.concerts}


def test_search_finds_a_concert_by_composer_name(client, catalogue):
    response = client.get("/en/search/", {"q": "Tchaikovsky"})
    assert response.status_code == 200
    assert titles(response.context["results"]) == {"Winter Recital"}  # the draft is not found
    assert "Winter Recital" in response.content.decode()


@pytest.mark.parametrize("query,expected", [
    ("Bach", {"An Evening at Carnegie Hall"}),
    ("Partita", {"An Evening at Carnegie Hall"}),
    ("Ysaÿe", {"An Evening at Carnegie Hall"}),
    ("violin concerto", {"Winter Recital"}),
    ("Carnegie", {"An Evening at Carnegie Hall"}),
    ("New York", {"An Evening at Carnegie Hall"}),
    ("Moscow", {"Winter Recital"}),
    ("winter recital", {"Winter Recital"}),
    ("Tchaik", {"Winter Recital"}),  # part of a word
    ("Brahms", set()),
])
def test_concerts_by_title_venue_city_work_and_composer(catalogue, query, expected):
    assert titles(search(query)) == expected


def test_recordings_by_title_and_label_published_only(catalogue):
    assert [r.title for r in search("Melodiya").recordings] == ["Live in Moscow"]
    assert [r.title for r in search("live").recordings] == ["Live in Moscow"]


def test_biography_and_milestones(client, catalogue):
    results = search("conservatory")
    assert any("esteemed teachers" in p for p in results.biography)
    results = search("competition")
    assert [m.title for m in results.milestones] == ["Regional competition wins"]
    html = client.get("/en/search/", {"q": "competition"}).content.decode()
    assert "Regional competition wins" in html and 'href="/en/about/#milestones"' in html


ODD_QUERIES = [
    "", "   ", "\t\n", "x" * 10_000, "Чайковский", "柴可夫斯基", "Ysaÿe 🎻", "%", "_", "%_%", "'", "''", '"', "\\",
    "\x00", "a\x00b", "Bach\x00", "<script>alert(1)</script>", "-", "!", "&", "|", "!()", ":*", "a:* & !b",
    "or", "the", "and or not", "' OR 1=1 --", "\u202e", "\ufeff", "\ud7ff", "*" * 500, "a " * 5000,
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_never_fail(client, catalogue, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True).parse(response.content.decode())


def test_nul_byte_in_the_raw_query_string(client, catalogue):
    assert client.get("/en/search/?q=Bach%00").status_code == 200
    assert client.get("/en/search/?q=%00%00").status_code == 200
    assert client.get("/en/search/?q=%FF%FE").status_code == 200
    assert client.get("/en/search/?q=a&q=b").status_code == 200


def test_query_is_cleaned_and_capped(settings):
    assert clean_query("  Bach\x00 \n Partita ") == "Bach Partita"
    assert clean_query("\x00\x01\x7f") == ""
    assert len(clean_query("y" * 10_000)) == settings.SEARCH_MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_empty_query_shows_the_form_only(client):
    response = client.get("/en/search/")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["results"].count == 0
    assert '<label for="search-page-q">Search the site</label>' in html
    assert "Nothing found" not in html


def test_header_has_a_labelled_search_form(client):
    make_profile()
    html = client.get("/en/").content.decode()
    assert '<form class="search-form search-form--header" role="search" action="/en/search/" method="get">' in html
    assert '<label for="site-search-q" class="visually-hidden">Search the site</label>' in html
    assert 'id="site-search-q" type="search" name="q"' in html


def test_an_orchestra_is_found_with_a_link_to_its_page_but_not_before_it_plays_in_public(client):
    make_profile()
    concert = make_concert(title="Season opening", is_published=False)
    make_collaborator(concert, "Ural Youth Orchestra")
    assert "Ural Youth Orchestra" not in client.get("/en/search/", {"q": "Ural"}).content.decode()
    concert.is_published = True
    concert.save()
    html = client.get("/en/search/", {"q": "ural youth"}).content.decode()
    performer = Performer.objects.get()
    assert f'<a href="{performer.get_absolute_url()}">Ural Youth Orchestra</a> <span class="search-results__meta">Orchestra</span>' in html


@pytest.mark.parametrize("count", [2, 60])
def test_search_costs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    make_profile(long_bio="Born in Moscow, she learnt Bach first.")
    venue = make_venue(city="Moscow")
    for i in range(count):
        concert = make_concert(venue=venue, title=f"Bach evening {i}")
        make_programme(concert, ("Johann Sebastian Bach", f"Partita {i}"), ("J. S. Bach", "Chaconne"))
        make_collaborator(concert, name=f"Moscow Bach Ensemble {i}")
        make_milestone(title=f"Bach in Moscow {i}")
        make_recording(title=f"Bach: Moscow sessions {i}")
    make_programme(make_concert(venue=venue), ("Bach Moscow", "Moscow Bach"))  # a work and a composer that match
    site_frame()
    # Which works, composers and performers may be shown: kept per content version (concerts/search.py),
    # built by three queries (works, performers, the next scheduled change) once.
    with django_assert_max_num_queries(3):
        public_records()
    # Concerts: their keys (here the walk over the nearest concerts: the upcoming ones, then for the smaller
    # site the past ones too; at most three in all, the walk's two and the ranked query, as the walk's test
    # below checks), their rows, their programmes and performers (two). The documents of every other kind:
    # one query. Then one per kind with a match: works, composers, performers, recordings, milestones, the
    # profile (news has none here).
    with django_assert_max_num_queries(12):
        response = client.get("/en/search/", {"q": "Bach Moscow"})
    results = response.context["results"]
    assert len(results.concerts) == min(count + 1, 20)
    assert results.works and results.composers and results.performers and results.recordings and results.milestones
    assert results.profile and len(results.milestones) == min(count, 20)


def test_works_composers_and_performers_show_once_their_concert_is_published(client, monkeypatch, settings):
    """What search may show of them is kept (`public_records`), until a save or the next scheduled
    publication: neither a save nor the clock leaves a record hidden or shown longer than its concert."""
    from datetime import timedelta

    from django.utils import timezone

    settings.PAGE_CACHE_SECONDS = 0  # the pages themselves: their own tests (tests/test_cache.py)
    now = timezone.now()
    concert = make_concert(title="Spring recital", publish_from=now + timedelta(hours=2))
    make_programme(concert, ("Amy Beach", "Romance"))
    make_collaborator(concert, name="Lyra Quartet")
    assert client.get("/en/search/", {"q": "Romance"}).context["results"].works == []
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=3))
    assert client.get("/en/search/", {"q": "Romance"}).context["results"].works[0].title == "Romance"
    assert [c.name for c in client.get("/en/search/", {"q": "Beach"}).context["results"].composers] == ["Amy Beach"]
    assert [p.name for p in client.get("/en/search/", {"q": "Lyra"}).context["results"].performers] == ["Lyra Quartet"]
    concert.is_published = False
    concert.save()
    results = client.get("/en/search/", {"q": "Romance"}).context["results"]
    assert results.works == [] and client.get("/en/search/", {"q": "Lyra"}).context["results"].performers == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgresql_full_text_matches_word_forms_and_ranks(catalogue):
    # English stemming: "sonatas" finds "Sonata", "evenings" finds "Evening"; websearch syntax excludes with "-".
    assert titles(search("sonatas")) == {"An Evening at Carnegie Hall"}
    assert titles(search("evenings")) == {"An Evening at Carnegie Hall"}
    assert titles(search("Moscow -winter")) == set()



@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_plain_words_match_as_prefixes_alone_and_find_what_both_readings_found(catalogue):
    """Plain words are matched as prefixes only (a second condition made PostgreSQL read every row at
    100,000 concerts); the syntax only the typed reading understands keeps it."""
    from django.db.models import Q

    from concerts.models import Concert
    from fansite.text_search import document_condition as search_condition, full_text_query, prefix_query

    concert = catalogue["tchaikovsky"]
    concert.title = "Concerto Op.35 evening"
    concert.save()
    for query in ("Tchaikovsky", "violin concertos", "Evenings Carnegie", "Tchaik conc", "the winter", "Bach Moscow"):
        assert "websearch_to_tsquery" not in str(Concert.objects.filter(search_condition(query)).query), query
        both = Q(search_vector=full_text_query(query)) | Q(search_vector=prefix_query(query))
        assert (set(Concert.objects.filter(search_condition(query)).values_list("pk", flat=True))
                == set(Concert.objects.filter(both).values_list("pk", flat=True))), query
    for query in ('"violin concerto"', "Bach or Tchaikovsky", "Moscow -winter", "Op.35"):
        assert "websearch_to_tsquery" in str(Concert.objects.filter(search_condition(query)).query), query
    assert titles(search("Bach or Tchaikovsky")) == {"An Evening at Carnegie Hall", "Concerto Op.35 evening"}
    assert titles(search("Op.35")) == {"Concerto Op.35 evening"}
    assert titles(search('"violin concerto"')) == {"Concerto Op.35 evening"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_a_number_is_matched_whole_and_a_word_as_a_prefix(catalogue):
    concert = catalogue["tchaikovsky"]
    concert.title = "Concerto No. 35 evening"
    concert.save()
    assert titles(search("Concerto 35")) == {"Concerto No. 35 evening"}
    assert titles(search("Conc 35")) == {"Concerto No. 35 evening"}
    assert titles(search("Concerto 3")) == set()
    assert titles(search("Concerto -35")) == set()
    assert titles(search("Sonata 3")) == {"An Evening at Carnegie Hall"}
    # A year stays a prefix: the parser reads "2024/25" as one word.
    concert.title = "Season 2024/25 opening"
    concert.save()
    assert titles(search("Season 2024")) == {"Season 2024/25 opening"}


# --- The stored search document (concerts/search.py) -------------------------------------------------

def test_a_composer_on_the_programme_ranks_above_a_hall_named_after_him_and_upcoming_come_soonest_first():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    hall = make_venue(name="Tchaikovsky Concert Hall", city="Moscow")
    elsewhere = make_venue(name="Philharmonie", city="Berlin", timezone="Europe/Berlin")
    in_the_hall = make_concert(venue=hall, title="Brahms in the hall", starts_at=now + timedelta(days=2))
    make_programme(in_the_hall, ("Johannes Brahms", "Violin Sonata No. 1"))
    later, sooner, past, long_ago = (
        make_concert(venue=elsewhere, title=title, starts_at=now + timedelta(days=days))
        for title, days in (("Later", 60), ("Sooner", 5), ("Past", -10), ("Long ago", -400))
    )
    for concert in (later, sooner, past, long_ago):
        make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto"))
    found = [c.title for c in search("Tchaikovsky").concerts]
    if connection.vendor == "postgresql":
        assert found == ["Sooner", "Later", "Past", "Long ago", "Brahms in the hall"]
    else:  # no ranking on SQLite: upcoming soonest first, then past latest first
        assert found == ["Brahms in the hall", "Sooner", "Later", "Past", "Long ago"]


def test_the_document_follows_edits_of_the_concert_its_venue_its_programme_and_performers():
    from tests.factories import make_collaborator

    venue = make_venue(name="Small Hall", city="Kazan")
    concert = make_concert(venue=venue, title="Spring Recital")
    assert titles(search("Kazan")) == {"Spring Recital"}
    [item] = make_programme(concert, ("Eugène Ysaÿe", "Sonata No. 3"))
    assert titles(search("Ysaÿe")) == {"Spring Recital"}
    venue.city = "Samara"
    venue.save()
    assert titles(search("Kazan")) == set() and titles(search("Samara")) == {"Spring Recital"}
    make_collaborator(concert, name="Kremerata Baltica")
    assert titles(search("Kremerata")) == {"Spring Recital"}
    item.delete()
    concert.title = "Autumn Recital"
    concert.save()
    assert titles(search("Ysaÿe")) == set() and titles(search("Autumn")) == {"Autumn Recital"}


def test_search_ignores_case_in_every_alphabet(catalogue):
    assert titles(search("ЧАЙКОВСКИЙ")) == titles(search("чайковский")) == set()  # no Russian text yet
    concert = catalogue["tchaikovsky"]
    concert.title_ru = "Зимний вечер"
    concert.save()
    assert titles(search("зимний")) == titles(search("ЗИМНИЙ")) == {"Winter Recital"}


def test_admin_search_by_title_city_and_composer_reads_the_document(editor, catalogue):
    from django.urls import reverse

    for term, expected in (("Winter", "Winter Recital"), ("New York", "An Evening at Carnegie Hall"),
                           ("Ysaÿe", "An Evening at Carnegie Hall"), ("Tchaik", "Winter Recital")):
        response = editor.get(reverse("admin:concerts_concert_changelist"), {"q": term})
        assert response.status_code == 200
        assert [c.title for c in response.context["cl"].result_list if c.is_published] == [expected]


def test_admin_search_reads_its_page_rows_by_key_without_searching_again(editor, catalogue, monkeypatch):
    """The keys of a page come from the search; the page's rows are then read by those keys alone
    (`UpcomingThenPast(rows_by_key=...)`): the search condition again cost a second pass over the index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from concerts.admin import ConcertAdmin

    monkeypatch.setattr(ConcertAdmin, "list_per_page", 2)
    for number in range(3):
        make_programme(make_concert(title=f"Winter night {number}"), ("Jean Sibelius", "Violin Concerto"))
    shown = []
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(reverse("admin:concerts_concert_changelist"), {"q": "Winter", "p": page})
        shown += [c.title for c in response.context["cl"].result_list]
        whole = [q["sql"] for q in queries if '"concerts_concert"."description"' in q["sql"]]
        assert len(whole) == 1 and "search_" not in whole[0].split(" FROM ")[1], whole
    assert sorted(shown) == ["Winter Recital", "Winter night 0", "Winter night 1", "Winter night 2"]


@pytest.mark.parametrize("nearest_rows", [3, 8, 12, 15, 19, 200])
def test_the_walk_over_the_nearest_concerts_chooses_what_ordering_every_match_chooses(monkeypatch, nearest_rows):
    """`_nearest_decide` decides from the concerts nearest in time only when they settle the first results,
    and then chooses exactly what the ranked query over every match chooses: for common words, rare ones,
    words of the venue alone, drafts and concerts outside their publication window in between."""
    from datetime import timedelta

    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    import concerts.search as concert_search
    from concerts.models import Concert
    from fansite.text_search import document_condition

    monkeypatch.setattr(concert_search, "NEAREST_ROWS", nearest_rows)
    now = timezone.now()
    hall = make_venue(name="Brahms Saal", city="Vienna", timezone="Europe/Vienna")
    elsewhere = make_venue(name="Philharmonie", city="Berlin", timezone="Europe/Berlin")
    for day in range(-9, 10):
        composer = ("Johannes Brahms", "Violin Sonata") if day % 3 else ("Pyotr Ilyich Tchaikovsky", "Serenade")
        concert = make_concert(venue=hall if day % 2 else elsewhere, title=f"Evening {day}",
                               starts_at=now + timedelta(days=day, hours=(day % 4) - 2 if day else 1),
                               is_published=day != 4, publish_until=now - timedelta(days=1) if day == -5 else None)
        make_programme(concert, composer)
    twin = make_concert(venue=hall, title="Evening twin", starts_at=Concert.objects.get(title="Evening 2").starts_at)
    make_programme(twin, ("Johannes Brahms", "Violin Sonata"))  # same start: the order falls back to the key
    past_twin = make_concert(venue=elsewhere, title="Evening past twin",
                             starts_at=Concert.objects.get(title="Evening -2").starts_at)
    make_programme(past_twin, ("Johannes Brahms", "Violin Sonata"))
    # 10 published upcoming concerts and 9 past ones: a walk of 12 or 15 reads part of the past, of 19 all
    now = timezone.now()  # every concert's publication has begun
    decided = []
    for query in ("Evening", "Brahms", "Tchaikovsky", "Vienna", "Saal Evening", "Violin -Serenade", "nowhere"):
        for limit in (1, 2, 5, 11, 20):
            expected = list(concert_search.ordered_by_relevance(
                Concert.objects.published(now).filter(document_condition(query)), query, now)
                .values_list("pk", flat=True)[:limit])
            with CaptureQueriesContext(connection) as walk:
                chosen = concert_search._nearest_decide(query, limit, now)
            assert len(walk.captured_queries) <= 2
            if chosen is not None:
                assert chosen == expected, (query, limit)
                decided.append((query, limit))
            with CaptureQueriesContext(connection) as searching:
                found = concert_search.search_concerts(query, limit)
            assert [c.pk for c in found] == expected, (query, limit)
            assert len(searching.captured_queries) <= 3 + bool(expected)  # keys: the walk's two, the ranked query
    if nearest_rows > 19:  # every published concert fits: the walk decides everything
        assert len(decided) == 35
    else:  # the nearest decide a word every concert has, not a word of the venue alone
        assert ("Evening", 1) in decided and ("Evening", 2) in decided
        assert ("Evening", 20) not in decided
        if connection.vendor == "postgresql":
            assert ("Vienna", 1) not in decided
    if nearest_rows in (12, 15):  # the past read in part decides a word every concert has
        assert ("Evening", 11) in decided
