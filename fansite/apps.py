from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class FansiteConfig(AppConfig):
    name = "fansite"
    verbose_name = "Site"

    def ready(self):
        from profiles.models import ArtistProfile

        from .chrome import invalidate_chrome
        from .models import Page, SiteSettings

        # The cached page frame shows these; any change must be visible at the next request.
        for model in (SiteSettings, Page, ArtistProfile):
            post_save.connect(invalidate_chrome, sender=model, dispatch_uid=f"chrome-save-{model.__name__}")
            post_delete.connect(invalidate_chrome, sender=model, dispatch_uid=f"chrome-delete-{model.__name__}")
