"""A fan in a real Chromium follows Moscow concerts: subscribes, confirms from the received message, an
editor publishes a Moscow concert, the worker sends one alert with the right local time, and the fan
unsubscribes with one click. The contact form's errors are announced and focused, without JavaScript."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from concerts.models import Concert
from fansite.alerts.models import AlertStatus, AlertSubscription
from fansite.alerts.tasks import alerts_scan
from tests.factories import make_concert, make_profile, make_venue

pytestmark = pytest.mark.browser


def path_of(url):
    return re.sub(r"^http://127\.0\.0\.1:8000", "", url)


def test_fan_follows_moscow_concerts_gets_one_alert_and_unsubscribes(page, form_time, run_tasks, mailoutbox):
    make_profile()
    moscow = make_venue(name="Great Hall of the Conservatory", city="Moscow", country="RU", timezone="Europe/Moscow")
    make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")

    page.goto("/alerts/")
    page.get_by_label("Your e-mail address").fill("fan@example.net")
    page.get_by_label("Moscow").check()
    page.get_by_label(re.compile("I would like an e-mail")).check()
    page.get_by_role("button", name="Follow her concerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    run_tasks()  # the worker sends the confirmation
    [confirmation] = mailoutbox
    page.goto(path_of(re.search(r"http://\S+/alerts/confirm/\S+/", confirmation.body).group(0)))
    page.get_by_role("button", name="Confirm my concert alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are following her concerts")

    # An editor publishes a Moscow concert (saved as a draft, then published, as in the admin).
    starts = datetime.combine(timezone.localdate() + timedelta(days=20), time(19, 30), tzinfo=moscow.zone)
    concert = make_concert(venue=moscow, title="Paganini caprices in Moscow", starts_at=starts, is_published=False)
    concert.is_published = True
    concert.save()

    alerts_scan.enqueue()
    run_tasks()  # the worker's scan
    alerts = mailoutbox[1:]
    assert len(alerts) == 1
    alert = alerts[0]
    assert "Paganini caprices in Moscow" in alert.body
    assert "19:30 Moscow time" in alert.body and "Europe/Moscow" in alert.body
    assert f"/concerts/{concert.slug}/calendar.ics" in alert.body

    page.goto(path_of(re.search(r"http://\S+/alerts/unsubscribe/\S+/", alert.body).group(0)))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert AlertSubscription.objects.get().status == AlertStatus.UNSUBSCRIBED
    assert Concert.objects.count() == 1


def test_contact_form_errors_are_announced_and_focused_without_javascript(open_page, form_time):
    make_profile()
    page = open_page(java_script_enabled=False)
    page.goto("/contact/")
    page.get_by_label("Your name").fill("Anna")
    page.get_by_label("Your e-mail address").fill("not-an-address")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    expect(page.get_by_label("Your e-mail address")).to_be_focused()
    expect(page.get_by_label("Your e-mail address")).to_have_attribute("aria-invalid", "true")
