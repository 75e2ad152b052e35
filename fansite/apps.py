from django.utils.translation import gettext_lazy as _
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class FansiteConfig(AppConfig):
    name = "fansite"
    verbose_name = _("Site")
    default = True  # this module holds two configs; this one is the fansite app's

    def ready(self):
        from . import checks, signals  # noqa: F401 (checks registers itself)
        from .images import signals as image_signals

        image_signals.connect()  # every app's RenditionedImage models: all are loaded by now
        signals.connect()


class EditorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site's own admin site (fansite/admin_site.py) as `admin.site`;
    named in INSTALLED_APPS in place of "django.contrib.admin"."""

    default = False
    default_site = "fansite.admin_site.EditorSite"
