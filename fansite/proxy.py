"""The visitor's IP address and the forwarded headers, trusted only from the configured proxies.

Two settings describe the reverse proxies in front of the app: how many there are (TRUSTED_PROXY_COUNT)
and from which addresses they connect (TRUSTED_PROXY_ADDRESSES, addresses or networks). A request whose
socket address is not one of them came straight to gunicorn: whatever X-Forwarded-* headers it carries were
written by the client, so `ForwardedHeadersMiddleware` removes them before Django or django-axes reads them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                     "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


@lru_cache(maxsize=16)
def _networks(addresses):
    return tuple(ipaddress.ip_network(address.strip(), strict=False) for address in addresses if address.strip())


def _valid_ip(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def from_trusted_proxy(request):
    """True when the request's socket address is one of TRUSTED_PROXY_ADDRESSES (and a proxy is configured)."""
    if not settings.TRUSTED_PROXY_COUNT:
        return False
    address = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXY_ADDRESSES)))


def client_ip(request):
    """
    Each proxy appends the address it received the request from to X-Forwarded-For. With N trusted
    proxies, the N-th entry from the right was written by the outermost one: the visitor's address.
    Entries further left came from the visitor and prove nothing; the header counts only on a request
    that reached us from a trusted proxy's address, and an entry that is not an IP address (the visitor's
    invention) is not used. django-axes counts login failures per this address (AXES_CLIENT_IP_CALLABLE).

    django-ipware's proxy count expects a fixed-length header (a visitor prepending a made-up entry
    yields no address at all), so this reads the header directly.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and from_trusted_proxy(request):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and (address := _valid_ip(forwarded[-proxies])):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"


class ForwardedHeadersMiddleware:
    """First in MIDDLEWARE: X-Forwarded-* (and Forwarded) headers are removed from requests that did not
    come from a trusted proxy, so the scheme (SECURE_PROXY_SSL_HEADER), the host (USE_X_FORWARDED_HOST)
    and the client address are never the client's word."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
