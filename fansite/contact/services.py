"""Storing a contact message and queuing its sending (tasks.py sends it)."""

from django.db import transaction

from .models import ContactMessage, DeliveryStatus
from .tasks import send_contact_message

def recipient_for(topic, site_settings):
    """The address in site settings for `topic`, else the general contact address, else ""."""
    return getattr(site_settings, f"contact_{topic}_email", "") or site_settings.contact_email


@transaction.atomic
def contact_message_submit(*, topic, name, email, subject, message, language, recipient):
    """Stores the message and queues its sending in the same transaction: both or neither."""
    stored = ContactMessage.objects.create(
        topic=topic, name=name, email=email, subject=subject, message=message, language=language, recipient=recipient,
    )
    send_contact_message.enqueue(stored.pk)
    return stored


def contact_message_resend(*, messages):
    """Queues the given unsent messages again (the admin's "Send again")."""
    count = 0
    for stored in messages.exclude(status=DeliveryStatus.SENT):
        stored.attempts, stored.status = 0, DeliveryStatus.QUEUED
        stored.save(update_fields=["attempts", "status"])
        send_contact_message.enqueue(stored.pk)
        count += 1
    return count


def contact_messages_requeue():
    """Queues every message still waiting (a task lost with a killed worker). Sending checks the status
    first, so a message whose own task is still queued is not sent twice by the same worker."""
    return contact_message_resend(messages=ContactMessage.objects.filter(status=DeliveryStatus.QUEUED))
