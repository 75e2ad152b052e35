"""The visitor's IP address, given how many reverse proxies stand in front of the app (TRUSTED_PROXY_COUNT)."""

from django.conf import settings


def client_ip(request):
    """
    Each proxy appends the address it received the request from to X-Forwarded-For. With N trusted
    proxies, the N-th entry from the right was written by the outermost one: the visitor's address.
    Entries further left came from the visitor and prove nothing; with no proxy configured the header is
    ignored entirely. django-axes counts login failures per this address (AXES_CLIENT_IP_CALLABLE).

    django-ipware's proxy count expects a fixed-length header (a visitor prepending a made-up entry
    yields no address at all), so this reads the header directly.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
