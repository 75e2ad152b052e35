"""What tripped editors in the concert admin: times in one zone, reschedule and duplicate pages, addresses that
follow the title and then redirect, revisions with their programme, past concerts, unchanged saves."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerts.models import Concert, PreviousAddress, ProgrammeItem
from tests.factories import (
    admin_concert_form, english_fields, local, make_concert, make_programme, make_venue, make_work,
)
from tests.parsing import form_data

pytestmark = pytest.mark.django_db


def change_url(concert):
    return reverse("admin:concerts_concert_change", args=[concert.pk])


def tokyo_venue():
    return make_venue(name="Suntory Hall", slug="suntory-hall", city="Tokyo", country="JP", timezone="Asia/Tokyo")


# --- 2. The reschedule page ---------------------------------------------------------------------------

def test_reschedule_page_shows_the_start_in_the_venues_time_with_working_widgets_and_breadcrumbs(editor):
    venue = make_venue(name="Carnegie Hall", city="New York", timezone="America/New_York")
    concert = make_concert(venue=venue, local=local(2027, 4, 14, 20, 0))

    html = editor.get(reverse("admin:concerts_concert_reschedule", args=[concert.pk])).content.decode()

    assert "Now: Wednesday 14 April 2027, 20:00 New York time" in html
    assert reverse("admin:jsi18n") in html  # the date widgets' gettext()
    assert '<ol class="breadcrumbs">' in html
    assert "New start (New York time)" in html


# --- 3. One zone per concert, named wherever a time is read or typed ----------------------------------

def test_publication_times_are_typed_and_shown_in_the_venues_zone(editor):
    concert = make_concert(venue=tokyo_venue(), local=local(2027, 5, 20, 19, 0),
                           publish_from=datetime(2027, 5, 1, 1, 0, tzinfo=UTC))

    html = editor.get(change_url(concert)).content.decode()
    assert "Publish from (Tokyo time)" in html and "Starts (Tokyo time)" in html
    assert 'name="publish_from_1" value="10:00"' in html  # 01:00 UTC is 10:00 in Tokyo

    editor.post(change_url(concert), admin_concert_form(
        concert, publish_from_0="2027-05-02", publish_from_1="09:30", publish_until_0="20/05/2027",
        publish_until_1="11:00 pm"))
    concert.refresh_from_db()
    assert concert.publish_from == datetime(2027, 5, 2, 0, 30, tzinfo=UTC)
    assert concert.publish_until == datetime(2027, 5, 20, 14, 0, tzinfo=UTC)


def test_list_and_form_state_the_schedule_in_the_venues_time(editor):
    concert = make_concert(venue=tokyo_venue(), local=local(2030, 5, 20, 19, 0),
                           publish_from=datetime(2030, 5, 1, 1, 0, tzinfo=UTC))
    listing = editor.get(reverse("admin:concerts_concert_changelist")).content.decode()
    assert "Scheduled for Wed 1 May 2030, 10:00 Tokyo time" in listing
    assert "Schedule for 1 May 2030, 10:00" in editor.get(change_url(concert)).content.decode()


def test_history_shows_changes_in_the_venues_local_time(editor):
    concert = make_concert(venue=tokyo_venue(), local=local(2027, 5, 20, 19, 0))
    editor.post(change_url(concert), admin_concert_form(concert, local_start_1="18:00"))

    html = editor.get(reverse("admin:concerts_concert_history", args=[concert.pk])).content.decode()
    assert "Thu 20 May 2027, 19:00 Tokyo time" in html and "Thu 20 May 2027, 18:00 Tokyo time" in html
    assert "+00:00" not in html
    assert 'style="' not in html.split("<body", 1)[1]  # the CSP blocks inline styles


def test_dates_and_times_in_common_forms_are_accepted_and_errors_give_an_example(editor):
    venue = make_venue(timezone="Europe/Moscow")
    concert = make_concert(venue=venue)
    editor.post(change_url(concert), admin_concert_form(concert, local_start_0="20/05/2027", local_start_1="7:30 pm"))
    concert.refresh_from_db()
    assert concert.local_starts_at.replace(tzinfo=None) == datetime(2027, 5, 20, 19, 30)

    html = editor.post(change_url(concert), admin_concert_form(concert, local_start_0="May the 20th",
                                                               local_start_1="half past")).content.decode()
    assert "Enter a date such as 20/05/2027 or 2027-05-20." in html
    assert "Enter a time such as 19:30 or 7:30 pm." in html


# --- 4. Duplicate to a new date; addresses ------------------------------------------------------------

def test_duplicate_page_asks_for_the_new_date_and_makes_a_draft_with_the_programme(editor):
    venue = tokyo_venue()
    original = make_concert(venue=venue, title="Tchaikovsky in Tokyo", slug="tchaikovsky-in-tokyo",
                            local=local(2027, 5, 20, 19, 0))
    make_programme(original, ("Pyotr Tchaikovsky", "Violin Concerto"))
    url = reverse("admin:concerts_concert_duplicate", args=[original.pk])
    assert "Duplicate to a new date" in editor.get(change_url(original)).content.decode()
    assert 'value="27/05/2027"' in editor.get(url).content.decode() or "2027-05-27" in editor.get(url).content.decode()

    same = editor.post(url, {"venue": venue.pk, "local_start_0": "2027-05-20", "local_start_1": "19:00"})
    assert same.status_code == 200 and "needs its own date" in same.content.decode()

    response = editor.post(url, {"venue": venue.pk, "local_start_0": "2027-06-03", "local_start_1": "19:00"})
    copy = Concert.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == change_url(copy)
    assert copy.local_starts_at.isoformat() == "2027-06-03T19:00:00+09:00"
    assert (copy.is_published, copy.slug, copy.title) == (False, "tchaikovsky-in-tokyo-2027-06-03", "Tchaikovsky in Tokyo")
    assert [i.work.title for i in copy.programme.all()] == ["Violin Concerto"]


def test_a_drafts_address_follows_its_title_until_first_published(editor, client):
    concert = make_concert(title="Tchaikovsky in Tokyo", is_published=False, local=local(2027, 6, 3, 19, 0))
    editor.post(change_url(concert), admin_concert_form(concert, title="Tchaikovsky and Brahms"))
    concert.refresh_from_db()
    assert concert.slug == "tchaikovsky-and-brahms-2027-06-03" and concert.first_published_at is None

    editor.post(change_url(concert), admin_concert_form(concert, is_published="on"))
    concert.refresh_from_db()
    assert concert.first_published_at is not None
    editor.post(change_url(concert), admin_concert_form(concert, title="Brahms alone"))
    concert.refresh_from_db()
    assert concert.slug == "tchaikovsky-and-brahms-2027-06-03"  # published: the address stays
    assert not PreviousAddress.objects.exists()


def test_a_changed_published_address_redirects_the_page_and_the_calendar(editor, client):
    concert = make_concert(title="Recital", slug="recital")
    editor.post(change_url(concert), admin_concert_form(concert, slug="spring-recital"))
    concert.refresh_from_db()
    assert concert.slug == "spring-recital"

    for language in ("en", "ru"):  # the old address leads to the new one in the same language
        page = client.get(f"/{language}/concerts/recital/")
        assert page.status_code == 301 and page["Location"] == f"/{language}/concerts/spring-recital/"
        ics = client.get(f"/{language}/concerts/recital/calendar.ics")
        assert ics.status_code == 301 and ics["Location"] == f"/{language}/concerts/spring-recital/calendar.ics"
        assert client.get(f"/{language}/concerts/never-existed/").status_code == 404


# --- 5. Revisions come back with their programme ------------------------------------------------------

def test_revision_page_shows_the_programme_and_revert_restores_it(editor):
    concert = make_concert(title="Three works")
    make_programme(concert, ("Bach", "Chaconne"), ("Ysaÿe", "Sonata No. 3"), ("Paganini", "Caprice No. 24"))
    first = concert.history.earliest()
    concert.title = "One work"
    concert.save()
    for item in ProgrammeItem.objects.filter(concert=concert).exclude(work__title_en="Chaconne"):
        item.delete()  # one by one, as the admin does, so that the history has it
    ProgrammeItem.objects.create(concert=concert, work=make_work("Bartók", "Solo Sonata"), order=5)

    url = reverse("admin:concerts_concert_simple_history", args=[concert.pk, first.history_id])
    html = editor.get(url).content.decode()
    assert "Reverting brings back this programme" in html
    assert html.index("Chaconne") < html.index("Sonata No. 3") < html.index("Caprice No. 24")
    assert "Solo Sonata" not in html

    response = editor.post(url, admin_concert_form(concert, title="Three works"))
    assert response.status_code == 302
    concert.refresh_from_db()
    assert concert.title == "Three works"
    assert [i.work.title for i in concert.programme.all()] == ["Chaconne", "Sonata No. 3", "Caprice No. 24"]


def test_reverting_a_revision_brings_back_the_programme_in_every_language(editor):
    concert = make_concert(title="Bach", title_ru="Бах")
    [item] = make_programme(concert, ("Bach", "Chaconne"))
    item.work.title_ru = "Чакона"
    item.work.save()
    concert.save()  # the revision that has the Chaconne
    revision = concert.history.latest()
    concert.title = "Bach again"
    concert.save()  # the admin saves the concert, then its programme
    item.work = make_work("Bach", "Partita No. 3")
    item.save()

    url = reverse("admin:concerts_concert_simple_history", args=[concert.pk, revision.history_id])
    assert editor.post(url, admin_concert_form(concert, title="Bach", title_ru="Бах")).status_code == 302
    work = concert.programme.get().work
    assert (work.title_en, work.title_ru) == ("Chaconne", "Чакона")


# --- 6. Past and cancelled concerts -------------------------------------------------------------------

def test_past_concerts_read_performed_and_offer_no_tickets_or_calendar(editor, client):
    past = make_concert(title="Last spring", starts_at=timezone.now() - timedelta(days=30), status="sold_out")
    cancelled = make_concert(title="Called off", status="cancelled")

    listing = editor.get(reverse("admin:concerts_concert_changelist")).content.decode()
    row = listing.split("Last spring", 1)[1].split("</tr>", 1)[0]
    assert "Performed" in row and "Sold out" not in row
    for concert in (past, cancelled):
        page = client.get(concert.get_absolute_url()).content.decode()
        assert "Add to calendar" not in page and "Buy tickets" not in page
    assert "Performed" in client.get(past.get_absolute_url()).content.decode()


def test_cancelling_reminds_the_editor_about_the_description(editor):
    concert = make_concert()
    response = editor.post(change_url(concert), admin_concert_form(concert, status="cancelled"), follow=True)
    assert "description may need a line" in response.content.decode()


# --- 7. An unchanged save is not a revision -----------------------------------------------------------

def test_saving_the_form_as_shown_does_not_raise_the_sequence(editor):
    concert = make_concert(publish_from=timezone.now() - timedelta(days=1, microseconds=-123456),
                           starts_at=timezone.now() + timedelta(days=40, seconds=17))
    make_programme(concert, ("Bach", "Chaconne"))
    before = Concert.objects.get(pk=concert.pk)

    data = form_data(editor.get(change_url(concert)).content.decode(), "concert_form")
    response = editor.post(change_url(concert), data)

    assert response.status_code == 302
    after = Concert.objects.get(pk=concert.pk)
    assert (after.sequence, after.publish_from, after.starts_at) == (before.sequence, before.publish_from, before.starts_at)


# --- 11. The venue form -------------------------------------------------------------------------------

def test_venue_zone_is_suggested_from_country_and_city_and_position_can_be_pasted(editor):
    response = editor.post(reverse("admin:concerts_venue_add"), english_fields({
        "name": "Suntory Hall", "slug": "suntory-hall", "city": "Tokyo", "country": "JP", "timezone": "",
        "coordinates": "35.6684, 139.7413", "address": "", "website": "", "latitude": "", "longitude": "",
    }))
    assert response.status_code == 302
    from concerts.models import Venue

    venue = Venue.objects.get()
    assert venue.timezone == "Asia/Tokyo"
    assert (str(venue.latitude), str(venue.longitude)) == ("35.668400", "139.741300")


def test_venue_form_offers_canonical_zones_only_and_says_what_the_slug_is(editor):
    html = editor.get(reverse("admin:concerts_venue_add")).content.decode()
    assert 'value="Asia/Tokyo"' in html and 'value="Africa/Asmera"' not in html and 'value="Asia/Calcutta"' not in html
    assert "Web address" in html
    bad = editor.post(reverse("admin:concerts_venue_add"), english_fields({
        "name": "Nowhere Hall", "slug": "nowhere", "city": "Atlantis", "country": "Oceania", "timezone": "",
        "coordinates": "north-ish"}))
    assert "could not be told from the country and city" in bad.content.decode()
    assert "Paste two numbers, latitude then longitude" in bad.content.decode()


# --- 8, 9, 12. State at a glance, the list, other items' times ------------------------------------------

def test_save_button_says_what_saving_does(editor):
    assert 'value="Save draft"' in editor.get(reverse("admin:concerts_concert_add")).content.decode()
    published = make_concert()
    assert 'value="Save and keep published"' in editor.get(change_url(published)).content.decode()


def test_concert_list_shows_upcoming_soonest_first_then_past_without_a_sequence_column(editor):
    now = timezone.now()
    make_concert(title="Long ago", starts_at=now - timedelta(days=300))
    make_concert(title="Far ahead", starts_at=now + timedelta(days=200))
    make_concert(title="Last week", starts_at=now - timedelta(days=7))
    make_concert(title="Next week", starts_at=now + timedelta(days=7))
    html = editor.get(reverse("admin:concerts_concert_changelist")).content.decode()
    order = ["Next week", "Far ahead", "Last week", "Long ago"]
    assert [html.index(f">{title}</a>") for title in order] == sorted(html.index(f">{title}</a>") for title in order)
    assert "Sequence" not in html.split('id="result_list"', 1)[1]
    past = editor.get(reverse("admin:concerts_concert_changelist") + "?when=past").content.decode()
    assert "Last week" in past and "Next week" not in past


def test_other_items_label_their_times_utc_and_accept_common_forms(editor):
    from tests.factories import make_quote

    quote = make_quote()
    url = reverse("admin:profiles_pressquote_change", args=[quote.pk])
    assert "Publish from (UTC)" in editor.get(url).content.decode()
    editor.post(url, {"quote_en": quote.quote, "source_en": quote.source, "url": "", "date": "20.05.2027", "order": 0,
                      "featured": "on", "is_published": "on", "publish_from_0": "20/05/2027",
                      "publish_from_1": "7:30 pm", "publish_until_0": "", "publish_until_1": ""})
    quote.refresh_from_db()
    assert quote.publish_from == datetime(2027, 5, 20, 19, 30, tzinfo=UTC)
    assert str(quote.date) == "2027-05-20"


def test_concert_form_widgets_use_the_venues_clock(editor):
    concert = make_concert(venue=tokyo_venue())
    assert 'data-admin-utc-offset="32400"' in editor.get(change_url(concert)).content.decode()


def test_concert_list_pages_keep_upcoming_then_past_order_across_the_boundary(editor, monkeypatch):
    from concerts.admin import ConcertAdmin

    monkeypatch.setattr(ConcertAdmin, "list_per_page", 3)
    now = timezone.now()
    for days in (-1, -30, -2, 5, 1, 40, -400, 3):
        make_concert(title=f"Day {days}", starts_at=now + timedelta(days=days))
    seen = []
    for page in (1, 2, 3):
        response = editor.get(reverse("admin:concerts_concert_changelist"), {"p": page})
        seen += [c.title for c in response.context["cl"].result_list]
    assert seen == [f"Day {d}" for d in (1, 3, 5, 40, -1, -2, -30, -400)]
    # An editor's own column order still works.
    by_title = editor.get(reverse("admin:concerts_concert_changelist"), {"o": "1"}).context["cl"].result_list
    assert [c.title for c in by_title] == sorted(f"Day {d}" for d in (-1, -30, -2, 5, 1, 40, -400, 3))[:3]


@pytest.mark.parametrize("count", [150, 600])
def test_concert_list_query_count_does_not_grow_with_the_archive(editor, django_assert_max_num_queries, count):
    venue = make_venue()
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"C{i}", slug=f"c-{i}", venue=venue, is_published=True, starts_at=now + timedelta(days=i - count // 2))
        for i in range(count)
    )
    for params in ({}, {"p": 2}, {"q": "C1"}, {"when": "upcoming"}):
        with django_assert_max_num_queries(14):
            assert editor.get(reverse("admin:concerts_concert_changelist"), params).status_code == 200


def test_concert_list_counts_once_offers_the_countries_of_venues_and_keeps_djangos_checkbox(editor):
    from django.contrib.admin import ModelAdmin, site
    from django.test.utils import CaptureQueriesContext
    from django.db import connection

    now = timezone.now()
    in_tokyo = make_concert(venue=tokyo_venue(), title="Tokyo night", starts_at=now + timedelta(days=3))
    make_concert(venue=make_venue(country="RU"), title="Moscow night", starts_at=now - timedelta(days=3))
    make_venue(country="FR")  # a venue with no concert: not a choice
    url = reverse("admin:concerts_concert_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = editor.get(url)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts
    assert response.context["cl"].result_count == 2
    html = response.content.decode()
    assert "?venue__country=JP" in html and "?venue__country=RU" in html and "?venue__country=FR" not in html
    # The countries' names, in the page's language and its alphabetical order.
    choices = lambda html: re.findall(r'href="\?venue__country=([A-Z]{2})"[^>]*>([^<]+)</a>', html)  # noqa: E731
    assert choices(html) == [("JP", "Japan"), ("RU", "Russia")]
    assert choices(editor.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()) == [("RU", "Россия"), ("JP", "Япония")]
    assert [c.title for c in editor.get(url, {"venue__country": "JP"}).context["cl"].result_list] == ["Tokyo night"]
    # The row checkbox, written out in Python, is the markup Django's widget template gives.
    concert_admin = site._registry[Concert]
    assert str(concert_admin.action_checkbox(in_tokyo)) == str(ModelAdmin.action_checkbox(concert_admin, in_tokyo))
    assert str(concert_admin.action_checkbox(in_tokyo)) in html
