from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Artist"

    def ready(self):
        from .images import configure_pillow
        from .models import RenditionedImage
        from .renditions import delete_with_instance

        configure_pillow()
        # Connected per model (not for every sender) so other models keep Django's fast bulk delete.
        # Every app's models: concerts have pictures too.
        for model in apps.get_models():
            if issubclass(model, RenditionedImage):
                post_delete.connect(delete_with_instance, sender=model, dispatch_uid=f"renditions-{model.__name__}")
