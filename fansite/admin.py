from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import Page, SiteSettings
from .publishing import PublicationState, preview_url

PUBLISHING_FIELDS = ["is_published", "publish_from", "publish_until"]


class PublicationStateFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return PublicationState.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case PublicationState.DRAFT:
                return queryset.drafts()
            case PublicationState.SCHEDULED:
                return queryset.scheduled(now)
            case PublicationState.PUBLISHED:
                return queryset.published(now)
            case PublicationState.EXPIRED:
                return queryset.expired(now)
        return queryset


class PublishableAdmin(SimpleHistoryAdmin):
    """Admin for Publishable models: state in the list (Draft / Scheduled for … / Published / Expired), a filter,
    and a Preview link to the public template for items that have a public page."""

    publishing_fieldset = ("Publishing", {
        "fields": PUBLISHING_FIELDS + ["preview_link"],
        "description": "Draft: only editors see it (use Preview). Published with a future “publish from”: "
                       "scheduled, it appears by itself at that moment.",
    })

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "preview_link"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_status", "preview_link"]

    def get_list_filter(self, request):
        return [PublicationStateFilter, *super().get_list_filter(request)]

    @admin.display(description="Publication", ordering="publish_from")
    def publication_status(self, obj):
        return obj.publication_label

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if obj is None or not obj.pk or not hasattr(obj, "get_absolute_url"):
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">Preview<span class="visually-hidden"> {}</span></a>',
                           preview_url(obj), obj)


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ["title", "slug", "show_in_menu", "menu_order"]
    list_editable = ["menu_order"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        ("Menu", {"fields": ["show_in_menu", "menu_title", "menu_order"]}),
        PublishableAdmin.publishing_fieldset,
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin):
    fieldsets = [
        (None, {"fields": ["site_title", "tagline", "description", "contact_email"]}),
        ("Links and sharing", {"fields": ["social_links", "default_share_image", "default_share_image_alt"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
