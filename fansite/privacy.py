"""One person's data across the apps that keep addresses (contact messages, newsletter, concert alerts):
export it as JSON or erase it. The admin actions are added to the subscribers' and alert subscriptions'
admins from here, the only layer that may know all three apps."""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .alerts.admin import AlertSubscriptionAdmin
from .alerts.models import AlertEvent, AlertSubscription
from .contact.models import ContactMessage
from .newsletter.admin import SubscriberAdmin
from .newsletter.models import Delivery, Subscriber

CONSENT_FIELDS = ["status", "language", "created_at", "consent_at", "consent_text", "consent_source", "confirmed_at",
                  "unsubscribed_at"]


def personal_data(email):
    """Everything kept about one address."""
    subscriber = Subscriber.objects.filter(email__iexact=email).values(*CONSENT_FIELDS, "pk").first()
    alerts = AlertSubscription.objects.filter(email__iexact=email).values(
        *CONSENT_FIELDS, "pk", "everywhere", "cities", "countries", "last_digest_at").first()
    if subscriber:
        subscriber["newsletters"] = list(Delivery.objects.filter(subscriber_id=subscriber.pop("pk")).values(
            "newsletter__subject", "status", "sent_at"))
    if alerts:
        alerts["alerts"] = list(AlertEvent.objects.filter(subscription_id=alerts.pop("pk")).values(
            "concert__title", "kind", "sent_at"))
    return {
        "email": email,
        "newsletter_subscription": subscriber,
        "concert_alerts": alerts,
        "contact_messages": list(ContactMessage.objects.filter(email__iexact=email).values(
            "created_at", "topic", "name", "subject", "message", "status")),
    }


@transaction.atomic
def personal_data_erase(email):
    for model in (ContactMessage, Subscriber, AlertSubscription):
        model.objects.filter(email__iexact=email).delete()


@admin.action(description=_("Export the selected people's data (JSON)"), permissions=["view"])
def export_personal_data(modeladmin, request, queryset):
    data = [personal_data(email) for email in queryset.values_list("email", flat=True)]
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@admin.action(description=_("Erase the selected people's data (subscriptions, deliveries, alerts, contact messages)"),
              permissions=["delete"])
def erase_personal_data(modeladmin, request, queryset):
    emails = list(queryset.values_list("email", flat=True))
    for email in emails:
        personal_data_erase(email)
    modeladmin.message_user(request, _("Erased the data of %(count)d people.") % {"count": len(emails)}, messages.SUCCESS)


def connect():
    for model_admin in (SubscriberAdmin, AlertSubscriptionAdmin):
        model_admin.actions = [*model_admin.actions, export_personal_data, erase_personal_data]
