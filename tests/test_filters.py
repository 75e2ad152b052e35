"""Archive and listing filters (city, country, venue, year), bad values, pages, and venue pages."""

import re
from datetime import timedelta
from html import unescape

import html5lib
import pytest
from django.utils import timezone

from concerts.models import Concert
from tests.factories import local, make_concert, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def venues():
    return {
        "carnegie": make_venue(name="Carnegie Hall", slug="carnegie-hall", city="New York", country="US",
                               timezone="America/New_York"),
        "great": make_venue(name="Great Hall", slug="great-hall", city="Moscow", country="RU"),
        "tchaikovsky": make_venue(name="Tchaikovsky Hall", slug="tchaikovsky-hall", city="Moscow", country="RU"),
    }


@pytest.fixture
def archive(venues):
    return {
        "ny_2023": make_concert(venue=venues["carnegie"], title="NY 2023", local=local(2023, 5, 1, 20, 0)),
        # 20:00 on New Year's Eve in New York is already 1 January in UTC: it belongs to 2024.
        "ny_eve": make_concert(venue=venues["carnegie"], title="NY New Year's Eve", local=local(2024, 12, 31, 20, 0)),
        "moscow_2024": make_concert(venue=venues["great"], title="Moscow 2024", local=local(2024, 3, 1, 19, 0)),
        # 01:00 on 1 January in Moscow is still 31 December in UTC: it belongs to 2025.
        "moscow_new_year": make_concert(venue=venues["tchaikovsky"], title="Moscow New Year", local=local(2025, 1, 1, 1, 0)),
    }


def titles(response):
    """The concerts' titles, in the order the listing's rows show them (on PostgreSQL the view's rows are
    their keys only: `Concert.objects.row_keys`)."""
    return [unescape(title) for title in re.findall(r'<h3 class="concert-row__title"><a [^>]*>(.*?)</a>',
                                                    response.content.decode())]


def test_past_page_has_a_labelled_get_form_that_works_without_script(client, archive):
    response = client.get("/en/concerts/past/")
    html = response.content.decode()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    assert '<form class="filters" method="get" action="/en/concerts/past/"' in html
    for name, label in (("city", "City"), ("country", "Country"), ("venue", "Venue"), ("year", "Year")):
        assert f'<label for="id_{name}">{label}</label>' in html
        assert f'<select name="{name}" id="id_{name}">' in html
    assert '<button class="button" type="submit">Filter</button>' in html
    assert response.context["filter"].facets.years == {2023, 2024, 2025}
    assert '<option value="New York">New York</option>' in html
    assert '<option value="great-hall">Great Hall, Moscow</option>' in html


@pytest.mark.parametrize(
    "query,expected",
    [
        ("city=Moscow", ["Moscow New Year", "Moscow 2024"]),
        ("city=moscow", ["Moscow New Year", "Moscow 2024"]),
        ("country=United+States", ["NY New Year's Eve", "NY 2023"]),
        ("venue=great-hall", ["Moscow 2024"]),
        ("year=2024", ["NY New Year's Eve", "Moscow 2024"]),
        ("year=2025", ["Moscow New Year"]),
        ("year=2023&city=New+York", ["NY 2023"]),
        ("city=Moscow&country=United+States", []),
    ],
)
def test_past_filters_use_the_venue_local_year(client, archive, query, expected):
    response = client.get(f"/en/concerts/past/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_selected_values_stay_selected(client, archive):
    html = client.get("/en/concerts/past/?city=Moscow&year=2024").content.decode()
    assert '<option value="Moscow" selected>Moscow</option>' in html
    assert '<option value="2024" selected>2024</option>' in html
    assert "Clear filters" in html


@pytest.mark.parametrize(
    "query",
    ["city=Atlantis", "year=abc", "year=1850", "year=-1", "year=99999999999999999999", "venue=no-such-hall",
     "venue=not a slug", "country=%00", "city=" + "x" * 5000],
)
def test_unknown_or_bad_filter_values_give_a_clean_page(client, archive, query):
    for url in ("/en/concerts/past/", "/en/concerts/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert list(response.context["concerts"]) == []
        assert "No concerts match these filters." in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "999999", "1.5", "99999999999999999999999"])
def test_bad_page_numbers_are_404_not_500(client, archive, page):
    response = client.get(f"/en/concerts/past/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pagination_keeps_the_filters(client, settings, venues):
    for i in range(settings.CONCERTS_PER_PAGE + 3):
        make_concert(venue=venues["great"], starts_at=timezone.now() - timedelta(days=i + 1))
    make_concert(venue=venues["carnegie"], starts_at=timezone.now() - timedelta(days=1))
    first = client.get("/en/concerts/past/?city=Moscow")
    html = first.content.decode()
    assert 'href="?city=Moscow&amp;page=2"' in html
    second = client.get("/en/concerts/past/?city=Moscow&page=2")
    assert len(second.context["concerts"]) == 3
    assert second.context["page_obj"].paginator.count == settings.CONCERTS_PER_PAGE + 3
    assert client.get("/en/concerts/past/?city=Moscow&page=3").status_code == 404
    assert client.get("/en/concerts/past/?page=last").status_code == 200


def test_upcoming_accepts_city_country_and_year(client, venues):
    now = timezone.now()
    moscow = make_concert(venue=venues["great"], title="Moscow soon", starts_at=now + timedelta(days=5))
    make_concert(venue=venues["carnegie"], title="NY soon", starts_at=now + timedelta(days=6))
    year = moscow.local_starts_at.year
    assert titles(client.get("/en/concerts/?city=Moscow")) == ["Moscow soon"]
    assert titles(client.get("/en/concerts/?country=United+States")) == ["NY soon"]
    assert titles(client.get(f"/en/concerts/?year={year}&city=Moscow")) == ["Moscow soon"]
    html = client.get("/en/concerts/?city=Moscow").content.decode()
    assert "Showing only: <strong>Moscow</strong>" in html
    assert 'href="/en/concerts/calendar.ics?city=Moscow"' in html


@pytest.mark.parametrize("count", [3, 300])
def test_filtered_listings_query_count_is_constant(client, django_assert_max_num_queries, venues, count):
    now = timezone.now()
    all_venues = list(venues.values())
    Concert.objects.bulk_create(
        Concert(title=f"C{i}", slug=f"c-{i}", venue=all_venues[i % 3], is_published=True,
                starts_at=now + timedelta(days=i - count // 2))
        for i in range(count)
    )
    # Each listing's first page after a save also groups its filter choices and asks when they go stale
    # (one query each; concerts/filters.py keeps them until then); every page reads its rows' programmes
    # and performers in two more; on PostgreSQL, one more reads whole the rows not in the fragment cache
    # (`Concert.objects.row_keys`).
    for url, max_queries in (("/en/concerts/past/?city=Moscow&year=2025&page=1", 6), ("/en/concerts/past/?venue=great-hall", 4),
                             ("/en/concerts/?city=Moscow", 6), (f"/en/concerts/?year={now.year}", 4)):
        with django_assert_max_num_queries(max_queries):
            assert client.get(url).status_code == 200


def test_venue_page_lists_its_concerts(client, venues):
    now = timezone.now()
    make_concert(venue=venues["great"], title="Here soon", starts_at=now + timedelta(days=3))
    make_concert(venue=venues["great"], title="Here before", starts_at=now - timedelta(days=3))
    make_concert(venue=venues["carnegie"], title="Elsewhere", starts_at=now + timedelta(days=3))
    response = client.get("/en/venues/great-hall/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Great Hall</h1>" in html and "Here soon" in html and "Here before" in html and "Elsewhere" not in html
    assert 'href="/en/concerts/past/?venue=great-hall"' in html
    assert 'href="/en/concerts/calendar.ics?venue=great-hall"' in html


def test_unknown_venue_is_404(client):
    assert client.get("/en/venues/no-such-hall/").status_code == 404


@pytest.mark.parametrize("count", [3, 300])
def test_venue_page_query_count_is_constant(client, django_assert_max_num_queries, venues, count):
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"C{i}", slug=f"c-{i}", venue=venues["great"], is_published=True,
                starts_at=now + timedelta(days=i - count // 2))
        for i in range(count)
    )
    # the venue, its upcoming and its recent concerts, each list with its rows' programmes and performers
    with django_assert_max_num_queries(7):
        assert client.get("/en/venues/great-hall/").status_code == 200


def test_filtered_listing_counts_without_counting_every_row(client, venues, settings, django_assert_max_num_queries):
    per_page = settings.CONCERTS_PER_PAGE
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"M{i}", slug=f"m-{i}", venue=venues["great"], is_published=True,
                starts_at=now + timedelta(days=i + 1))
        for i in range(per_page + 5)
    )
    make_concert(venue=venues["carnegie"], title="Only one in New York", starts_at=now + timedelta(days=2))
    # the page of concerts, the filter form's choices and when they go stale (concerts/filters.py), the
    # rows' programmes and performers (on PostgreSQL, the rows' keys first: `Concert.objects.row_keys`)
    with django_assert_max_num_queries(6):
        first = client.get("/en/concerts/?city=Moscow").content.decode()
    assert f"More than {per_page} concerts match." in first and 'rel="next"' in first
    assert "Page 1 of" not in first
    last = client.get("/en/concerts/?city=Moscow&page=2").content.decode()
    assert f"{per_page + 5} concerts match." in last and 'rel="next"' not in last and 'rel="prev"' in last
    assert "1 concert matches." in client.get("/en/concerts/?city=New+York").content.decode()
    assert client.get("/en/concerts/?city=Moscow&page=3").status_code == 404


@pytest.mark.parametrize("url", ["/en/concerts/", "/en/concerts/past/", "/concerts/calendar.ics"])
def test_years_far_from_today_are_simply_no_concerts(client, venues, archive, url):
    # Year 1 in Moscow (UTC+3) starts before the first moment a datetime can hold in UTC: once an
    # OverflowError on SQLite. Year 9998 in Kiribati ends past the last one.
    make_concert(venue=make_venue(timezone="Pacific/Kiritimati"), title="Kiribati", local=local(2024, 6, 1, 19, 0))
    make_concert(venue=make_venue(timezone="Pacific/Pago_Pago"), title="Samoa", local=local(2024, 6, 1, 19, 0))
    for year in ["1", "2", "999", "9998", "9999", "10000", "0", "-1", "99999999999999999999"]:
        response = client.get(url, {"year": year})
        assert response.status_code == 200, year
        if url != "/concerts/calendar.ics":
            assert titles(response) == [], year
        else:
            assert b"BEGIN:VEVENT" not in response.content, year


def _grouped_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]


def test_archive_choices_are_grouped_once_per_content_version(client, archive, venues):
    """The archive's choices come from the cache until content is saved; a save shows the new choice."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get("/en/concerts/past/")
    with CaptureQueriesContext(connection) as second:
        html = client.get("/en/concerts/past/").content.decode()
    assert len(_grouped_queries(first)) == 1
    assert _grouped_queries(second) == []
    assert '<option value="New York">New York</option>' in html

    make_concert(venue=make_venue(name="Philharmonie", slug="philharmonie", city="Berlin", country="DE",
                                  timezone="Europe/Berlin"), local=local(2024, 6, 1, 20, 0))
    assert '<option value="Berlin">Berlin</option>' in client.get("/en/concerts/past/").content.decode()


def test_archive_choices_are_kept_only_until_the_next_concert_starts(venues, archive):
    """A concert that starts joins the archive with no save: its city and year must be choices from then on."""
    from concerts.filters import cached_facets

    now = timezone.now()
    tokyo = make_venue(name="Suntory Hall", slug="suntory-hall", city="Tokyo", country="JP", timezone="Asia/Tokyo")
    make_concert(venue=tokyo, starts_at=now + timedelta(hours=1))
    before = cached_facets("past", Concert.objects.published(now).past(now), now=now)
    assert "Tokyo" not in before.cities
    still = cached_facets("past", Concert.objects.published(now).past(now), now=now + timedelta(minutes=30))
    assert "Tokyo" not in still.cities  # served from the cache: nothing started in between
    later = now + timedelta(hours=2)
    after = cached_facets("past", Concert.objects.published(later).past(later), now=later)
    assert "Tokyo" in after.cities


@pytest.mark.parametrize("listing, path", [("past", "/en/concerts/past/"), ("upcoming", "/en/concerts/")])
def test_every_page_shows_the_listing_in_order_once_with_rows_picked_by_key(client, venues, listing, path):
    """Later pages pick their rows by primary key first (RowsByKeyPaginator): walking every page gives each
    concert once, in the listing's order, ties in start time included, and the filters still apply."""
    now = timezone.now().replace(microsecond=0)
    sign = -1 if listing == "past" else 1
    for n in range(47):  # three same-minute concerts at a time: the order falls back on the key
        make_concert(venue=venues["great" if n % 4 else "carnegie"], title=f"Recital {n}",
                     starts_at=now + sign * timedelta(days=1 + n // 3))
    expected = Concert.objects.published()
    expected = expected.past() if listing == "past" else expected.upcoming().without_moved()
    for query, rows in (("", expected), ("city=Moscow&", expected.filter(venue__city="Moscow"))):
        seen, page = [], 1
        while (response := client.get(f"{path}?{query}page={page}")).status_code == 200:
            seen += [concert.pk for concert in response.context["concerts"]]
            page += 1
        assert page > 2 and response.status_code == 404
        assert seen == list(rows.values_list("pk", flat=True))


def test_the_filter_form_kept_per_language_and_query_is_the_one_each_request_renders(client, archive, settings):
    """The form's fields are rendered once per language and query and kept with the listing's choices
    (`ConcertFilter.fields_html`): each request must get its own values selected, in its own language."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 0  # each request renders its page
    urls = ["/en/concerts/past/", "/en/concerts/past/?city=Moscow", "/en/concerts/past/?city=New+York&year=2024",
            "/en/concerts/past/?year=abc", "/ru/concerts/past/", "/ru/concerts/past/?city=Moscow",
            "/en/concerts/past/?page=1&city=Moscow", "/en/concerts/"]

    def form(url):
        page = client.get(url).content.decode()
        return page[page.index('<form class="filters"'):page.index("</form>", page.index('<form class="filters"'))]

    kept = {url: form(url) for url in urls}
    assert '<option value="Moscow" selected>' in kept["/en/concerts/past/?city=Moscow"]
    assert '<option value="Moscow" selected>' not in kept["/en/concerts/past/"]
    assert "Все города" in kept["/ru/concerts/past/"]
    for cache in caches.all():  # every choice read and every form rendered again
        cache.clear()
    for url in urls:
        assert kept[url] == form(url), url


def test_a_chosen_venue_is_named_in_the_page_title(client, archive):
    page = client.get("/en/concerts/past/?venue=carnegie-hall").content.decode()
    assert "<title>Past concerts: Carnegie Hall, New York" in page


def test_made_up_values_share_one_kept_filter_form(client, archive, settings):
    """Only whether a value is one of the choices (or invalid) changes the form: made-up queries cannot
    fill the renderings kept with the choices (`ConcertFilter.fields_html`)."""
    from django.test.signals import template_rendered

    settings.PAGE_CACHE_SECONDS = 0
    rendered = []

    def seen(sender, template, context, **kwargs):
        if template.name == "concerts/includes/filter_fields.html":
            rendered.append(context["form"].data["city"])

    template_rendered.connect(seen)
    try:
        first = client.get("/en/concerts/past/?city=Atlantis").content.decode()
        second = client.get("/en/concerts/past/?city=El+Dorado").content.decode()
        client.get("/en/concerts/past/?city=Moscow")
        client.get("/en/concerts/past/?year=abc")  # invalid: aria-invalid, a form of its own
    finally:
        template_rendered.disconnect(seen)
    assert rendered == ["Atlantis", "Moscow", ""]

    def form(page):
        return page[page.index('<form class="filters"'):page.index("</form>", page.index('<form class="filters"'))]

    assert form(first) == form(second)
