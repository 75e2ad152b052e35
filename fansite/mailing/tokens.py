"""Signed, expiring tokens for the links in e-mails: confirm, unsubscribe, manage.

Django's signing (HMAC with SECRET_KEY, a salt per purpose so a link made for one purpose cannot be used for
another). A token carries a random public key of the subscription, never its database id nor the address.
"""

from datetime import timedelta

from django.core import signing


class InvalidLink(Exception):
    """Tampered, made for another purpose, or expired: the view shows a clear page, never a 500."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(purpose, key):
    return signing.dumps(str(key), salt=f"fansite.mailing.{purpose}", compress=False)


def read_token(purpose, token, max_age=None):
    """The key signed into `token`, or InvalidLink."""
    try:
        return signing.loads(
            token, salt=f"fansite.mailing.{purpose}",
            max_age=timedelta(days=max_age) if isinstance(max_age, int) else max_age,
        )
    except signing.SignatureExpired:
        raise InvalidLink(expired=True)
    except signing.BadSignature:
        raise InvalidLink()
