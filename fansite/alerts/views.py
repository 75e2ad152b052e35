from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..mailing.guard import GuardedFormView
from ..mailing.links import OneClickUnsubscribeMixin, SignedLinkView, confirmation_max_age
from ..mailing.tokens import InvalidLink
from .forms import CONSENT_TEXT, AlertForm, PlacesForm
from .models import AlertSubscription
from .services import (
    alert_subscription_confirm, alert_subscription_places, alert_subscription_request, alert_subscription_unsubscribe,
)


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
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)
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


class ManageView(AlertLinkView):
    """Change the places followed, unsubscribe or follow again. The link was mailed to the address itself,
    so it proves the address: no second confirmation."""

    purpose = "alerts-manage"
    template_name = "alerts/manage.html"

    def initial(self, subscription):
        return {"where": "everywhere" if subscription.everywhere else "places", "cities": subscription.cities,
                "countries": subscription.countries}

    def get(self, request, token):
        try:
            subscription = self.get_subscription(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        return render(request, self.template_name,
                      {"subscriber": subscription, "form": PlacesForm(initial=self.initial(subscription))})

    def post(self, request, token):
        if not self.accepts_post(request):
            return render(request, "mailing/cross_site.html", status=403)
        try:
            subscription = self.get_subscription(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        action = request.POST.get("action")
        form = PlacesForm(initial=self.initial(subscription))
        if action == "unsubscribe":
            alert_subscription_unsubscribe(subscription=subscription)
        else:
            form = PlacesForm(request.POST)
            if not form.is_valid():
                return render(request, self.template_name, {"subscriber": subscription, "form": form})
            everywhere = form.cleaned_data["where"] == "everywhere"
            alert_subscription_places(subscription=subscription, everywhere=everywhere,
                                      cities=[] if everywhere else form.cleaned_data["cities"],
                                      countries=[] if everywhere else form.cleaned_data["countries"])
        return render(request, self.template_name, {"subscriber": subscription, "form": form, "done": True})
