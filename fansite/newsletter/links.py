"""Absolute, signed links for a subscriber's e-mails (confirm expires; unsubscribe and manage do not)."""

from django.conf import settings
from django.urls import reverse

from ..mailing.tokens import make_token


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscriber):
    return absolute(reverse("newsletter:confirm", args=[make_token("newsletter-confirm", subscriber.key)]))


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletter:unsubscribe", args=[make_token("newsletter-unsubscribe", subscriber.key)]))


def manage_url(subscriber):
    return absolute(reverse("newsletter:manage", args=[make_token("newsletter-manage", subscriber.key)]))
