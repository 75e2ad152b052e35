"""A venue's country is an ISO code chosen from a list (django-countries), named in the page's language;
old links and stored alert places that name a country keep working."""

import pytest
from django.urls import reverse

from concerts.countries import country_code, country_name
from concerts.models import Venue
from fansite.alerts.models import AlertStatus, AlertSubscription, place_choices
from tests.factories import english_fields, make_concert, make_venue
from tests.parsing import json_ld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text,code", [
    ("Russia", "RU"), ("Россия", "RU"), (" russia ", "RU"), ("RU", "RU"), ("rus", "RU"),
    ("United States", "US"), ("United States of America", "US"), ("США", "US"), ("USA", "US"),
    ("Япония", "JP"), ("United Kingdom", "GB"), ("Великобритания", "GB"), ("Germany", "DE"),
    ("Atlantis", ""), ("", ""), ("\x00", ""),
])
def test_names_in_any_language_map_to_codes(text, code):
    assert country_code(text) == code


def test_names_come_from_the_code_in_each_language():
    assert (country_name("RU", "en"), country_name("RU", "ru")) == ("Russia", "Россия")
    assert country_name("XX") == "" and country_name("") == ""


def test_venue_form_offers_countries_by_code_and_suggests_canonical_zone(editor):
    page = editor.get(reverse("admin:concerts_venue_add")).content.decode()
    assert '<select name="country"' in page and '<option value="JP">Japan</option>' in page
    assert "Asia/Tokyo" in page and "Africa/Asmera" not in page  # canonical zones only

    response = editor.post(reverse("admin:concerts_venue_add"), english_fields({
        "name": "Suntory Hall", "slug": "suntory-hall", "city": "Tokyo", "country": "JP", "timezone": "",
        "address": "", "coordinates": "", "latitude": "", "longitude": "", "website": "",
    }))
    assert response.status_code == 302
    venue = Venue.objects.get(slug="suntory-hall")
    assert (venue.country.code, venue.timezone) == ("JP", "Asia/Tokyo")

    bad = editor.post(reverse("admin:concerts_venue_add"), english_fields({
        "name": "Nowhere", "slug": "nowhere", "city": "Atlantis", "country": "Atlantis", "timezone": "Europe/Moscow",
        "address": "", "coordinates": "", "latitude": "", "longitude": "", "website": "",
    }))
    assert bad.status_code == 200 and not Venue.objects.filter(slug="nowhere").exists()


def test_pages_name_the_country_in_the_page_language_and_json_ld_has_the_code(client):
    concert = make_concert(venue=make_venue(city="Moscow", city_ru="Москва", country="RU"))
    html_en = client.get(concert.get_absolute_url()).content.decode()
    html_ru = client.get("/ru" + concert.get_absolute_url()[3:]).content.decode()
    assert "Moscow</span>, Russia" in html_en and "Москва</span>, Россия" in html_ru
    assert json_ld(html_en, "MusicEvent")["location"]["address"]["addressCountry"] == "RU"
    assert "Москва, Россия" in client.get("/ru/concerts/").content.decode()
    assert "Moscow, Russia" in client.get("/en/concerts/").content.decode()


@pytest.mark.parametrize("value", ["RU", "ru", "Russia", "Россия", "RUS"])
def test_country_filter_takes_the_code_and_old_links_with_names(client, value):
    moscow = make_concert(venue=make_venue(country="RU"), title="In Moscow")
    make_concert(venue=make_venue(country="US", timezone="America/New_York"), title="In New York")
    response = client.get("/en/concerts/", {"country": value})
    # the view's rows are their keys on PostgreSQL (`Concert.objects.row_keys`)
    assert [c.pk for c in response.context["concerts"]] == [moscow.pk]
    calendar = client.get("/concerts/calendar.ics", {"country": value}).content.decode()
    assert "In Moscow" in calendar and "In New York" not in calendar


@pytest.mark.parametrize("value", ["Atlantis", "ZZ", "\x00", "x" * 4000, "<script>"])
def test_unknown_countries_match_nothing_and_never_fail(client, value):
    make_concert(venue=make_venue(country="RU"))
    response = client.get("/en/concerts/past/", {"country": value})
    assert response.status_code == 200 and list(response.context["concerts"]) == []


def test_archive_country_choices_are_codes_with_names(client):
    from datetime import timedelta

    from django.utils import timezone

    make_concert(venue=make_venue(country="RU"), starts_at=timezone.now() - timedelta(days=3))
    html = client.get("/en/concerts/past/").content.decode()
    assert '<option value="RU">Russia</option>' in html


def test_alerts_follow_countries_by_code_and_offer_them_by_name():
    moscow = make_venue(city="Moscow", country="RU")
    new_york = make_venue(city="New York", country="US", timezone="America/New_York")
    in_moscow, in_new_york = make_concert(venue=moscow), make_concert(venue=new_york)
    subscription = AlertSubscription.objects.create(email="fan@example.net", status=AlertStatus.CONFIRMED,
                                                    countries=["RU"])
    from concerts.models import Concert

    assert list(Concert.objects.filter(subscription.places_q())) == [in_moscow]
    assert in_new_york not in Concert.objects.filter(subscription.places_q())
    _cities, countries = place_choices()
    assert countries == [("RU", "Russia"), ("US", "United States of America")]
    assert subscription.places_label == "Russia"


def test_admin_lists_and_filters_venues_by_country_name(editor):
    make_concert(venue=make_venue(name="Great Hall", country="RU"))
    make_venue(name="Carnegie Hall", country="US", timezone="America/New_York")
    page = editor.get(reverse("admin:concerts_venue_changelist"))
    html = page.content.decode()
    assert "Russia" in html and "United States of America" in html
    filtered = editor.get(reverse("admin:concerts_venue_changelist") + "?country=RU")
    assert [v.name for v in filtered.context["cl"].result_list] == ["Great Hall"]
    concerts = editor.get(reverse("admin:concerts_concert_changelist")).content.decode()
    assert "venue__country=RU" in concerts and ">Russia</a>" in concerts
