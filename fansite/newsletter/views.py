"""The newsletter's public pages: subscribe, and the pages the signed links in e-mails open
(fansite/mailing/links.py)."""

from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..mailing.guard import GuardedFormView
from ..mailing.links import OneClickUnsubscribeMixin, SignedLinkView, confirmation_max_age
from .forms import CONSENT_TEXT, SubscribeForm
from .models import Subscriber
from .services import subscriber_confirm, subscriber_request, subscriber_unsubscribe


class SubscribeView(GuardedFormView):
    template_name = "newsletter/subscribe.html"
    form_class = SubscribeForm
    rate_scope = "newsletter"

    def form_accepted(self, form):
        subscriber_request(email=form.cleaned_data["email"], language=get_language() or "",
                           consent_text=str(CONSENT_TEXT), consent_source="newsletter form (/newsletter/)")
        return redirect("newsletter:check_inbox")


class CheckInboxView(TemplateView):
    """The same answer for a new, a pending and a confirmed address."""

    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)

    template_name = "newsletter/check_inbox.html"


class NewsletterLinkView(SignedLinkView):
    model = Subscriber
    subscribe_url_name = "newsletter:subscribe"


class ConfirmView(NewsletterLinkView):
    purpose = "newsletter-confirm"
    max_age = staticmethod(confirmation_max_age)
    template_name = "newsletter/confirm.html"

    def act(self, request, subscriber):
        subscriber_confirm(subscriber=subscriber)


class UnsubscribeView(OneClickUnsubscribeMixin, NewsletterLinkView):
    purpose = "newsletter-unsubscribe"
    template_name = "newsletter/unsubscribe.html"

    def act(self, request, subscriber):
        subscriber_unsubscribe(subscriber=subscriber)


class ManageView(NewsletterLinkView):
    purpose = "newsletter-manage"
    template_name = "newsletter/manage.html"

    def act(self, request, subscriber):
        # The link was mailed to the address itself, so it proves the address: subscribing again needs no
        # second confirmation.
        if request.POST.get("action") == "subscribe":
            subscriber_confirm(subscriber=subscriber)
        else:
            subscriber_unsubscribe(subscriber=subscriber)
