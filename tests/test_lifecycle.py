"""Status lifecycle: cancelled, postponed and rescheduled concerts, done through the admin, are reflected
on the page, in the JSON-LD and in the iCalendar entry (with SEQUENCE raised) at the next request."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from concerts.models import Concert
from tests.factories import admin_concert_form, local, make_concert, make_venue, reschedule
from tests.parsing import events_by_uid, json_ld

pytestmark = pytest.mark.django_db


def change_url(concert):
    return reverse("admin:concerts_concert_change", args=[concert.pk])


def ics_event(client, concert):
    response = client.get(reverse("concerts:concert_calendar", kwargs={"slug": concert.slug}))
    assert response.status_code == 200
    return events_by_uid(response.content)[f"concert-{concert.pk}@127.0.0.1"]


def test_sequence_rises_on_every_change_and_not_on_a_plain_resave():
    concert = make_concert()
    assert concert.sequence == 0
    concert.save()
    assert Concert.objects.get(pk=concert.pk).sequence == 0

    concert = Concert.objects.get(pk=concert.pk)
    concert.status = Concert.Status.SOLD_OUT
    concert.save()
    concert = Concert.objects.get(pk=concert.pk)
    concert.starts_at += timedelta(hours=1)
    concert.save(update_fields=["starts_at"])
    assert Concert.objects.get(pk=concert.pk).sequence == 2


def test_editing_the_venue_revises_its_concerts():
    venue = make_venue()
    concert = make_concert(venue=venue)
    before = Concert.objects.get(pk=concert.pk)
    venue.save()  # nothing changed
    assert Concert.objects.get(pk=concert.pk).sequence == 0
    venue.address = "Somewhere else 1"
    venue.save()
    after = Concert.objects.get(pk=concert.pk)
    assert after.sequence == 1 and after.updated_at > before.updated_at


def test_cancelling_in_admin_shows_on_page_json_ld_and_ics(client, editor):
    concert = make_concert(title="Spring recital", local=local(2030, 4, 20, 19, 30))
    before = ics_event(client, concert)
    assert before["STATUS"] == "CONFIRMED" and before["SEQUENCE"] == 0

    response = editor.post(change_url(concert), admin_concert_form(concert, status="cancelled"))
    assert response.status_code == 302, response.context["adminform"].form.errors

    page = client.get(concert.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200  # the URL is kept
    assert "This concert has been cancelled." in html
    assert '<span class="status status--cancelled">Cancelled</span>' in html
    assert "Buy tickets" not in html
    event = json_ld(html, "MusicEvent")
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert [offer["availability"] for offer in event["offers"]] == ["https://schema.org/Discontinued"]
    after = ics_event(client, concert)
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert str(after["SUMMARY"]) == "Cancelled: Spring recital"
    assert str(after["UID"]) == str(before["UID"])


def test_cancel_action_in_changelist(editor, client):
    concerts = [make_concert(), make_concert()]
    response = editor.post(
        reverse("admin:concerts_concert_changelist"),
        {"action": "mark_cancelled", "_selected_action": [c.pk for c in concerts]},
    )
    assert response.status_code == 302
    assert set(Concert.objects.values_list("status", "sequence")) == {("cancelled", 1)}


def test_postponed_concert_page_and_calendar(client):
    concert = make_concert(status=Concert.Status.POSTPONED)
    html = client.get(concert.get_absolute_url()).content.decode()
    assert "This concert has been postponed." in html and "Postponed" in html
    assert json_ld(html, "MusicEvent")["eventStatus"] == "https://schema.org/EventPostponed"
    assert ics_event(client, concert)["STATUS"] == "TENTATIVE"


def test_rescheduling_in_admin_links_both_performances(client, editor):
    venue = make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")
    old = make_concert(venue=venue, title="Carnegie recital", slug="carnegie-recital", local=local(2030, 1, 10, 20, 0))
    new = make_concert(venue=venue, title="Carnegie recital", slug="carnegie-recital-new", local=local(2030, 7, 10, 20, 0))
    old_ics = ics_event(client, old)

    response = editor.post(change_url(old), admin_concert_form(old, status="rescheduled", rescheduled_to=new.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors

    old.refresh_from_db()
    assert old.status == "rescheduled" and old.rescheduled_to == new and old.sequence == 1
    assert old.starts_at == old.previous_starts_at  # the original date is kept

    old_html = client.get(old.get_absolute_url()).content.decode()
    assert "This concert has been rescheduled." in old_html
    assert f'href="{new.get_absolute_url()}"' in old_html
    assert "Thursday 10 January 2030, 20:00" in old_html  # original date, still shown
    assert "Wednesday 10 July 2030, 20:00" in old_html  # new date

    new_html = client.get(new.get_absolute_url()).content.decode()
    assert "previously scheduled for" in new_html
    assert '<time datetime="2030-01-10T20:00:00-05:00">Thursday 10 January 2030, 20:00</time>' in new_html
    assert f'href="{old.get_absolute_url()}"' in new_html

    for html in (old_html, new_html):
        event = json_ld(html, "MusicEvent")
        assert event["eventStatus"] == "https://schema.org/EventRescheduled"
        assert event["startDate"] == "2030-07-10T20:00:00-04:00"
        assert event["previousStartDate"] == "2030-01-10T20:00:00-05:00"
        assert event["url"] == f"{settings.SITE_URL}{new.get_absolute_url()}"

    old_after = ics_event(client, old)
    assert old_after["STATUS"] == "CANCELLED" and old_after["SEQUENCE"] > old_ics["SEQUENCE"]
    assert "Rescheduled to Wednesday 10 July 2030, 20:00 New York time" in str(old_after["DESCRIPTION"])
    assert ics_event(client, new)["STATUS"] == "CONFIRMED"

    # The upcoming listing shows the performance once, at its new date, saying when it was first announced for.
    listing = client.get("/en/concerts/").content.decode()
    assert listing.count(f'href="{new.get_absolute_url()}"') == 1
    assert f'href="{old.get_absolute_url()}"' not in listing
    assert "New date. First announced for" in listing and "Thursday 10 January 2030, 20:00" in listing


def test_rescheduled_without_new_performance_is_refused_in_admin(editor):
    concert = make_concert()
    response = editor.post(change_url(concert), admin_concert_form(concert, status="rescheduled"))
    assert response.status_code == 200
    assert "Choose the concert at the new date" in response.content.decode()
    assert Concert.objects.get(pk=concert.pk).status == "on_sale"


def test_link_to_itself_or_in_a_circle_is_refused(editor):
    a, b = make_concert(), make_concert()
    response = editor.post(change_url(a), admin_concert_form(a, status="rescheduled", rescheduled_to=a.pk))
    assert response.status_code == 200 and Concert.objects.get(pk=a.pk).status == "on_sale"

    reschedule(a, b)
    response = editor.post(change_url(b), admin_concert_form(b, status="rescheduled", rescheduled_to=a.pk))
    assert response.status_code == 200
    assert "link the concert back to itself" in response.content.decode()


def test_new_performance_without_rescheduled_status_is_refused(editor):
    a, b = make_concert(), make_concert()
    response = editor.post(change_url(a), admin_concert_form(a, rescheduled_to=b.pk))
    assert response.status_code == 200
    assert "Only a rescheduled concert links to a new performance" in response.content.decode()


def test_duplicating_a_rescheduled_concert_gives_a_fresh_draft(editor):
    old, new = make_concert(), make_concert()
    reschedule(old, new)
    editor.post(reverse("admin:concerts_concert_changelist"), {"action": "duplicate_concerts", "_selected_action": [old.pk]})
    copy = Concert.objects.get(is_published=False)
    assert copy.rescheduled_to is None and copy.status == "on_sale" and copy.sequence == 0


def test_status_is_written_in_words_in_listings(client):
    now = timezone.now()
    for status in ("on_sale", "sold_out", "cancelled", "postponed"):
        make_concert(title=f"Concert {status}", status=status, starts_at=now + timedelta(days=3))
    html = client.get("/en/concerts/").content.decode()
    for label in ("On sale", "Sold out", "Cancelled", "Postponed"):
        assert f">{label}</span>" in html


def test_deleting_the_new_performance_keeps_the_old_page_working(client):
    old, new = make_concert(), make_concert()
    reschedule(old, new)
    new.delete()
    html = client.get(old.get_absolute_url()).content.decode()
    assert "This concert has been rescheduled." in html and "A new date will be announced." in html
    assert ics_event(client, old)["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("works", [1, 40])
def test_rescheduled_pages_query_count_is_constant(client, django_assert_max_num_queries, works):
    from tests.factories import make_profile, make_programme

    make_profile()
    old, new = make_concert(), make_concert()
    reschedule(old, new)
    # The concert, its programme, performers and ticket links; then the other performance with its venue
    # (`load_moves`: only for a concert that moved or replaces one), and for the concert that moved away,
    # the new date's ticket links.
    for concert, queries in ((old, 6), (new, 5)):
        make_programme(concert, *[("Composer", f"Work {i}") for i in range(works)])
        with django_assert_max_num_queries(queries):
            assert client.get(concert.get_absolute_url()).status_code == 200


def test_reschedule_form_in_admin_creates_the_new_performance(client, editor):
    from tests.factories import make_collaborator, make_programme

    venue = make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")
    old = make_concert(venue=venue, title="Carnegie recital", slug="carnegie-recital", status="sold_out",
                       local=local(2030, 1, 10, 20, 0))
    make_programme(old, ("Felix Mendelssohn", "Violin Concerto"))
    make_collaborator(old, "A. Pianist", "pianist")
    url = reverse("admin:concerts_concert_reschedule", args=[old.pk])

    assert "Reschedule to a new date" in editor.get(change_url(old)).content.decode()
    assert editor.get(url).status_code == 200

    response = editor.post(url, {"venue": venue.pk, "local_start_0": "2030-07-10", "local_start_1": "20:00"})

    new = Concert.objects.get(slug="carnegie-recital-2030-07-10")
    assert response.status_code == 302 and response["Location"] == change_url(new)
    old.refresh_from_db()
    assert (old.status, old.rescheduled_to, old.sequence) == ("rescheduled", new, 1)
    assert new.local_starts_at.isoformat() == "2030-07-10T20:00:00-04:00"
    assert (new.status, new.is_published, new.sequence) == ("sold_out", True, 0)
    assert [i.work.title for i in new.programme.all()] == ["Violin Concerto"]
    assert new.collaborators.get().name == "A. Pianist"
    assert "previously scheduled for" in client.get(new.get_absolute_url()).content.decode()
    assert ics_event(client, old)["STATUS"] == "CANCELLED"
    # Once moved, it cannot be moved again from here (the new performance is the one to move).
    assert editor.post(url, {"venue": venue.pk, "local_start_0": "2030-08-10", "local_start_1": "20:00"}).status_code == 200
    assert Concert.objects.count() == 2


def test_reschedule_form_refuses_a_time_skipped_by_daylight_saving(editor):
    venue = make_venue(timezone="America/New_York")
    concert = make_concert(venue=venue)
    response = editor.post(reverse("admin:concerts_concert_reschedule", args=[concert.pk]),
                           {"venue": venue.pk, "local_start_0": "2030-03-10", "local_start_1": "02:30"})
    assert response.status_code == 200
    assert "does not exist in America/New_York" in response.content.decode()
    assert Concert.objects.count() == 1


def test_reschedule_of_unknown_concert_is_404(editor):
    assert editor.get(reverse("admin:concerts_concert_reschedule", args=[999])).status_code == 404


def test_changes_after_refresh_from_db_still_count():
    concert = make_concert(title="A")
    Concert.objects.filter(pk=concert.pk).update(title="B")  # e.g. another editor
    concert.refresh_from_db()
    concert.title = "A"
    concert.save()
    assert Concert.objects.get(pk=concert.pk).sequence == 1


def test_published_concert_cannot_point_to_an_unpublished_new_date(editor):
    old, draft = make_concert(), make_concert(is_published=False)
    response = editor.post(change_url(old), admin_concert_form(old, status="rescheduled", rescheduled_to=draft.pk))
    assert response.status_code == 200
    assert "Publish the new performance first" in response.content.decode()
