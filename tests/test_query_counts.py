"""Public pages cost a constant number of queries however many concerts exist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from concerts.models import Concert
from tests.factories import make_collaborator, make_concert, make_profile, make_programme, make_quote, make_venue

pytestmark = pytest.mark.django_db


def _bulk_concerts(count):
    venues = [make_venue() for _ in range(3)]
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"Concert {i}", slug=f"bulk-{i}", venue=venues[i % 3], is_published=True,
                starts_at=now + timedelta(days=(i - count // 2)))
        for i in range(count)
    )


@pytest.mark.parametrize("count", [3, 300])
# A listing's first request after a save also groups its filter choices and asks when they go stale
# (concerts/filters.py); later requests read them from the cache. Listings (and the home page's) read their
# rows' programmes and performers in two more queries. Home: quote, next concerts (and their programmes
# and performers), latest recording, news; the artist's profile comes with the page frame.
# On PostgreSQL the listings and home read their rows' keys first and the rows themselves only for those not
# in the fragment cache (`Concert.objects.row_keys`): one query more when they are not. Home's recording,
# quote and news are kept per content version (fansite/views.py, `home_extras`): the first request after a
# save reads them and when the next of them is scheduled to appear or go (three queries), later ones neither.
@pytest.mark.parametrize("url,max_queries,again", [("/en/", 10, 1), ("/en/concerts/", 6, 3), ("/en/concerts/past/", 6, 3),
                                                   ("/en/about/", 4, 4)])
def test_public_pages_query_count_is_constant(client, django_assert_max_num_queries, count, url, max_queries, again):
    make_profile()
    make_quote()
    _bulk_concerts(count)
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(again):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("works", [1, 40])
def test_concert_page_query_count_is_constant(client, django_assert_max_num_queries, works):
    _bulk_concerts(3)
    concert = Concert.objects.first()
    make_programme(concert, *[("Composer", f"Work {i}") for i in range(works)])
    # The concert (with its venue and series), its programme, performers and ticket links; the artist's
    # name and portrait come with the page frame.
    with django_assert_max_num_queries(4) as captured:
        assert client.get(concert.get_absolute_url()).status_code == 200
    # A concert that did not move joins no other performance (the digest of its other records reads them
    # in subqueries), and no query reads the search document.
    concert_query = next(q["sql"] for q in captured.captured_queries if '"concerts_concert"."slug" =' in q["sql"])
    assert concert_query[concert_query.rindex('FROM "concerts_concert"'):].count(" JOIN ") == 2
    assert not any("search_vector" in q["sql"] for q in captured.captured_queries)
    # Its article in the fragment cache, the page reads the concert alone (concerts/views.py, `concert_page`)
    # on either database: its records' digest comes with it.
    with django_assert_max_num_queries(1):
        assert client.get(concert.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", ["/en/", "/en/concerts/", "/en/concerts/past/"])
def test_listing_rows_query_joins_only_the_venue(client, django_assert_max_num_queries, url):
    """The moved performances are read after the rows, and only when there are any (concerts.models.load_moves):
    joined to every listing query, they cost 3.5 ms a page at 100,000 concerts."""
    make_profile()
    _bulk_concerts(30)
    with django_assert_max_num_queries(10) as captured:  # a first request: see the counts above
        assert client.get(url).status_code == 200
    rows_query = next(q["sql"] for q in captured.captured_queries if '"replaced_concert_id"' in q["sql"])
    assert rows_query.count("INNER JOIN") == 1 and '"concerts_venue"' in rows_query
    assert "OUTER JOIN" not in rows_query


def test_venue_page_loads_the_programmes_of_both_its_lists_at_once(client, django_assert_max_num_queries):
    """The venue's next and recent concerts are rendered together (`rows_of_listings`): the venue, each list's
    rows, then the programmes and performers of all of them in two queries, not two a list."""
    make_profile()
    venue = make_venue()
    for days in (-20, -10, 10, 20):
        concert = make_concert(venue=venue, starts_at=timezone.now() + timedelta(days=days), title=f"In {days} days")
        make_programme(concert, ("Johannes Brahms", f"Sonata in {days} days"))
        make_collaborator(concert, name="Alexei Volodin", role="pianist")
    with django_assert_max_num_queries(5):
        html = client.get(venue.get_absolute_url()).content.decode()
    assert html.count('<li class="concert-row">') == 4
    assert html.count("Brahms") == 4 and html.count("Alexei Volodin") == 4


def test_venue_page_shows_a_bounded_number_of_upcoming_concerts(client, settings):
    venue = make_venue()
    start = timezone.now() + timedelta(days=1)
    Concert.objects.bulk_create(
        Concert(title=f"At the hall {i}", slug=f"hall-{i}", venue=venue, is_published=True,
                starts_at=start + timedelta(days=i))
        for i in range(settings.CONCERTS_PER_PAGE + 5)
    )
    html = client.get(venue.get_absolute_url()).content.decode()
    assert html.count('<li class="concert-row">') == settings.CONCERTS_PER_PAGE
    assert ">At the hall 0<" in html and f">At the hall {settings.CONCERTS_PER_PAGE}<" not in html
    assert f"/concerts/?venue={venue.slug}" in html  # the listing pages through the rest
