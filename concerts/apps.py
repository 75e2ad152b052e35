from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcertsConfig(AppConfig):
    verbose_name = _("Concerts")
    name = "concerts"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import row_versions, search_index, signals

        signals.connect()
        pre_migrate.connect(row_versions.drop_before_migrating, sender=self)
        post_migrate.connect(row_versions.ensure_triggers, sender=self)
        pre_migrate.connect(search_index.drop_before_migrating, sender=self)
        post_migrate.connect(search_index.ensure_index, sender=self)
        connection_created.connect(search_index.note_index)
