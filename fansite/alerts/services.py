"""Subscribing to alerts, confirming, unsubscribing; keeping one scan queued."""

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import AlertStatus, AlertSubscription
from .tasks import alerts_scan, mark_known, send_alert_confirmation


@transaction.atomic
def alert_subscription_request(*, email, language, everywhere, cities, countries, consent_text, consent_source):
    """As for the newsletter: the same answer for every address. A new, pending or unsubscribed address gets
    a confirmation e-mail; a confirmed one is left as it is (a stranger cannot change its places: to change
    them, the fan unsubscribes with the link in any alert and subscribes again)."""
    subscription, _created = AlertSubscription.objects.select_for_update().get_or_create(email=email.strip().lower())
    if subscription.is_confirmed:
        return subscription
    subscription.status = AlertStatus.PENDING
    subscription.everywhere, subscription.cities, subscription.countries = everywhere, cities, countries
    subscription.language = language
    subscription.consent_at, subscription.consent_text, subscription.consent_source = timezone.now(), consent_text, consent_source
    subscription.save()
    send_alert_confirmation.enqueue(subscription.pk)
    return subscription


def alert_subscription_confirm(*, subscription):
    if not subscription.is_confirmed:
        subscription.status, subscription.confirmed_at, subscription.unsubscribed_at = AlertStatus.CONFIRMED, timezone.now(), None
        subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        mark_known(subscription)
    return subscription


def alert_subscription_places(*, subscription, everywhere, cities, countries):
    """New places for a fan (from the manage page); following again if they had unsubscribed. Concerts already
    public in new places are known, not news."""
    subscription.everywhere, subscription.cities, subscription.countries = everywhere, cities, countries
    subscription.save(update_fields=["everywhere", "cities", "countries"])
    if subscription.is_confirmed:
        mark_known(subscription)
    else:
        subscription.status = AlertStatus.PENDING  # confirm() below marks what is known and records the time
        alert_subscription_confirm(subscription=subscription)
    return subscription


def alert_subscription_unsubscribe(*, subscription):
    if subscription.status != AlertStatus.UNSUBSCRIBED:
        subscription.status, subscription.unsubscribed_at = AlertStatus.UNSUBSCRIBED, timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


def alerts_scan_ensure_queued():
    """Queues the periodic scan unless one is already waiting or running (after a restart or a first start)."""
    waiting = DBTaskResult.objects.filter(task_path=alerts_scan.module_path, status__in=["READY", "RUNNING"])
    if waiting.filter(status="READY").exists():
        return False
    alerts_scan.enqueue()
    return True
