from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..mailing.guard import GuardedFormView
from ..mailing.links import OneClickUnsubscribeMixin, SignedLinkView
from .forms import CONSENT_TEXT, AlertForm
from .models import AlertSubscription
from .services import alert_subscription_confirm, alert_subscription_request, alert_subscription_unsubscribe


def confirmation_max_age():
    return settings.CONFIRMATION_MAX_AGE_DAYS


class AlertSubscribeView(GuardedFormView):
    template_name = "alerts/subscribe.html"
    form_class = AlertForm
    rate_scope = "alerts"

    def form_accepted(self, form):
        data = form.cleaned_data
        everywhere = data["where"] == "everywhere"
        alert_subscription_request(
            email=data["email"], language=get_language() or "", everywhere=everywhere,
            cities=[] if everywhere else data["cities"], countries=[] if everywhere else data["countries"],
            consent_text=str(CONSENT_TEXT), consent_source="concert alerts form (/alerts/)",
        )
        return redirect("alerts:check_inbox")


class CheckInboxView(TemplateView):
    template_name = "alerts/check_inbox.html"


class AlertLinkView(SignedLinkView):
    model = AlertSubscription
    subscribe_url_name = "alerts:subscribe"


class ConfirmView(AlertLinkView):
    purpose = "alerts-confirm"
    max_age = staticmethod(confirmation_max_age)
    template_name = "alerts/confirm.html"

    def act(self, request, subscription):
        alert_subscription_confirm(subscription=subscription)


class UnsubscribeView(OneClickUnsubscribeMixin, AlertLinkView):
    purpose = "alerts-unsubscribe"
    template_name = "alerts/unsubscribe.html"

    def act(self, request, subscription):
        alert_subscription_unsubscribe(subscription=subscription)
