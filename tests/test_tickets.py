"""Several ticket links per concert: the page, the JSON-LD offers, the admin inline (times in the venue's
zone) and the service the importer calls."""

import time as clock
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concerts.models import Concert, TicketLink
from concerts.services import concert_ticket_links_set
from concerts.timezones import NonexistentLocalTime, get_zone
from tests.factories import admin_concert_form, local, make_concert, make_ticket_link, make_venue
from tests.parsing import json_ld

pytestmark = pytest.mark.django_db

MOSCOW = get_zone("Europe/Moscow")


@pytest.fixture
def moscow():
    return make_venue(name="Great Hall", city="Moscow", country="RU", timezone="Europe/Moscow")


def page(client, concert):
    response = client.get(concert.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_on_sale_moment_the_page_says_when_sales_open(client, moscow):
    concert = make_concert(venue=moscow, local=local(2028, 4, 20), ticket_url="",
                           price_text="From 1 500 RUB")
    make_ticket_link(concert, seller="Philharmonia", url="https://tickets.example.com/later",
                     on_sale_at=datetime(2028, 3, 3, 10, 0, tzinfo=MOSCOW))
    html = page(client, concert)
    assert "Tickets from Friday 3 March, 10:00 Moscow time" in html
    assert 'href="https://tickets.example.com/later"' not in html  # not on sale yet: no button
    assert "From 1 500 RUB" in html  # the price is shown already
    # In Russian, the same moment in words.
    html_ru = client.get("/ru" + concert.get_absolute_url()[3:]).content.decode()
    assert "3 марта" in html_ru and "10:00" in html_ru


def test_a_cached_page_turns_into_a_ticket_link_when_sales_open(client, moscow):
    """The on-sale moment is a scheduled change like a concert's start: the cached page and its ETag last
    no longer than until then, and the next request shows the seller's link."""
    from fansite.page_cache import page_cache_timeout

    concert = make_concert(venue=moscow, local=local(2030, 4, 20), ticket_url="")
    make_ticket_link(concert, seller="Philharmonia", url="https://tickets.example.com/soon",
                     on_sale_at=timezone.now() + timedelta(seconds=2))
    first = client.get(concert.get_absolute_url())
    assert 'href="https://tickets.example.com/soon"' not in first.content.decode()
    assert page_cache_timeout() <= 2

    clock.sleep(2.2)
    later = client.get(concert.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200 and later["ETag"] != first["ETag"]
    assert 'href="https://tickets.example.com/soon"' in later.content.decode()
    assert json_ld(later.content.decode(), "MusicEvent")["offers"][0]["availability"] == "https://schema.org/InStock"


def test_links_on_sale_show_seller_kind_and_price_in_order(client, moscow):
    concert = make_concert(venue=moscow, ticket_url="https://box.example.com/", seller="Box office",
                           price_text="From 1 500 RUB")
    make_ticket_link(concert, seller="Friends of the Hall", url="https://friends.example.com/", kind="members", order=1)
    make_ticket_link(concert, seller="Stream", url="https://stream.example.com/", kind="livestream", order=2)
    html = page(client, concert)
    assert html.index("Box office") < html.index("Friends of the Hall") < html.index("Stream")
    assert "Members" in html and "Watch online" in html and "From 1 500 RUB" in html
    event = json_ld(html, "MusicEvent")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_one_offer_per_link_with_valid_from_price_and_availability(client, moscow):
    concert = make_concert(venue=moscow, local=local(2030, 5, 20), ticket_url="https://box.example.com/",
                           price_min=Decimal("1500"), price_currency="RUB", price_text="From 1 500 RUB")
    make_ticket_link(concert, seller="Presale club", url="https://presale.example.com/", kind="presale", order=1,
                     on_sale_at=datetime(2030, 3, 3, 10, 0, tzinfo=MOSCOW), price=Decimal("45.5"), currency="EUR")
    make_ticket_link(concert, seller="Returns desk", url="https://returns.example.com/", kind="returns", order=2)
    offers = json_ld(page(client, concert), "MusicEvent")["offers"]
    assert [offer["url"] for offer in offers] == ["https://box.example.com/", "https://presale.example.com/"]
    box, presale = offers
    assert (box["price"], box["priceCurrency"], box["description"]) == ("1500.00", "RUB", "From 1 500 RUB")
    assert box["availability"] == "https://schema.org/InStock"
    assert presale["validFrom"] == "2030-03-03T10:00:00+03:00"
    assert (presale["price"], presale["priceCurrency"]) == ("45.50", "EUR")
    assert presale["availability"] == "https://schema.org/PreOrder"  # sales have not opened yet
    assert presale["seller"] == {"@type": "Organization", "name": "Presale club"}


def test_sold_out_shows_only_the_returns_link(client, moscow):
    concert = make_concert(venue=moscow, status=Concert.Status.SOLD_OUT, ticket_url="https://box.example.com/")
    make_ticket_link(concert, seller="Returns desk", url="https://returns.example.com/", kind="returns", order=1)
    html = page(client, concert)
    assert 'href="https://returns.example.com/"' in html and "Join the waiting list" in html
    assert 'href="https://box.example.com/"' not in html
    assert [o["availability"] for o in json_ld(html, "MusicEvent")["offers"]] == ["https://schema.org/SoldOut"]


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_called_off_and_past_concerts_show_no_tickets(client, moscow, status):
    called_off = make_concert(venue=moscow, status=status, ticket_url="https://box.example.com/called-off")
    past = make_concert(venue=moscow, starts_at=timezone.now() - timedelta(days=2),
                        ticket_url="https://box.example.com/past")
    # The JSON-LD keeps a cancelled concert's offer (availability Discontinued); the page offers no tickets.
    assert 'href="https://box.example.com/called-off"' not in page(client, called_off)
    assert 'href="https://box.example.com/past"' not in page(client, past)
    listing = client.get("/en/concerts/past/").content.decode()
    assert "https://box.example.com/past" not in listing


def test_listing_button_is_the_first_link_on_sale_and_costs_no_query(client, moscow, django_assert_max_num_queries):
    concert = make_concert(venue=moscow, ticket_url="")
    make_ticket_link(concert, url="https://later.example.com/", order=0,
                     on_sale_at=timezone.now() + timedelta(days=3))
    make_ticket_link(concert, url="https://now.example.com/", order=1)
    # The page of concerts with their buttons, and the filter form's choices with when they go stale
    # (the first request after a save; concerts/filters.py), the rows' programmes and performers: no query
    # per row or per link (on PostgreSQL one more: the rows' keys first, `Concert.objects.row_keys`).
    with django_assert_max_num_queries(6):
        html = client.get("/en/concerts/").content.decode()
    assert 'href="https://now.example.com/"' in html and "https://later.example.com/" not in html


def test_the_listings_ticket_url_from_sql_follows_the_concerts_own_rule(moscow):
    """`with_ticket_url` (FirstTicketUrl, SQL of our own) picks the link `Concert.ticket_url` picks from the
    links themselves: the first in order on sale at that moment, with an address, not a returns list;
    a link whose sale opens exactly then counts; none is NULL, shown as ""."""
    now = timezone.now().replace(microsecond=0)
    cases = {
        "first in order": [dict(url="https://b.example.com/", order=1), dict(url="https://a.example.com/", order=0)],
        "same order, first made": [dict(url="https://a.example.com/", order=2), dict(url="https://b.example.com/", order=2)],
        "not on sale yet": [dict(url="https://later.example.com/", order=0, on_sale_at=now + timedelta(seconds=1)),
                            dict(url="https://now.example.com/", order=1)],
        "on sale from this moment": [dict(url="https://now.example.com/", order=0, on_sale_at=now)],
        "no address": [dict(url="", order=0), dict(url="https://b.example.com/", order=1)],
        "returns only": [dict(url="https://returns.example.com/", order=0, kind=TicketLink.Kind.RETURNS)],
        "none": [],
    }
    expected = {}
    for name, links in cases.items():
        concert = make_concert(venue=moscow, title=name, ticket_url="")
        for link in links:
            make_ticket_link(concert, **link)
        expected[concert.pk] = Concert.objects.get(pk=concert.pk)
    with_sql = Concert.objects.filter(pk__in=expected).with_ticket_url(now)
    # The rule in Python, at the same moment (`is_on_sale` reads the clock).
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert {c.pk: c.ticket_url for c in with_sql} == {pk: c.ticket_url for pk, c in expected.items()}
    picked = {c.title: c.ticket_url for c in with_sql}
    assert picked == {"first in order": "https://a.example.com/", "same order, first made": "https://a.example.com/",
                      "not on sale yet": "https://now.example.com/", "on sale from this moment": "https://now.example.com/",
                      "no address": "https://b.example.com/", "returns only": "", "none": ""}


def admin_data(concert, *rows):
    data = admin_concert_form(concert)
    data.update({"ticket_links-TOTAL_FORMS": str(len(rows)), "ticket_links-INITIAL_FORMS": "0"})
    for i, row in enumerate(rows):
        data.update({f"ticket_links-{i}-{key}": value for key, value in row.items()})
    return data


def test_admin_inline_takes_the_on_sale_moment_in_the_venues_zone(editor):
    tokyo = make_venue(name="Suntory Hall", city="Tokyo", country="JP", timezone="Asia/Tokyo")
    concert = make_concert(venue=tokyo, local=local(2030, 5, 20), ticket_url="")
    url = reverse("admin:concerts_concert_change", args=[concert.pk])
    form_html = editor.get(url).content.decode()
    assert "On sale from (Tokyo time)" in form_html

    response = editor.post(url, admin_data(concert, {
        "seller_en": "Suntory box office", "kind": "standard", "url": "https://suntory.example.com/",
        "price_text_en": "From 5 000 JPY", "price": "5000", "currency": "JPY",
        "on_sale_local_0": "2030-03-03", "on_sale_local_1": "10:00", "order": "1"}))
    assert response.status_code == 302
    link = concert.ticket_links.get()
    assert link.on_sale_at == datetime(2030, 3, 3, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
    assert (link.seller, link.price, link.currency) == ("Suntory box office", Decimal("5000.00"), "JPY")

    # Saved again as shown, the stored instant stays exactly as it was.
    shown = editor.get(url).content.decode()
    assert 'value="10:00"' in shown


def test_admin_inline_refuses_a_time_skipped_by_the_clocks(editor):
    berlin = make_venue(city="Berlin", country="DE", timezone="Europe/Berlin")
    concert = make_concert(venue=berlin, local=local(2030, 5, 20), ticket_url="")
    response = editor.post(reverse("admin:concerts_concert_change", args=[concert.pk]), admin_data(concert, {
        "seller_en": "Box office", "kind": "standard", "url": "https://box.example.com/",
        "on_sale_local_0": "2030-03-31", "on_sale_local_1": "02:30", "order": "1"}))
    assert response.status_code == 200
    assert "does not exist in Europe/Berlin" in response.content.decode()
    assert not concert.ticket_links.exists()


def test_price_without_currency_is_refused(editor, moscow):
    concert = make_concert(venue=moscow, ticket_url="")
    response = editor.post(reverse("admin:concerts_concert_change", args=[concert.pk]), admin_data(concert, {
        "seller_en": "Box office", "kind": "standard", "url": "https://box.example.com/", "price": "10", "order": "1"}))
    assert response.status_code == 200 and "Give the currency of the lowest price." in response.content.decode()


def test_service_replaces_the_links_with_local_on_sale_times(moscow):
    concert = make_concert(venue=moscow, ticket_url="https://old.example.com/")
    links = concert_ticket_links_set(concert=concert, links=[
        {"seller": "Box office", "url": "https://a.example.com/", "kind": "standard", "price": Decimal("10"),
         "currency": "EUR", "price_text": "From 10 EUR", "on_sale_local": datetime(2030, 3, 3, 10, 0)},
        {"seller": "Stream", "url": "https://b.example.com/", "kind": "livestream", "price": None, "currency": "",
         "price_text": "", "on_sale_local": None},
    ])
    assert [link.url for link in concert.ticket_links.all()] == ["https://a.example.com/", "https://b.example.com/"]
    assert links[0].on_sale_at == datetime(2030, 3, 3, 7, 0, tzinfo=UTC)
    assert [link.order for link in links] == [0, 1]


def test_service_keeps_the_old_links_when_a_new_one_is_invalid(moscow):
    concert = make_concert(venue=moscow, ticket_url="https://old.example.com/")
    with pytest.raises(ValidationError):
        concert_ticket_links_set(concert=concert, links=[
            {"seller": "Box office", "url": "not a link", "kind": "standard", "price": None, "currency": "",
             "price_text": "", "on_sale_local": None}])
    with pytest.raises(NonexistentLocalTime):
        berlin = make_venue(timezone="Europe/Berlin", country="DE")
        concert_ticket_links_set(concert=make_concert(venue=berlin), links=[
            {"seller": "Box office", "url": "", "kind": "", "price": None, "currency": "", "price_text": "",
             "on_sale_local": datetime(2030, 3, 31, 2, 30)}])
    assert list(concert.ticket_links.values_list("url", flat=True)) == ["https://old.example.com/"]


def test_copies_keep_their_ticket_links(moscow):
    from concerts.services import concert_duplicate

    concert = make_concert(venue=moscow, ticket_url="https://box.example.com/")
    make_ticket_link(concert, seller="VIP", kind="vip", url="https://vip.example.com/", order=1)
    copy = concert_duplicate(concert=concert)
    assert list(copy.ticket_links.values_list("kind", "url")) == [
        ("standard", "https://box.example.com/"), ("vip", "https://vip.example.com/")]
    assert TicketLink.objects.filter(concert=concert).count() == 2
