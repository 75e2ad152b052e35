from django.utils.translation import gettext_lazy as _
from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Artist")
