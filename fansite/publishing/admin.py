"""Admin for Publishable models: state in the list, a filter by state, and a Preview link."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import PublicationState, preview_url

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
        if obj is None or not obj.pk or not (hasattr(obj, "get_absolute_url") or hasattr(obj, "get_preview_url")):
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">Preview<span class="visually-hidden"> {}</span></a>',
                           preview_url(obj), obj)
