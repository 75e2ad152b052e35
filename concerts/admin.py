from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from fansite.images.admin import FocalPointAdminMixin
from fansite.publishing.admin import PublishableAdmin
from fansite.translated_admin import TranslatedAdmin, TranslationTabularInline

from .forms import ConcertAdminForm, RescheduleForm
from .models import Collaborator, Concert, ProgrammeItem, Venue
from .services import concert_duplicate, concert_reschedule, concert_set_status


class ProgrammeItemInline(TranslationTabularInline):
    model = ProgrammeItem
    extra = 1
    fields = ["order", "composer", "work", "catalogue_number"]


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    extra = 1
    fields = ["order", "name", "role"]


@admin.register(Venue)
class VenueAdmin(TranslatedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "city", "country", "timezone"]
    list_filter = ["country", "city"]
    search_fields = ["name", "city", "country", "address"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Concert)
class ConcertAdmin(TranslatedAdmin, FocalPointAdminMixin, PublishableAdmin):
    form = ConcertAdminForm
    list_display = ["title", "local_start_display", "venue", "city", "status", "sequence"]
    list_filter = ["status", "venue__country", "venue__city"]
    list_select_related = ["venue"]
    search_fields = ["title", "venue__name", "venue__city", "programme__composer", "programme__work"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammeItemInline, CollaboratorInline]
    actions = ["mark_sold_out", "mark_cancelled", "mark_postponed", "duplicate_concerts"]
    autocomplete_fields = ["rescheduled_to"]
    change_form_template = "admin/concerts/concert/change_form.html"
    readonly_fields = ["sequence", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "venue", "local_start", "duration_minutes"]}),
        PublishableAdmin.publishing_fieldset,
        (
            _("Status"),
            {
                "fields": ["status", "rescheduled_to", "sequence", "updated_at"],
                "description": (
                    "A cancelled or postponed concert keeps its page, which says so. To move a concert to a new "
                    "date use “Reschedule to a new date” (top right): it creates the new performance and links "
                    "this one to it. Or set “Rescheduled” here and choose an existing concert as the new "
                    "performance. Every change raises the revision number calendar apps use to update the entry."
                ),
            },
        ),
        (_("Tickets"), {"fields": ["ticket_url", "price_text", "price_min", "price_currency", "tickets_on_sale"]}),
        (_("Organizer"), {"fields": ["organizer_name", "organizer_url"], "classes": ["collapse"]}),
        (_("About the concert"), {"fields": ["description", "image", "image_alt"]}),
        FocalPointAdminMixin.focal_fieldset,
    ]

    @admin.display(description=_("Starts (local time)"), ordering="starts_at")
    def local_start_display(self, concert):
        return f"{date_format(concert.local_starts_at, gettext('j M Y H:i'))} {concert.venue.time_label}"

    @admin.display(description=_("City"), ordering="venue__city")
    def city(self, concert):
        return concert.venue.city

    def _set_status(self, request, queryset, status):
        updated = concert_set_status(concerts=queryset, status=status)
        self.message_user(
            request,
            ngettext("%(count)d concert marked as %(status)s.", "%(count)d concerts marked as %(status)s.", updated)
            % {"count": updated, "status": str(Concert.Status(status).label).lower()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected concerts as sold out"))
    def mark_sold_out(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.SOLD_OUT)

    @admin.action(description=_("Mark selected concerts as cancelled"))
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.CANCELLED)

    @admin.action(description=_("Mark selected concerts as postponed"))
    def mark_postponed(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.POSTPONED)

    @admin.action(description=_("Duplicate selected concerts (as unpublished drafts)"))
    def duplicate_concerts(self, request, queryset):
        for original in queryset.prefetch_related("programme", "collaborators"):
            concert_duplicate(concert=original)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d concert duplicated as a draft.", "%(count)d concerts duplicated as drafts.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    # --- Rescheduling: one form that creates the new performance and links the old one to it ----------
    def get_urls(self):
        reschedule = path(
            "<path:object_id>/reschedule/",
            self.admin_site.admin_view(self.reschedule_view),
            name="concerts_concert_reschedule",
        )
        return [reschedule, *super().get_urls()]

    def reschedule_view(self, request, object_id):
        concert = self.get_object(request, object_id)
        if concert is None:
            raise Http404(gettext("No such concert."))
        if not self.has_change_permission(request, concert) or not self.has_add_permission(request):
            raise PermissionDenied
        form = RescheduleForm(request.POST or None, concert=concert)
        new = None
        if request.method == "POST" and form.is_valid():
            try:
                new = concert_reschedule(
                    concert=concert, starts_at=form.cleaned_data["starts_at"], venue=form.cleaned_data["venue"]
                )
            except ValidationError as error:  # e.g. the concert itself no longer validates: say why
                form.add_error(None, error.messages)
        if new is not None:
            self.message_user(
                request,
                _("“%(concert)s” is now marked as rescheduled and links to the new performance on %(when)s %(zone)s. "
                  "Check the new concert's details below.")
                % {"concert": concert, "when": date_format(new.local_starts_at, gettext("j F Y, H:i")),
                   "zone": new.venue.time_label},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:concerts_concert_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": concert,
            "form": form,
            "media": self.media + form.media,
            "title": _("Reschedule “%(concert)s”") % {"concert": concert},
        }
        return TemplateResponse(request, "admin/concerts/concert/reschedule.html", context)
