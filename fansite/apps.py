from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class FansiteConfig(AppConfig):
    name = "fansite"
    verbose_name = "Site"

    def ready(self):
        from profiles.models import ArtistProfile

        from .cache import content_changed
        from .chrome import invalidate_chrome
        from .models import Page, SiteSettings

        # The cached page frame shows these; any change must be visible at the next request.
        for model in (SiteSettings, Page, ArtistProfile):
            post_save.connect(invalidate_chrome, sender=model, dispatch_uid=f"chrome-save-{model.__name__}")
            post_delete.connect(invalidate_chrome, sender=model, dispatch_uid=f"chrome-delete-{model.__name__}")

        # Any model's save or delete (content apps present and future) retires the cached pages;
        # fansite.cache.IGNORED_APPS lists the bookkeeping apps that must not.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
