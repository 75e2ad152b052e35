"""Admin for Publishable models: the state in words in the list and the form, a filter by state, a Preview
link, and a save button that says what saving will do ("Save draft", "Publish now", "Schedule for …")."""

from django.utils.translation import gettext_lazy as _
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from fansite.history_admin import HistoryAdmin

from . import PublicationState, preview_url

PUBLISHING_FIELDS = ["is_published", "publish_from", "publish_until"]


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publication")
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


def save_label(obj):
    """What the main save button does to `obj` as it stands: the browser script
    (static/admin/publishing.js) updates it as the editor ticks "published" or changes "publish from"."""
    if obj is None or not obj.is_published:
        return gettext("Save draft")
    state = obj.publication_state()
    if state == PublicationState.SCHEDULED:
        when = date_format(timezone.localtime(obj.publish_from, obj.publication_zone), gettext("j M Y, H:i"))
        return gettext("Schedule for %(when)s") % {"when": when}
    if state == PublicationState.EXPIRED:
        return gettext("Save (expired)")
    return gettext("Save and keep published")


class PublishableAdmin(HistoryAdmin):
    """Admin for Publishable models: state in the list (Draft / Scheduled for … / Published / Expired), a filter,
    and a Preview link to the public template for items that have a public page."""

    publishing_fieldset = (_("Publishing"), {
        "fields": ["publication_status", *PUBLISHING_FIELDS, "preview_link"],
        "description": _("Draft: only editors see it (use Preview). Published with a future “publish from”: "
                         "scheduled, it appears by itself at that moment."),
    })

    save_on_top = True  # the button that says what saving does is in sight as the form opens

    class Media:
        js = ["admin/publishing.js"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "publication_status", "preview_link"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_status", "preview_link"]

    def get_list_filter(self, request):
        return [PublicationStateFilter, *super().get_list_filter(request)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["save_label"] = save_label(obj)
        context["was_published"] = obj is not None and obj.publication_state() == PublicationState.PUBLISHED
        context["publication_utc_offset"] = int(
            timezone.localtime(timezone.now(), obj.publication_zone if obj is not None else timezone.get_default_timezone())
            .utcoffset().total_seconds()
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("Publication"), ordering="publish_from")
    def publication_status(self, obj):
        if obj is None or not obj.pk:
            return gettext("Draft (new)")
        return format_html('<span class="publication publication--{}">{}</span>', obj.publication_state(), obj.publication_label)

    @admin.display(description=_("Preview"))
    def preview_link(self, obj):
        if obj is None or not obj.pk or not (hasattr(obj, "get_absolute_url") or hasattr(obj, "get_preview_url")):
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}<span class="visually-hidden"> {}</span></a>',
                           preview_url(obj), gettext("Preview"), obj)
