"""The newsletter's public pages: subscribe, and the pages the signed links in e-mails open.

The link pages change nothing on GET (mail scanners open links): a button POSTs. The unsubscribe address
also takes the RFC 8058 one-click POST a mail program sends by itself. Tampered or expired links get a
clear page (status 400), never a 500.
"""

from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from ..mailing.guard import GuardedFormView, is_same_origin_post
from ..mailing.tokens import InvalidLink
from .forms import CONSENT_TEXT, SubscribeForm
from .services import (
    confirmation_max_age, subscriber_confirm, subscriber_from_token, subscriber_request, subscriber_unsubscribe,
)


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

    template_name = "newsletter/check_inbox.html"


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class SignedLinkView(View):
    """A page opened from a signed link. Subclasses name the token's purpose and what a POST does."""

    purpose = ""
    max_age = None
    template_name = ""

    def get_subscriber(self, token):
        return subscriber_from_token(self.purpose, token, max_age=self.max_age() if callable(self.max_age) else self.max_age)

    def invalid(self, request, error):
        return render(request, "newsletter/invalid_link.html", {"expired": error.expired}, status=400)

    def get(self, request, token):
        try:
            subscriber = self.get_subscriber(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        return render(request, self.template_name, {"subscriber": subscriber, "done": False})

    def post(self, request, token):
        if not self.accepts_post(request):
            return render(request, "mailing/cross_site.html", status=403)
        try:
            subscriber = self.get_subscriber(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        self.act(request, subscriber)
        return render(request, self.template_name, {"subscriber": subscriber, "done": True})

    def accepts_post(self, request):
        return is_same_origin_post(request)


class ConfirmView(SignedLinkView):
    purpose = "newsletter-confirm"
    max_age = staticmethod(confirmation_max_age)
    template_name = "newsletter/confirm.html"

    def act(self, request, subscriber):
        subscriber_confirm(subscriber=subscriber)


class UnsubscribeView(SignedLinkView):
    purpose = "newsletter-unsubscribe"
    template_name = "newsletter/unsubscribe.html"

    def accepts_post(self, request):
        # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" itself, from no web page at all.
        return request.POST.get("List-Unsubscribe") == "One-Click" or is_same_origin_post(request)

    def act(self, request, subscriber):
        subscriber_unsubscribe(subscriber=subscriber)


class ManageView(SignedLinkView):
    purpose = "newsletter-manage"
    template_name = "newsletter/manage.html"

    def act(self, request, subscriber):
        # The link was mailed to the address itself, so it proves the address: subscribing again needs no
        # second confirmation.
        if request.POST.get("action") == "subscribe":
            subscriber_confirm(subscriber=subscriber)
        else:
            subscriber_unsubscribe(subscriber=subscriber)
