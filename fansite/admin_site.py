"""The editor's admin site: Django's, with a header that names the site as the page frame does.

Installed as the default admin site by `fansite.apps.EditorAdminConfig` (in INSTALLED_APPS in place of
"django.contrib.admin"), so every `admin.register` in every app uses it.
"""

from django.utils.translation import gettext_lazy as _
from django.contrib import admin

from .page_frame import site_frame


class EditorSite(admin.AdminSite):
    site_title = _("Site editor")
    index_title = _("Content")

    def each_context(self, request):
        context = super().each_context(request)
        context["site_header"] = _("%(site)s — site editor") % {"site": site_frame().title}
        return context
