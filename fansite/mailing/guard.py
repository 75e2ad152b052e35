"""Guards for the forms visitors send (contact, newsletter, concert alerts), without third-party services.

- A honeypot field hidden by the stylesheet (`.form-trap`): people never fill it, form-filling robots do.
- A signed time stamp of when the form was rendered: sent faster than FORM_MIN_FILL_SECONDS is a robot,
  older than FORM_MAX_AGE_SECONDS asks the visitor to send again (the re-rendered form has a fresh stamp).
- Rate limits per client IP and per e-mail address in the shared cache (a cache that is down lets the form
  through: rate limits are a brake, losing a fan's message would be worse).
- Line breaks in names and subjects are refused (fansite.mailing.messages.refuse_line_breaks).

CSRF. These forms are on public pages served from the page cache to everybody, so they carry no CSRF token:
a token baked into a cached page would be shared by every visitor (and would set a cookie, which the page
cache refuses to store). They need none: a visitor's form acts on no session and no login, so a forged
submission can do nothing its author could not do by posting it directly, and every subscription needs the
confirmation link sent to the address itself (double opt-in). What CSRF would still stop, another site
making visitors' browsers post, is refused by the same-origin check: browsers send `Sec-Fetch-Site` and
`Origin` on every POST, and a cross-site one gets a 403. Django's CsrfViewMiddleware still protects the admin
and every other POST view.
"""

import time
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from ..caching import TolerantCache
from ..proxy import client_ip
from .messages import HeaderInjection, refuse_line_breaks

STAMP_SALT = "fansite.mailing.form-stamp"
cache = TolerantCache("default")


def no_line_breaks(value):
    try:
        refuse_line_breaks(value)
    except HeaderInjection:
        raise forms.ValidationError(_("Please write this on one line."), code="line_break")


def parse_rate(rate):
    count, seconds = rate.split("/")
    return int(count), int(seconds)


def over_rate(scope, key, rate):
    """Counts one submission for `key` and says whether it went over `rate` ("count/seconds")."""
    limit, period = parse_rate(rate)
    count = cache.incr(f"form-rate:{scope}:{key}", period)
    return count is not None and count > limit


class GuardedForm(forms.Form):
    """A form with the honeypot and the time stamp. Subclasses add their fields."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["stamp"].initial = signing.dumps(time.time(), salt=STAMP_SALT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("This form could not be sent. Please leave the last field empty."), code="honeypot")
        try:
            rendered_at = signing.loads(cleaned.get("stamp") or "", salt=STAMP_SALT, max_age=settings.FORM_MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(_("This page was open for too long. Please check the form and send it again."), code="stale")
        except signing.BadSignature:
            raise forms.ValidationError(_("This form could not be checked. Please send it again."), code="stamp")
        age = time.time() - float(rendered_at)
        if age > settings.FORM_MAX_AGE_SECONDS:
            raise forms.ValidationError(_("This page was open for too long. Please check the form and send it again."), code="stale")
        if age < settings.FORM_MIN_FILL_SECONDS:
            raise forms.ValidationError(_("That was very quick. Please check the form and send it again."), code="too_fast")
        return cleaned

    def fresh_stamp(self):
        """After an error the form is shown again with a new stamp, so a person's second try counts from now."""
        self.data = self.data.copy()
        self.data[self.add_prefix("stamp")] = signing.dumps(time.time(), salt=STAMP_SALT)

    def focus_first_error(self):
        """`autofocus` on the first field with an error: focus lands there without JavaScript."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return


def is_same_origin_post(request):
    """False for a POST another site made a browser send (Sec-Fetch-Site or Origin says so)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:  # a client that sends neither header is not a browser another site can drive
        return True
    own = {f"{request.scheme}://{request.get_host()}", f"{urlsplit(settings.SITE_URL).scheme}://{urlsplit(settings.SITE_URL).netloc}"}
    return origin in own


@method_decorator(csrf_exempt, name="dispatch")
class GuardedFormView(FormView):
    """A public form: same-origin POST only, rate limited by IP and by address, errors focused.

    `rate_scope` names the form in the rate-limit keys; `address_field` the field whose value is limited
    per address (None: IP only). `form_accepted(form)` does the work and returns the response.
    """

    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)
    rate_scope = "form"
    address_field = "email"

    def post(self, request, *args, **kwargs):
        if not is_same_origin_post(request):
            return HttpResponseForbidden(render_to_string("mailing/cross_site.html", request=request))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if over_rate(f"{self.rate_scope}:ip", client_ip(self.request) or "unknown", settings.FORM_RATE_PER_IP):
            return self.refuse(form, _("Too many messages from your network. Please try again in an hour."))
        address = form.cleaned_data.get(self.address_field) if self.address_field else None
        if address and over_rate(f"{self.rate_scope}:address", address.casefold(), settings.FORM_RATE_PER_ADDRESS):
            return self.refuse(form, _("Too many requests for this address. Please try again in an hour."))
        return self.form_accepted(form)

    def refuse(self, form, message):
        form.add_error(None, message)
        return self.form_invalid(form, status=429)

    def form_invalid(self, form, status=200):
        form.fresh_stamp()
        form.focus_first_error()
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_accepted(self, form):
        raise NotImplementedError
