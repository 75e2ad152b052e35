from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class FansiteConfig(AppConfig):
    name = "fansite"

    def ready(self):
        from .cache import content_changed

        # Any model's save or delete (content apps present and future) retires the cached pages;
        # fansite.cache.IGNORED_APPS lists the bookkeeping apps that must not.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
