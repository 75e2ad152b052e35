from django.apps import AppConfig


class ConcertsConfig(AppConfig):
    name = "concerts"

    def ready(self):
        from . import signals

        signals.connect()
