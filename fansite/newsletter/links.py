"""Absolute, signed links for a subscriber's e-mails (confirm expires; unsubscribe and manage do not)."""

from ..mailing.links import signed_url


def confirm_url(subscriber):
    return signed_url("newsletter:confirm", "newsletter-confirm", subscriber.key)


def unsubscribe_url(subscriber):
    return signed_url("newsletter:unsubscribe", "newsletter-unsubscribe", subscriber.key)


def manage_url(subscriber):
    return signed_url("newsletter:manage", "newsletter-manage", subscriber.key)
