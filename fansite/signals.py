"""Site-wide receivers, connected in fansite.apps: content changes retire the cached pages and frame."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .page_cache import IGNORED_APPS, retire_cached_pages


def content_changed(sender, raw=False, **kwargs):
    """Any model's save or delete (content apps present and future) retires the cached pages; the
    bookkeeping apps in IGNORED_APPS never show on a page and must not."""
    if sender._meta.app_label not in IGNORED_APPS:
        retire_cached_pages(raw)


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
