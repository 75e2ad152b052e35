"""Site-wide receivers, connected in fansite.apps: content changes retire the cached pages and frame, and
the search documents of every model that names `search_document_fields` follow its saves and deletes
(fansite/text_search.py)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .caching import content_changed_in_bulk
from .page_cache import IGNORED_APPS, retire_cached_pages
from .plain_text import clean_text_fields
from .text_search import document_deleted, document_saved, documented_models

# Apps whose text reaches a page, the feed or the calendar: control characters are removed on save.
TEXT_APPS = ("fansite", "profiles", "concerts")


def content_changed(sender, raw=False, **kwargs):
    """Any model's save or delete (content apps present and future) retires the cached pages; the
    bookkeeping apps in IGNORED_APPS never show on a page and must not."""
    if sender._meta.app_label not in IGNORED_APPS:
        retire_cached_pages(raw)


def content_changed_in_bulk_received(sender, **kwargs):
    """The same for rows written with update() or bulk_create() (`content_changed_in_bulk`)."""
    content_changed(sender)


def connect():
    content_changed_in_bulk.connect(content_changed_in_bulk_received, dispatch_uid="page-cache-bulk")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
    for label in TEXT_APPS:
        for model in apps.get_app_config(label).get_models():
            pre_save.connect(clean_text_fields, sender=model, dispatch_uid=f"clean-text-{model._meta.label}")
    for model in documented_models():
        post_save.connect(document_saved, sender=model, dispatch_uid=f"search-document-{model._meta.label}")
        post_delete.connect(document_deleted, sender=model, dispatch_uid=f"search-document-gone-{model._meta.label}")
