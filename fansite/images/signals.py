"""Receivers that keep a RenditionedImage's files in step with its row.

Connected per model (not for every sender) by `connect()`, called from fansite.apps, so that models
without pictures keep Django's fast bulk delete.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from . import renditions
from .hardening import configure_pillow
from .models import RenditionedImage


def make_renditions(sender, instance, raw=False, **kwargs):
    """post_save: (re)make the renditions when the picture or its focal point changed.

    `raw` saves (loaddata, a restore) bring back rows whose record and files are restored as they were."""
    if not raw:
        renditions.sync(instance)


def delete_files(sender, instance, **kwargs):
    """post_delete: the original and every rendition go with the row, after the commit."""
    renditions.delete_all(instance)


def connect():
    configure_pillow()
    for model in apps.get_models():
        if issubclass(model, RenditionedImage):
            post_save.connect(make_renditions, sender=model, dispatch_uid=f"renditions-make-{model._meta.label}")
            post_delete.connect(delete_files, sender=model, dispatch_uid=f"renditions-delete-{model._meta.label}")
