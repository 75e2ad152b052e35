from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcertsConfig(AppConfig):
    verbose_name = _("Concerts")
    name = "concerts"

    def ready(self):
        from . import signals

        signals.connect()
