"""Background sending: confirmation e-mails and newsletters in batches.

At most once per person: each `Delivery` is claimed (status pending -> sending, a conditional UPDATE that
commits) before its message is handed to the mail server, and marked sent right after. A worker killed
between the two leaves that one delivery "sending"; `newsletter_resume` marks it *uncertain* and never
sends it again (the admin shows it), so a crash can cost at most one message per worker, never a duplicate.
Every other recipient is picked up by the next batch after the restart.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _, override

from concerts.models import Concert

from ..mailing.messages import build_message, open_connection
from .links import confirm_url, manage_url, unsubscribe_url
from .models import Delivery, DeliveryStatus, Newsletter, NewsletterStatus, Subscriber

logger = logging.getLogger(__name__)
UPCOMING_CONCERTS_IN_NEWSLETTER = 5


@task()
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    if subscriber.is_confirmed:
        return "already confirmed"
    # Subject, text and links (/ru/… for a Russian subscriber) in the language the person subscribed in.
    with override(subscriber.language or settings.LANGUAGE_CODE):
        build_message(
            to=subscriber.email, subject=_("Please confirm your subscription"), template="newsletter/email/confirm",
            context={"confirm_url": confirm_url(subscriber), "days": settings.CONFIRMATION_MAX_AGE_DAYS},
            language=subscriber.language,
        ).send()
    return "sent"


def newsletter_message(newsletter, subscriber, concerts):
    """The newsletter for one subscriber, in their language: its subject and text in that language (English
    where it has no translation), the concerts' titles and the links too."""
    with override(subscriber.language or settings.LANGUAGE_CODE):
        return build_message(
            to=subscriber.email, subject=newsletter.subject, template="newsletter/email/newsletter",
            context={"newsletter": newsletter, "concerts": concerts, "manage_url": manage_url(subscriber),
                     "site_url": settings.SITE_URL},
            language=subscriber.language, unsubscribe_url=unsubscribe_url(subscriber),
        )


def upcoming_concerts(newsletter):
    if not newsletter.include_concerts:
        return []
    return list(Concert.objects.published().upcoming().for_listing()[:UPCOMING_CONCERTS_IN_NEWSLETTER])


def is_temporary(error):
    """The server said "try later" (4xx) or could not be reached: the message was certainly not taken."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (ConnectionError, smtplib.SMTPConnectError, TimeoutError))


@task()
def send_newsletter_batch(newsletter_id):
    """Sends up to NEWSLETTER_BATCH_SIZE waiting deliveries over one SMTP connection, then queues the next
    batch (or marks the newsletter sent). A mail server that is down puts the batch back and retries later."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    waiting = list(
        Delivery.objects.filter(newsletter=newsletter, status=DeliveryStatus.PENDING)
        .values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE]
    )
    if not waiting:
        return newsletter_finish(newsletter)
    concerts = upcoming_concerts(newsletter)
    sent = 0
    connection = None
    try:
        connection = open_connection()
        for pk in waiting:
            if not Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SENDING, attempted_at=timezone.now()
            ):
                continue  # another worker has it
            delivery = Delivery.objects.select_related("subscriber").get(pk=pk)
            if not delivery.subscriber.is_confirmed:
                Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SKIPPED)
                continue
            try:
                connection.send_messages([newsletter_message(newsletter, delivery.subscriber, concerts)])
            except smtplib.SMTPRecipientsRefused as error:
                Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.FAILED, error=str(error)[:2000])
                continue
            except Exception as error:
                # Refused as a whole ("try later") or never reached: back in the queue. Anything else
                # happened mid-conversation and may have been delivered: never sent again.
                status = DeliveryStatus.PENDING if is_temporary(error) else DeliveryStatus.UNCERTAIN
                Delivery.objects.filter(pk=pk).update(status=status, error=f"{type(error).__name__}: {error}"[:2000])
                raise
            Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
            sent += 1
    except Exception as error:
        retry_at = timezone.now() + timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS)
        logger.warning("Newsletter %s: sending paused until %s: %s", newsletter.pk, retry_at, error)
        send_newsletter_batch.using(run_after=retry_at).enqueue(newsletter.pk)
        return f"sent {sent}, paused: {error}"
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass
    send_newsletter_batch.enqueue(newsletter.pk)
    return f"sent {sent}"


def newsletter_finish(newsletter):
    """Marks the newsletter sent once nothing waits or is in flight."""
    busy = newsletter.deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]).exists()
    if not busy:
        Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.SENDING).update(
            status=NewsletterStatus.SENT, sent_at=timezone.now()
        )
    return "finished" if not busy else "waiting for deliveries in flight"


def delivery_counts(newsletter):
    counts = dict(newsletter.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in DeliveryStatus.values}
