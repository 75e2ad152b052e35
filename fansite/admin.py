"""The editor (Django admin) of the site's own models: pages and site settings."""

from django.utils.translation import gettext_lazy as _
from django.contrib import admin
from . import privacy
from .history_admin import HistoryAdmin
from .translated_admin import TranslatedAdmin
from .models import Page, SiteSettings
from .publishing.admin import PublishableAdmin


@admin.register(Page)
class PageAdmin(TranslatedAdmin, PublishableAdmin):
    list_display = ["title", "slug", "show_in_menu", "menu_order"]
    list_editable = ["menu_order"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (_("Menu"), {"fields": ["show_in_menu", "menu_title", "menu_order"]}),
        PublishableAdmin.publishing_fieldset,
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdmin, HistoryAdmin):
    fieldsets = [
        (None, {"fields": ["site_title", "tagline", "description", "contact_email"]}),
        (_("Contact form"), {
            "fields": ["contact_booking_email", "contact_press_email", "contact_fans_email"],
            "description": _("Where each topic of the contact form is sent. Visitors never see these addresses."),
        }),
        (_("Links and sharing"), {"fields": ["social_links", "default_share_image", "default_share_image_alt"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


privacy.connect()  # export and erasure of one person's data on the subscribers' and alerts' admins
