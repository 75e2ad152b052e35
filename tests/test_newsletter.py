"""The newsletter: double opt-in with signed, expiring links and recorded consent; the same answer whatever the
address's state; sending in batches through a real SMTP server, at most once per person, resumable;
one-click unsubscribe (RFC 8058) and a manage page; the editor's preview, test, export and erasure."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from fansite.mailing.guard import STAMP_SALT
from fansite.mailing.tokens import make_token
from fansite.newsletter.models import Delivery, DeliveryStatus, Newsletter, NewsletterStatus, Subscriber, SubscriberStatus
from fansite.newsletter.services import newsletter_resume, newsletter_start
from tests.factories import make_concert

pytestmark = pytest.mark.django_db


def subscribe(client, email="fan@example.net", **extra):
    data = {"email": email, "consent": "on", "website": "", "stamp": signing.dumps(time.time() - 30, salt=STAMP_SALT), **extra}
    return client.post("/en/newsletter/", data)


def link_in(message, name):
    return re.search(rf"http://127\.0\.0\.1:8000(/en/newsletter/{name}/[^/\s]+/)", message.body).group(1)


def confirmed(*emails):
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        [Subscriber(email=email, status=SubscriberStatus.CONFIRMED, confirmed_at=now, consent_at=now) for email in emails]
    )


def test_double_opt_in_records_consent_and_confirms_only_by_the_mailed_link(client, run_tasks, mailoutbox):
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == reverse("newsletter:check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.consent_at and "newsletter by e-mail" in subscriber.consent_text
    assert subscriber.consent_source.startswith("newsletter form")

    run_tasks()
    [message] = mailoutbox
    assert message.to == ["fan@example.net"] and message.alternatives
    confirm = link_in(message, "confirm")
    page = client.get(confirm)  # opening the link (as a mail scanner would) changes nothing
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    assert client.post(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at


def test_the_answer_never_reveals_whether_an_address_is_subscribed(client, run_tasks, mailoutbox):
    confirmed("known@example.net")
    pages = []
    for email in ["new@example.net", "known@example.net"]:
        response = subscribe(client, email)
        pages.append((response.status_code, response["Location"], client.get(response["Location"]).content))
    assert pages[0] == pages[1]
    run_tasks()
    assert [m.to for m in mailoutbox] == [["new@example.net"]]  # the subscribed address is not mailed again


@pytest.mark.parametrize("make_link, expect", [
    (lambda key: "not-a-token", b"not valid"),
    (lambda key: make_token("newsletter-unsubscribe", key), b"not valid"),  # a link made for another purpose
])
def test_tampered_links_get_a_clear_page(client, make_link, expect):
    [subscriber] = confirmed("fan@example.net")
    response = client.get(reverse("newsletter:confirm", args=[make_link(subscriber.key)]))
    assert response.status_code == 400 and expect in response.content
    assert client.post(reverse("newsletter:unsubscribe", args=["x" * 300])).status_code == 400


def test_an_expired_confirmation_link_says_so(client, settings):
    subscribe(client)
    subscriber = Subscriber.objects.get()
    token = make_token("newsletter-confirm", subscriber.key)
    settings.CONFIRMATION_MAX_AGE_DAYS = -1
    response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 400 and b"expired" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_consent_is_required(client):
    response = subscribe(client, consent="")
    assert response.status_code == 200 and b"Please tick the box" in response.content
    assert not Subscriber.objects.exists()


def test_a_newsletter_goes_to_every_confirmed_subscriber_once_through_smtp(client, smtp_server, run_tasks, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    confirmed("a@example.net", "b@example.net", "c@example.net")
    Subscriber.objects.create(email="pending@example.net")
    concert = make_concert(title="Moscow recital")
    newsletter = Newsletter.objects.create(subject="Spring news", body="A **new** season.")
    newsletter_start(newsletter=newsletter)
    newsletter_start(newsletter=newsletter)  # starting twice adds nobody twice
    run_tasks()
    run_tasks()

    recipients = sorted(to for tos, _ in smtp_server.messages for to in tos)
    assert recipients == ["a@example.net", "b@example.net", "c@example.net"]
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    _, message = smtp_server.messages[0]
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/en/newsletter/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(("html",)).get_content()
    assert "<strong>new</strong>" in html and "Moscow recital" in html and concert.local_start_text in html
    assert "Manage your subscription" in message.get_body(("plain",)).get_content()


def test_one_click_unsubscribe_from_the_header(client, smtp_server, run_tasks):
    [subscriber] = confirmed("fan@example.net")
    newsletter_start(newsletter=Newsletter.objects.create(subject="News", body="Text", include_concerts=False))
    run_tasks()
    _, message = smtp_server.messages[0]
    url = message["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    # What a mail program sends (RFC 8058): a POST with this body, no cookie, no Origin of this site.
    response = client.post(url, {"List-Unsubscribe": "One-Click"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED and subscriber.unsubscribed_at


def test_the_manage_page_unsubscribes_and_subscribes_again(client):
    [subscriber] = confirmed("fan@example.net")
    url = reverse("newsletter:manage", args=[make_token("newsletter-manage", subscriber.key)])
    assert b"fan@example.net" in client.get(url).content
    client.post(url, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    client.post(url, {"action": "subscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_delivery_interrupted_mid_send_is_never_sent_again_and_the_rest_resume(smtp_server, run_tasks):
    confirmed("a@example.net", "b@example.net", "c@example.net")
    newsletter = newsletter_start(newsletter=Newsletter.objects.create(subject="News", body="Text"))
    # A worker died after claiming a's delivery: the mail server may or may not have taken it.
    Delivery.objects.filter(subscriber__email="a@example.net").update(status=DeliveryStatus.SENDING)
    assert newsletter_resume() == 1
    run_tasks()
    assert sorted(to for tos, _ in smtp_server.messages for to in tos) == ["b@example.net", "c@example.net"]
    assert Delivery.objects.get(subscriber__email="a@example.net").status == DeliveryStatus.UNCERTAIN
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT


def test_mail_server_down_pauses_the_batch_and_loses_nobody(smtp_server, run_tasks):
    from django_tasks_db.models import DBTaskResult

    confirmed("a@example.net", "b@example.net")
    newsletter = newsletter_start(newsletter=Newsletter.objects.create(subject="News", body="Text"))
    smtp_server.handler.refuse = True
    run_tasks()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    smtp_server.handler.refuse = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    run_tasks()
    assert len(smtp_server.messages) == 2
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT


def test_editor_previews_tests_and_sends_from_the_admin(editor, run_tasks, mailoutbox, django_user_model):
    confirmed("a@example.net")
    newsletter = Newsletter.objects.create(subject="Autumn news", body="Hello *fans*.")
    preview = editor.get(reverse("admin:newsletter_newsletter_preview", args=[newsletter.pk]))
    assert preview.status_code == 200 and b"<em>fans</em>" in preview.content
    changelist = reverse("admin:newsletter_newsletter_changelist")
    editor.post(changelist, {"action": "send_test_to_me", "_selected_action": [newsletter.pk]})
    assert [(m.to, m.subject) for m in mailoutbox] == [(["editor@example.com"], "[TEST] Autumn news")]
    editor.post(changelist, {"action": "send_to_subscribers", "_selected_action": [newsletter.pk]})
    run_tasks()
    assert [m.to for m in mailoutbox[1:]] == [["a@example.net"]]
    assert b"1 of 1 sent" in editor.get(changelist).content


def test_visitors_cannot_open_the_preview(client):
    newsletter = Newsletter.objects.create(subject="Secret", body="Not yet.")
    response = client.get(reverse("admin:newsletter_newsletter_preview", args=[newsletter.pk]))
    assert response.status_code == 302 and b"Not yet" not in response.content


def test_editor_exports_and_erases_one_persons_data(editor):
    import json

    from fansite.alerts.models import AlertSubscription
    from fansite.contact.models import ContactMessage

    [subscriber] = confirmed("fan@example.net")
    ContactMessage.objects.create(topic="fans", name="Fan", email="Fan@example.net", subject="Hi", message="Bravo!")
    AlertSubscription.objects.create(email="fan@example.net", cities=["Moscow"])
    changelist = reverse("admin:newsletter_subscriber_changelist")
    exported = editor.post(changelist, {"action": "export_personal_data", "_selected_action": [subscriber.pk]})
    [data] = json.loads(exported.content)
    assert data["newsletter_subscription"]["status"] == "confirmed" and data["contact_messages"][0]["message"] == "Bravo!"
    assert data["concert_alerts"]["cities"] == ["Moscow"]
    editor.post(changelist, {"action": "erase_personal_data", "_selected_action": [subscriber.pk]})
    assert not Subscriber.objects.exists() and not ContactMessage.objects.exists()
    assert not AlertSubscription.objects.exists()
