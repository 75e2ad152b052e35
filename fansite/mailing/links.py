"""Pages opened from the signed links in e-mails (confirm, unsubscribe, manage), for any subscription model.

They change nothing on GET (mail scanners open links): a button POSTs. Tampered or expired links get a clear
page (status 400), never a 500. The pages are personal, so never stored by a cache.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .guard import is_same_origin_post
from .tokens import InvalidLink, make_token, read_token


def confirmation_max_age():
    """Days a double opt-in link stays valid (read at each request: tests change the setting)."""
    return settings.CONFIRMATION_MAX_AGE_DAYS


def signed_url(url_name, purpose, key):
    """The absolute address (SITE_URL) of `url_name` with a token for `purpose` and `key`."""
    return f"{settings.SITE_URL}{reverse(url_name, args=[make_token(purpose, key)])}"


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class SignedLinkView(View):
    """Subclasses set `model` (with a unique `key`), `purpose`, `template_name`, `subscribe_url_name`, and
    `act(request, subscription)`; `max_age` (days, or a callable giving them) for expiring links."""

    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)

    model = None
    purpose = ""
    max_age = None
    template_name = ""
    subscribe_url_name = ""

    def get_subscription(self, token):
        max_age = self.max_age() if callable(self.max_age) else self.max_age
        key = read_token(self.purpose, token, max_age=max_age)
        subscription = self.model.objects.filter(key=key).first()
        if subscription is None:  # erased since the link was sent
            raise InvalidLink()
        return subscription

    def invalid(self, request, error):
        return render(request, "mailing/invalid_link.html",
                      {"expired": error.expired, "subscribe_url": reverse(self.subscribe_url_name)}, status=400)

    def get(self, request, token):
        try:
            subscription = self.get_subscription(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        return render(request, self.template_name, {"subscriber": subscription, "done": False})

    def post(self, request, token):
        if not self.accepts_post(request):
            return render(request, "mailing/cross_site.html", status=403)
        try:
            subscription = self.get_subscription(token)
        except InvalidLink as error:
            return self.invalid(request, error)
        self.act(request, subscription)
        return render(request, self.template_name, {"subscriber": subscription, "done": True})

    def accepts_post(self, request):
        return is_same_origin_post(request)

    def act(self, request, subscription):
        raise NotImplementedError


class OneClickUnsubscribeMixin:
    def accepts_post(self, request):
        # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" itself, from no web page at all.
        return request.POST.get("List-Unsubscribe") == "One-Click" or is_same_origin_post(request)
