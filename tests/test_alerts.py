"""Concert alerts: double opt-in for chosen places; one e-mail when a concert becomes public there (scheduled
ones when due), one when a concert the fan was told about is cancelled, postponed or moved; at most one a
day, in the fan's language, with local time, zone and the "Add to calendar" link."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from concerts.models import Concert
from fansite.alerts.models import AlertStatus, AlertSubscription
from fansite.alerts.tasks import alerts_scan_once
from fansite.mailing.guard import STAMP_SALT
from tests.factories import make_concert, make_venue

pytestmark = pytest.mark.django_db


def form(**overrides):
    return {"email": "fan@example.net", "where": "places", "cities": ["Moscow"], "consent": "on", "website": "",
            "stamp": signing.dumps(time.time() - 30, salt=STAMP_SALT), **overrides}


def confirm(client, run_tasks, mailoutbox):
    run_tasks()
    link = re.search(r"http://127\.0\.0\.1:8000(/en/alerts/confirm/[^/\s]+/)", mailoutbox[-1].body).group(1)
    assert client.post(link).status_code == 200


@pytest.fixture
def places(db):
    return {"moscow": make_venue(city="Moscow", country="RU", timezone="Europe/Moscow"),
            "new_york": make_venue(city="New York", country="US", timezone="America/New_York")}


def test_the_form_offers_the_venues_places_and_needs_a_choice(client, places):
    html = client.get("/en/alerts/").content.decode()
    assert 'value="Moscow"' in html and 'value="US"' in html and "United States of America" in html
    response = client.post("/en/alerts/", form(cities=[]))
    assert response.status_code == 200 and "Choose at least one city or country" in response.content.decode()
    assert not AlertSubscription.objects.exists()


def test_a_new_concert_in_a_followed_city_is_announced_once_with_local_time(client, places, run_tasks, mailoutbox):
    make_concert(venue=places["moscow"], title="Already announced")
    assert client.post("/en/alerts/", form()).status_code == 302
    confirm(client, run_tasks, mailoutbox)
    assert AlertSubscription.objects.get().status == AlertStatus.CONFIRMED
    assert alerts_scan_once() == 0  # what was public before confirming is not news

    concert = make_concert(venue=places["moscow"], title="Tchaikovsky in Moscow")
    make_concert(venue=places["new_york"], title="Carnegie Hall recital")
    assert alerts_scan_once() == 1
    message = mailoutbox[-1]
    assert "Tchaikovsky in Moscow" in message.body and "Carnegie Hall" not in message.body
    assert concert.local_start_text in message.body and "Europe/Moscow" in message.body
    assert f"/concerts/{concert.slug}/calendar.ics" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alerts_scan_once() == 0


def test_scheduled_concerts_count_when_they_become_public(client, places, run_tasks, mailoutbox):
    client.post("/en/alerts/", form())
    confirm(client, run_tasks, mailoutbox)
    concert = make_concert(venue=places["moscow"], publish_from=timezone.now() + timedelta(hours=2))
    assert alerts_scan_once() == 0
    assert alerts_scan_once(now=timezone.now() + timedelta(hours=3)) == 1
    assert concert.title in mailoutbox[-1].body


def test_changes_are_told_at_most_once_a_day_in_a_digest(client, places, run_tasks, mailoutbox):
    client.post("/en/alerts/", form(where="everywhere", cities=[]))
    confirm(client, run_tasks, mailoutbox)
    first = make_concert(venue=places["moscow"], title="First")
    assert alerts_scan_once() == 1
    Concert.objects.filter(pk=first.pk).update(status=Concert.Status.CANCELLED)
    make_concert(venue=places["new_york"], title="Second")
    assert alerts_scan_once() == 0  # the day's e-mail already went
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert alerts_scan_once(now=tomorrow) == 1
    digest = mailoutbox[-1].body
    assert "Second" in digest and "First" in digest and "Cancelled" in digest


def test_unconfirmed_and_unsubscribed_fans_get_nothing(client, places, run_tasks, mailoutbox):
    client.post("/en/alerts/", form())
    run_tasks()
    make_concert(venue=places["moscow"])
    assert alerts_scan_once() == 0
    AlertSubscription.objects.update(status=AlertStatus.UNSUBSCRIBED)
    assert alerts_scan_once() == 0


def test_the_scan_keeps_itself_queued(run_tasks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    call_command("resume_sending", stdout=open("/dev/null", "w"))
    call_command("resume_sending", stdout=open("/dev/null", "w"))
    assert DBTaskResult.objects.filter(task_path="fansite.alerts.tasks.alerts_scan", status="READY").count() == 1
    run_tasks()
    waiting = DBTaskResult.objects.get(task_path="fansite.alerts.tasks.alerts_scan", status="READY")
    assert waiting.run_after > timezone.now() + timedelta(minutes=50)


def test_the_manage_page_changes_places_and_unsubscribes(client, places, run_tasks, mailoutbox):
    from fansite.mailing.tokens import make_token

    client.post("/en/alerts/", form())
    confirm(client, run_tasks, mailoutbox)
    subscription = AlertSubscription.objects.get()
    url = f"/en/alerts/manage/{make_token('alerts-manage', subscription.key)}/"
    assert 'value="Moscow"' in client.get(url).content.decode()
    response = client.post(url, {"action": "places", "where": "places", "cities": []})
    assert "Choose at least one city" in response.content.decode()
    client.post(url, {"action": "places", "where": "places", "cities": ["New York"]})
    subscription.refresh_from_db()
    assert subscription.cities == ["New York"]
    make_concert(venue=places["new_york"], title="Carnegie Hall recital")
    assert alerts_scan_once() == 1 and "/alerts/manage/" in mailoutbox[-1].body
    client.post(url, {"action": "unsubscribe"})
    subscription.refresh_from_db()
    assert subscription.status == AlertStatus.UNSUBSCRIBED
