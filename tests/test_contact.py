"""The contact form: stored first, mailed by the worker to the address its topic is routed to, retried while
mail is down; every bad input gets a clear answer and nothing is lost."""

import time

import pytest
from django.core import signing
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from fansite.contact.models import ContactMessage, DeliveryStatus
from fansite.mailing.guard import STAMP_SALT
from fansite.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def routing(db):
    return SiteSettings.objects.create(
        contact_email="office@example.org", contact_booking_email="booking@example.org",
        contact_press_email="press@example.org",
    )


def stamp(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


def form_data(**overrides):
    return {"topic": "booking", "name": "Anna Petrova", "email": "anna@example.net", "subject": "Recital in Kazan",
            "message": "Would she be free to play in Kazan next spring?", "website": "", "stamp": stamp(), **overrides}


def test_the_form_page_is_public_cacheable_and_labelled(client):
    response = client.get("/en/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies  # no CSRF cookie: the page cache may store it and share it
    assert "csrfmiddlewaretoken" not in html
    for label in ["Topic", "Your name", "Your e-mail address", "Subject", "Message"]:
        assert label in html
    assert 'class="form-trap"' in html


def test_a_message_is_stored_first_then_mailed_by_the_worker_over_smtp(client, routing, smtp_server, run_tasks, mailoutbox):
    response = client.post("/en/contact/", form_data())
    assert response.status_code == 302 and response["Location"] == reverse("contact:sent")
    stored = ContactMessage.objects.get()
    assert (stored.recipient, stored.status, smtp_server.messages) == ("booking@example.org", DeliveryStatus.QUEUED, [])

    run_tasks()

    stored.refresh_from_db()
    assert stored.status == DeliveryStatus.SENT and stored.sent_at and stored.attempts == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["booking@example.org"]
    assert message["Reply-To"] == "anna@example.net"
    assert message["Subject"] == "[Booking and management] Recital in Kazan"
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert "Would she be free to play in Kazan" in message.get_body(("plain",)).get_content()
    assert "Would she be free to play in Kazan" in message.get_body(("html",)).get_content()


def test_topics_without_their_own_address_go_to_the_contact_address(client, routing, run_tasks, mailoutbox):
    client.post("/en/contact/", form_data(topic="fans"))
    run_tasks()
    assert mailoutbox[0].to == ["office@example.org"]


def test_mail_down_is_retried_with_backoff_and_nothing_is_lost(client, routing, smtp_server, run_tasks, settings):
    smtp_server.handler.refuse = True
    client.post("/en/contact/", form_data())
    run_tasks()
    stored = ContactMessage.objects.get()
    assert stored.status == DeliveryStatus.QUEUED and stored.attempts == 1 and "451" in stored.last_error
    retry = DBTaskResult.objects.ready().get() if DBTaskResult.objects.ready().exists() else None
    assert retry is None  # the retry waits for its backoff...
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert (waiting.run_after - stored.created_at).total_seconds() >= settings.TASK_RETRY_BASE_SECONDS - 1

    smtp_server.handler.refuse = False  # ...mail comes back, the retry is due
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=stored.created_at)
    run_tasks()
    stored.refresh_from_db()
    assert stored.status == DeliveryStatus.SENT and stored.attempts == 2
    assert len(smtp_server.messages) == 1


def test_a_message_that_fails_for_good_is_marked_failed_and_the_task_shows_failed(client, routing, smtp_server, run_tasks, settings):
    settings.TASK_RETRY_BASE_SECONDS = 0
    settings.TASK_RETRY_LIMIT = 3
    smtp_server.handler.refuse = True
    client.post("/en/contact/", form_data())
    for _ in range(3):
        run_tasks()
    stored = ContactMessage.objects.get()
    assert stored.status == DeliveryStatus.FAILED and stored.attempts == 3
    assert DBTaskResult.objects.failed().count() == 1


def test_without_any_address_the_message_stays_stored_and_marked(client, run_tasks, settings):
    settings.TASK_RETRY_LIMIT = 1
    client.post("/en/contact/", form_data())
    run_tasks()
    stored = ContactMessage.objects.get()
    assert stored.status == DeliveryStatus.FAILED and "No address" in stored.last_error


@pytest.mark.parametrize("overrides, error", [
    ({"website": "http://spam.example"}, "leave the last field empty"),
    ({"stamp": lambda: stamp(seconds_ago=0)}, "very quick"),
    ({"stamp": lambda: stamp(seconds_ago=2 * 24 * 3600)}, "open for too long"),
    ({"stamp": "tampered"}, "could not be checked"),
    ({"subject": "Hello\r\nBcc: victim@example.com"}, "one line"),
    ({"name": "Anna\nBcc: victim@example.com"}, "one line"),
    ({"message": "x" * 5001}, "at most 5000 characters"),
    ({"email": "not-an-address"}, "valid email address"),
    ({"topic": "everything"}, "Select a valid choice"),
    ({"subject": ""}, "This field is required"),
])
def test_bad_input_gets_a_clear_error_and_nothing_is_stored(client, routing, overrides, error):
    overrides = {name: value() if callable(value) else value for name, value in overrides.items()}
    response = client.post("/en/contact/", form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html.replace("&#x27;", "'")
    assert 'role="alert"' in html
    assert ContactMessage.objects.count() == 0


def test_focus_goes_to_the_first_field_with_an_error(client, routing):
    html = client.post("/en/contact/", form_data(email="nope", subject="")).content.decode()
    assert 'autofocus' in html
    assert html.index("autofocus") > html.index('id="id_email"') - 200
    assert html.count("autofocus") == 1


def test_a_post_another_site_makes_a_browser_send_is_refused(client, routing):
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = client.post("/en/contact/", form_data(), headers=headers)
        assert response.status_code == 403 and b"another website" in response.content
    assert ContactMessage.objects.count() == 0
    assert client.post("/en/contact/", form_data(), headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}).status_code == 302


def test_rate_limits_per_address_and_per_ip(client, routing, settings):
    settings.FORM_RATE_PER_ADDRESS = "2/3600"
    settings.FORM_RATE_PER_IP = "4/3600"
    assert [client.post("/en/contact/", form_data()).status_code for _ in range(3)] == [302, 302, 429]
    assert client.post("/en/contact/", form_data(email="other@example.net")).status_code == 302
    response = client.post("/en/contact/", form_data(email="third@example.net"))
    assert response.status_code == 429 and b"Too many messages from your network" in response.content
    assert ContactMessage.objects.count() == 3


def test_editors_see_messages_in_the_admin_and_can_queue_them_again(editor, routing, run_tasks):
    from fansite.contact.services import contact_message_submit

    stored = contact_message_submit(topic="press", name="Ivan", email="ivan@example.net", subject="Interview",
                                    message="An interview for our magazine?", language="en", recipient="press@example.org")
    ContactMessage.objects.filter(pk=stored.pk).update(status=DeliveryStatus.FAILED)
    response = editor.get(reverse("admin:contact_contactmessage_changelist"))
    assert response.status_code == 200 and b"Interview" in response.content
    editor.post(reverse("admin:contact_contactmessage_changelist"),
                {"action": "send_again", "_selected_action": [stored.pk]})
    run_tasks()
    stored.refresh_from_db()
    assert stored.status == DeliveryStatus.SENT


def test_messages_and_the_task_queue_leave_the_page_cache_alone(client, routing, run_tasks, mailoutbox):
    from fansite.page_cache import content_version

    client.get("/")
    version = content_version()
    client.post("/en/contact/", form_data())
    run_tasks()
    assert mailoutbox and content_version() == version
