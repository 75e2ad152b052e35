"""Mailing a stored contact message, in the task worker, with retries."""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from ..mailing.messages import build_message
from .models import ContactMessage, DeliveryStatus

logger = logging.getLogger(__name__)


class NoRecipient(Exception):
    """No address is set for this topic (nor a general contact address) in site settings."""


def retry_delay(attempts):
    """1, 2, 4, 8... times TASK_RETRY_BASE_SECONDS after the first, second, third... failure."""
    return timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


@task()
def send_contact_message(message_id):
    """Mails a stored message to its recipient, Reply-To the visitor. On failure it records the error and
    schedules another try (backoff) until TASK_RETRY_LIMIT tries, then marks the message failed and raises,
    so the failed task shows in the admin too. A message already sent is not sent again."""
    stored = ContactMessage.objects.get(pk=message_id)
    if stored.status == DeliveryStatus.SENT:
        return "already sent"
    try:
        if not stored.recipient:
            raise NoRecipient(_("No address is set for this topic in site settings."))
        build_message(
            to=stored.recipient,
            subject=f"[{stored.get_topic_display()}] {stored.subject}",
            template="contact/email/message",
            context={"message": stored},
            reply_to=[stored.email],
        ).send()
    except Exception as error:
        stored.attempts += 1
        stored.last_error = f"{type(error).__name__}: {error}"[:2000]
        final = stored.attempts >= settings.TASK_RETRY_LIMIT
        stored.status = DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED
        stored.save(update_fields=["attempts", "last_error", "status"])
        if final:
            raise
        send_contact_message.using(run_after=timezone.now() + retry_delay(stored.attempts)).enqueue(stored.pk)
        logger.warning("Contact message %s not sent (try %s), retrying: %s", stored.pk, stored.attempts, error)
        return "retry scheduled"
    stored.attempts += 1
    stored.status, stored.sent_at, stored.last_error = DeliveryStatus.SENT, timezone.now(), ""
    stored.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return "sent"
