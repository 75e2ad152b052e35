"""Subscribing, confirming, unsubscribing, and starting or resuming a newsletter's sending."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ..mailing.messages import build_message
from .models import Delivery, DeliveryStatus, Newsletter, NewsletterStatus, Subscriber, SubscriberStatus
from .tasks import newsletter_message, send_confirmation, send_newsletter_batch, upcoming_concerts


@transaction.atomic
def subscriber_request(*, email, language, consent_text, consent_source):
    """A visitor asked to subscribe. New, pending and unsubscribed addresses get a confirmation e-mail (the
    consent is recorded now, confirmed by the link); a confirmed address gets nothing. The caller shows the
    same page in every case, so the site never tells whether an address is subscribed."""
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=email.strip().lower())
    if subscriber.is_confirmed:
        return subscriber
    subscriber.status = SubscriberStatus.PENDING
    subscriber.language = language
    subscriber.consent_at, subscriber.consent_text, subscriber.consent_source = timezone.now(), consent_text, consent_source
    subscriber.save()
    send_confirmation.enqueue(subscriber.pk)
    return subscriber


def subscriber_confirm(*, subscriber):
    if not subscriber.is_confirmed:
        subscriber.status, subscriber.confirmed_at, subscriber.unsubscribed_at = SubscriberStatus.CONFIRMED, timezone.now(), None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


def subscriber_unsubscribe(*, subscriber):
    if subscriber.status != SubscriberStatus.UNSUBSCRIBED:
        subscriber.status, subscriber.unsubscribed_at = SubscriberStatus.UNSUBSCRIBED, timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def newsletter_start(*, newsletter):
    """One Delivery per confirmed subscriber (created once: starting twice adds only new subscribers and never
    a second row for anyone), then the first batch is queued."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    Delivery.objects.bulk_create(
        [Delivery(newsletter=newsletter, subscriber_id=pk) for pk in Subscriber.objects.confirmed().values_list("pk", flat=True)],
        ignore_conflicts=True, batch_size=1000,
    )
    newsletter.status = NewsletterStatus.SENDING
    newsletter.send_started_at = newsletter.send_started_at or timezone.now()
    newsletter.save(update_fields=["status", "send_started_at"])
    send_newsletter_batch.enqueue(newsletter.pk)
    return newsletter


def newsletter_send_test(*, newsletter, to):
    """The newsletter as it will arrive, to one editor's address, now (no Delivery, no subscriber needed)."""
    probe = Subscriber(email=to, language=translation.get_language() or "")  # in the editor's admin language
    message = newsletter_message(newsletter, probe, upcoming_concerts(newsletter))
    message.subject = f"[TEST] {message.subject}"
    message.send()


def newsletter_resume():
    """After a worker stopped: deliveries left "being sent" become uncertain (never sent again), and every
    newsletter still sending gets a batch queued. Returns the number of newsletters resumed."""
    resumed = 0
    for newsletter in Newsletter.objects.filter(status=NewsletterStatus.SENDING):
        newsletter.deliveries.filter(status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.UNCERTAIN, error="The worker stopped while handing this message to the mail server."
        )
        send_newsletter_batch.enqueue(newsletter.pk)
        resumed += 1
    return resumed


def build_preview(newsletter):
    return build_message(to="preview@example.org", subject=newsletter.subject, template="newsletter/email/newsletter",
                         context={"newsletter": newsletter, "concerts": upcoming_concerts(newsletter),
                                  "manage_url": "#", "site_url": settings.SITE_URL},
                         unsubscribe_url="#")
