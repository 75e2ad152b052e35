"""The alerts scan: what became public or changed in each subscriber's places, sent as at most one e-mail a day.

Scheduled publications count when they become public, not when saved: the scan looks at what is public at
the moment it runs (`Concert.objects.published()`), never at saves. It runs every ALERT_SCAN_MINUTES (the
task queues its own next run; `manage.py resume_sending` makes sure one is queued when a worker starts).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from concerts.models import Concert

from ..mailing.links import signed_url
from ..mailing.messages import build_message
from .models import AlertEvent, AlertKind, AlertStatus, AlertSubscription, concert_signature

DIGEST_INTERVAL = timedelta(days=1)


def confirm_url(subscription):
    return signed_url("alerts:confirm", "alerts-confirm", subscription.key)


def manage_url(subscription):
    return signed_url("alerts:manage", "alerts-manage", subscription.key)


def unsubscribe_url(subscription):
    return signed_url("alerts:unsubscribe", "alerts-unsubscribe", subscription.key)


@task()
def send_alert_confirmation(subscription_id):
    subscription = AlertSubscription.objects.get(pk=subscription_id)
    if subscription.is_confirmed:
        return "already confirmed"
    # Subject, text and links (/ru/… for a Russian fan) in the language the fan signed up in.
    with override(subscription.language or settings.LANGUAGE_CODE):
        build_message(to=subscription.email, subject=_("Please confirm your concert alerts"),
                      template="alerts/email/confirm",
                      context={"confirm_url": confirm_url(subscription), "subscription": subscription,
                               "days": settings.CONFIRMATION_MAX_AGE_DAYS},
                      language=subscription.language).send()
    return "sent"


def record(subscription, concert, kind, sent_at=None):
    try:
        with transaction.atomic():
            AlertEvent.objects.create(subscription=subscription, concert=concert, kind=kind,
                                      signature=concert_signature(concert), sent_at=sent_at)
    except IntegrityError:  # already recorded in this state
        pass


def mark_known(subscription, now=None):
    """At confirmation: what is public already is known, not news."""
    now = now or timezone.now()
    for concert in Concert.objects.published(now).upcoming(now).filter(subscription.places_q()):
        record(subscription, concert, AlertKind.KNOWN, sent_at=now)


def find_events(subscription, now):
    """New events for one subscription: concerts newly public in its places, and changes to concerts it was
    told about (a new signature of a concert with an announced, sent event)."""
    seen = set(AlertEvent.objects.filter(subscription=subscription).values_list("concert_id", flat=True))
    for concert in Concert.objects.published(now).upcoming(now).filter(subscription.places_q()).select_related("venue"):
        if concert.pk not in seen:
            record(subscription, concert, AlertKind.ANNOUNCED)
    told = AlertEvent.objects.filter(subscription=subscription, kind=AlertKind.ANNOUNCED, sent_at__isnull=False)
    signatures = {}
    for event in AlertEvent.objects.filter(subscription=subscription).order_by("pk"):
        signatures[event.concert_id] = event.signature  # the latest state the subscriber knows of
    for concert in Concert.objects.filter(pk__in=told.values("concert_id")).select_related("venue"):
        if concert_signature(concert) != signatures.get(concert.pk):
            record(subscription, concert, AlertKind.CHANGED)


def send_digest(subscription, now):
    events = list(subscription.events.filter(sent_at__isnull=True, kind__in=[AlertKind.ANNOUNCED, AlertKind.CHANGED])
                  .select_related("concert__venue", "concert__rescheduled_to__venue"))
    if not events:
        return False
    if subscription.last_digest_at and now - subscription.last_digest_at < DIGEST_INTERVAL:
        return False  # at most one a day: these wait for tomorrow's
    # Subject, text, concert titles and links (the Russian pages and .ics for a Russian fan) in the language
    # the fan signed up in.
    with override(subscription.language or settings.LANGUAGE_CODE):
        for event in events:
            event.calendar_url = settings.SITE_URL + reverse("concerts:concert_calendar", args=[event.concert.slug])
            event.url = settings.SITE_URL + event.concert.get_absolute_url()
        subject = (_("A new concert near you") if len(events) == 1 and events[0].kind == AlertKind.ANNOUNCED
                   else _("Concert news for the places you follow"))
        build_message(to=subscription.email, subject=subject, template="alerts/email/digest",
                      context={"events": events, "subscription": subscription, "manage_url": manage_url(subscription)},
                      language=subscription.language, unsubscribe_url=unsubscribe_url(subscription)).send()
    AlertEvent.objects.filter(pk__in=[event.pk for event in events]).update(sent_at=now)
    AlertSubscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
    return True


def alerts_scan_once(now=None):
    """One pass over every confirmed subscription; returns the number of e-mails sent."""
    now = now or timezone.now()
    sent = 0
    for subscription in AlertSubscription.objects.filter(status=AlertStatus.CONFIRMED):
        find_events(subscription, now)
        sent += send_digest(subscription, now)
    return sent


@task()
def alerts_scan():
    sent = alerts_scan_once()
    alerts_scan.using(run_after=timezone.now() + timedelta(minutes=settings.ALERT_SCAN_MINUTES)).enqueue()
    return f"{sent} alert e-mails sent"
