"""The editor's concert and venue pages.

Every action and custom view declares the permission it needs (`allowed_permissions`, checked by Django
before an action runs and before it is offered) and checks it again in the view itself, so that a staff
member who may only view concerts can change nothing (tests/test_admin_permissions.py).
"""

import copy

import django
from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from django_countries.filters import CountryFilter

from fansite.history_admin import HistoryAdmin
from fansite.text_search import in_every_language
from fansite.images.admin import FocalPointAdminMixin
from fansite.publishing.admin import PublishableAdmin
from fansite.spreadsheets.admin import SpreadsheetAdmin
from fansite.text_search import clean_query
from fansite.translated_admin import TranslatedAdmin, TranslationTabularInline

from .forms import (
    CollaboratorForm, ConcertAdminForm, DuplicateForm, ProgrammeItemForm, RescheduleForm, TicketLinkForm,
    VenueAdminForm, VenueZoneFormSetMixin,
)
from .models import Collaborator, Composer, Concert, Performer, ProgrammeItem, Series, TicketLink, Venue, Work
from .pagination import UpcomingThenPast
from .resources import ConcertResource, VenueResource
from .search import concert_condition
from .services import (
    default_column,
    concert_duplicate,
    concerts_duplicate,
    concert_reschedule,
    concert_restore_parts,
    concert_revision_parts,
    concerts_set_status,
)


class ProgrammeItemInline(SortableTabularInline):
    """Drag the rows to reorder the programme; the order numbers are set from the rows' places. Each row
    names its work as text (composer and title once per language, catalogue number), suggesting the
    records already known, so that an editor can add a work never played before without leaving the form."""

    model = ProgrammeItem
    form = ProgrammeItemForm
    template = "adminsortable2/edit_inline/tabular-django-6.0.html"  # the newest the library ships
    extra = 1
    verbose_name = _("work")
    verbose_name_plural = _("programme (drag the rows to reorder)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("work__composer")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        composers, titles = suggestions(Composer, "name"), suggestions(Work, "title")
        formset.form = type("ProgrammeItemFormWithSuggestions", (formset.form,), {"suggestions": {
            **{f"composer_{code}": names for code, names in composers.items()},
            **{f"work_{code}": names for code, names in titles.items()},
            "catalogue_number": suggestions(Work, "catalogue_number")[None],
        }})
        return formset

    def get_fields(self, request, obj=None):
        return [*ProgrammeItemForm.text_field_names(), "order"]


class CollaboratorInline(SortableTabularInline):
    model = Collaborator
    form = CollaboratorForm
    template = "adminsortable2/edit_inline/tabular-django-6.0.html"
    extra = 1
    verbose_name_plural = _("performers (drag the rows to reorder)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("performer")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("CollaboratorFormWithSuggestions", (formset.form,), {
            "suggestions": {f"name_{code}": names for code, names in suggestions(Performer, "name").items()},
        })
        return formset

    def get_fields(self, request, obj=None):
        return ["name", "role", "order"]


def suggestions(model, field):
    """Up to 500 distinct known values of `field` for the suggestion lists of the programme and performer
    rows: {"en": [...], "ru": [...]} for a translated field, {None: [...]} for a plain one."""
    columns = {code.replace("-", "_"): f"{field}_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES}
    columns = {code: column for code, column in columns.items() if hasattr(model, column)} or {None: field}
    return {code: list(model.objects.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
                       .order_by(column).values_list(column, flat=True).distinct()[:500])
            for code, column in columns.items()}


@admin.register(Composer)
class ComposerAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["name", "dates", "slug"]
    search_fields = in_every_language("name", "sort_name")
    fields = ["name", "sort_name", "birth_year", "death_year", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": [default_column("name")]}


@admin.register(Work)
class WorkAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["title", "composer", "catalogue_number", "is_offered"]
    list_filter = ["is_offered", "composer"]
    list_select_related = ["composer"]
    search_fields = [*in_every_language("title", "composer__name"), "catalogue_number"]
    search_help_text = _("Title, composer or catalogue number.")
    autocomplete_fields = ["composer"]
    fields = ["composer", "title", "catalogue_number", "is_offered", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": [default_column("title"), "catalogue_number"]}


@admin.register(Performer)
class PerformerAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = in_every_language("name")
    fields = ["name", "kind", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": [default_column("name")]}


def in_venue_zone(field, venue):
    field = copy.deepcopy(field)
    field.label = str(field.label).replace(gettext("venue local time"), venue.time_label)
    return field


class TicketLinkInline(TranslationTabularInline, SortableTabularInline):
    """Several ways to buy tickets, each with its on-sale moment typed in the venue's zone (the form's label
    names it), like the concert's start."""

    model = TicketLink
    form = TicketLinkForm
    template = "adminsortable2/edit_inline/tabular-django-6.0.html"
    extra = 1
    fields = ["seller", "kind", "url", "price_text", "price", "currency", "on_sale_local", "order"]
    verbose_name_plural = _("tickets (drag the rows to reorder)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset = type("TicketLinkFormSet", (VenueZoneFormSetMixin, formset), {})
        if obj is not None and obj.venue_id:
            # The column heading comes from the form class: name the venue's zone there (a copy of the
            # field, as the declared one is shared by every request).
            formset.form = type("TicketLinkForm", (formset.form,), {})
            formset.form.base_fields = {**formset.form.base_fields,
                                        "on_sale_local": in_venue_zone(formset.form.base_fields["on_sale_local"],
                                                                       obj.venue)}
        return formset


@admin.register(Series)
class SeriesAdmin(TranslatedAdmin, FocalPointAdminMixin, HistoryAdmin):
    list_display = ["name", "kind", "dates_display", "concert_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "kind", "description", "slug"],
                "description": _("A series' dates are those of its published concerts: choose the series on each "
                                 "concert's form.")}),
        (_("Picture"), {"fields": ["image", "image_alt"], "classes": ["collapse"]}),
        (FocalPointAdminMixin.focal_fieldset[0], {**FocalPointAdminMixin.focal_fieldset[1], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_dates().annotate(number_of_concerts=Count("concerts"))

    @admin.display(description=_("dates"), ordering="first_starts_at")
    def dates_display(self, series):
        if series.first_starts_at is None:
            return gettext("no published concerts yet")
        first, last = (date_format(day, "j M Y") for day in (series.first_date, series.last_date))
        return first if first == last else f"{first} – {last}"

    @admin.display(description=_("concerts"), ordering="number_of_concerts")
    def concert_count(self, series):
        return series.number_of_concerts


@admin.register(Venue)
class VenueAdmin(SpreadsheetAdmin, TranslatedAdmin, HistoryAdmin):
    form = VenueAdminForm
    resource_classes = [VenueResource]
    list_display = ["name", "city", "country", "timezone"]
    list_filter = [("country", CountryFilter), "city"]
    search_fields = ["name", "city", "country", "address"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = ["admin/venue-zone.js"]


class VenueCountryFilter(CountryFilter):
    """The countries of the venues, as the city filter lists the venues' cities: django-countries reads
    them as DISTINCT over every concert joined to its venue (32 ms of each list at 100,000 concerts).
    Only the names of those countries are translated, in the page's language and order: the field's own
    choices translate and sort all 249 (1,700 translation lookups on each list)."""

    def lookup_choices(self, changelist):
        used = Venue.objects.filter(Exists(Concert.objects.filter(venue=OuterRef("pk"))))
        names = {code: self.field.countries.name(code) for code in set(used.values_list("country", flat=True)) if code}
        return sorted(names.items(), key=lambda choice: (choice[1].casefold(), choice[0]))


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(starts_at__gte=timezone.now())
        if self.value() == "past":
            return queryset.filter(starts_at__lt=timezone.now())
        return queryset


@admin.register(Concert)
class ConcertAdmin(SpreadsheetAdmin, SortableAdminBase, TranslatedAdmin, FocalPointAdminMixin, PublishableAdmin):
    form = ConcertAdminForm
    resource_classes = [ConcertResource]
    list_display = ["title", "local_start_display", "venue", "status_display"]
    list_filter = [WhenFilter, "status", "series", "venue", "venue__city", ("venue__country", VenueCountryFilter)]
    list_select_related = ["venue"]
    search_fields = ["title", "venue__name", "venue__city"]  # shows the box; get_search_results does the search
    search_help_text = _("Title, venue, city, composer or work.")
    show_full_result_count = False  # a second COUNT(*) of every concert for "(N total)" on each filtered page
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TicketLinkInline, ProgrammeItemInline, CollaboratorInline]
    actions = ["mark_sold_out", "mark_cancelled", "mark_postponed", "duplicate_concerts"]
    autocomplete_fields = ["rescheduled_to", "series"]
    change_form_template = "admin/concerts/concert/change_form.html"
    object_history_form_template = "admin/concerts/concert/object_history_form.html"
    readonly_fields = ["sequence", "updated_at"]
    fieldsets = [
        # What an editor fills most comes first, with the state in words, so that status and publication
        # show without scrolling.
        (None, {"fields": ["title", "venue", "local_start", "status", "publication_status"]}),
        (PublishableAdmin.publishing_fieldset[0], {
            **PublishableAdmin.publishing_fieldset[1],
            "fields": [name for name in PublishableAdmin.publishing_fieldset[1]["fields"] if name != "publication_status"],
        }),
        (_("About the concert"), {"fields": ["series", "duration_minutes", "description"]}),
        (_("Web address, moves and revisions"), {
            "fields": ["slug", "rescheduled_to", "sequence", "updated_at"],
            "classes": ["collapse"],
            "description": _(
                "A cancelled or postponed concert keeps its page, which says so. To move a concert to a new date "
                "use “Reschedule to a new date” (top right): it creates the new performance and links this one "
                "to it. Or set “Rescheduled” and choose an existing concert as the new performance. Every change "
                "raises the revision number calendar apps use to update the entry."
            ),
        }),
        (_("Organizer"), {"fields": ["organizer_name", "organizer_url"], "classes": ["collapse"]}),
        (_("Picture"), {"fields": ["image", "image_alt"], "classes": ["collapse"]}),
        (FocalPointAdminMixin.focal_fieldset[0], {**FocalPointAdminMixin.focal_fieldset[1], "classes": ["collapse"]}),
    ]

    @property
    def media(self):
        # adminsortable2 swaps the changelist's actions.js for a patched copy it ships only up to Django 6.0;
        # the inlines (all that is sorted here) do not need it.
        media = super().media
        patched = "adminsortable2/js/actions-{}.{}.js".format(*django.VERSION[:2])
        js = ["admin/js/actions.js" if name == patched else name for name in media._js]
        return forms.Media(css=media._css, js=js)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("venue")

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if ORDER_VAR in request.GET:  # an editor chose a column's order: the plain queryset has it
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        listing = UpcomingThenPast(queryset, timezone.now(), rows_by_key=self.get_queryset(request))
        return super().get_paginator(request, listing, per_page, orphans, allow_empty_first_page)

    def get_search_results(self, request, queryset, search_term):
        """The site search's matching (concerts/search.py): the stored document of each concert, with no join
        to the programme, so a search stays fast however many concerts there are (`search_fields` only
        shows the search box)."""
        query = clean_query(search_term)
        if not query:
            return queryset, False
        return queryset.filter(concert_condition(query)), False

    def get_ordering(self, request):
        """Upcoming concerts first, soonest first; then past ones, latest first."""
        now = timezone.now()
        return [
            Case(When(starts_at__gte=now, then=0), default=1).asc(),
            Case(When(starts_at__gte=now, then=F("starts_at"))).asc(nulls_last=True),
            F("starts_at").desc(),
        ]

    def action_checkbox(self, obj):
        """Django's row checkbox, written out: Django renders it through the form widget templates, a
        template render per row (a third of the list's time at 100 rows a page). Same markup."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME, obj.pk, format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("Starts (local time)"), ordering="starts_at")
    def local_start_display(self, concert):
        when = date_format(concert.local_starts_at, gettext("D j M Y, H:i"))
        return f"{when} {concert.venue.time_label}"

    @admin.display(description=_("Status"), ordering="status")
    def status_display(self, concert):
        return concert.status_label

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Rendered in the venue's zone, so that the date widgets' "Now" and "Today" give the venue's
        clock (the admin sets them from the page's UTC offset) like every field of the form."""
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and obj.venue_id:
            with timezone.override(obj.venue.zone):
                response.render()
        return response

    def save_model(self, request, obj, form, change):
        became_cancelled = "status" in form.changed_data and obj.status == Concert.Status.CANCELLED
        super().save_model(request, obj, form, change)
        if became_cancelled:
            self._remind_about_description(request)

    def _remind_about_description(self, request):
        self.message_user(request, gettext(
            "Cancelled concerts keep their page. Its description may need a line for visitors: why, and "
            "whether tickets are refunded."), messages.WARNING)

    # --- Actions: each declares the permission it needs -------------------------------------------

    def _set_status(self, request, queryset, status):
        updated = concerts_set_status(concerts=queryset, status=status)
        self.message_user(request, ngettext(
            "%(count)d concert marked as %(status)s.", "%(count)d concerts marked as %(status)s.", updated,
        ) % {"count": updated, "status": Concert.Status(status).label.lower()}, messages.SUCCESS)

    @admin.action(description=_("Mark selected concerts as sold out"), permissions=["change"])
    def mark_sold_out(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.SOLD_OUT)

    @admin.action(description=_("Mark selected concerts as cancelled"), permissions=["change"])
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.CANCELLED)
        self._remind_about_description(request)

    @admin.action(description=_("Mark selected concerts as postponed"), permissions=["change"])
    def mark_postponed(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.POSTPONED)

    @admin.action(description=_("Duplicate selected concerts a week later (as drafts)"), permissions=["add"])
    def duplicate_concerts(self, request, queryset):
        """Each copy is given a new date, a week after its original; “Duplicate to a new date” on a concert's
        page asks for the date instead."""
        copies = concerts_duplicate(concerts=queryset)
        self.message_user(request, ngettext(
            "%(count)d concert copied as a draft, one week after its original: check its date.",
            "%(count)d concerts copied as drafts, each one week after its original: check their dates.", len(copies),
        ) % {"count": len(copies)}, messages.SUCCESS)

    # --- Custom views: reschedule, duplicate; the revision page restores the programme too ----------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/reschedule/", view(self.reschedule_view), name="concerts_concert_reschedule"),
            path("<path:object_id>/duplicate/", view(self.duplicate_view), name="concerts_concert_duplicate"),
            *super().get_urls(),
        ]

    def _new_date_view(self, request, object_id, form_class, title, explanation, button, save):
        concert = self.get_object(request, object_id)
        if concert is None:
            raise Http404(gettext("No such concert."))
        if not self.has_change_permission(request, concert) or not self.has_add_permission(request):
            raise PermissionDenied
        form = form_class(request.POST or None, concert=concert)
        if request.method == "POST" and form.is_valid():
            try:
                new = save(concert, form.cleaned_data)
            except ValidationError as error:  # e.g. the concert itself no longer validates: say why
                form.add_error(None, error.messages)
            else:
                return redirect(reverse("admin:concerts_concert_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": concert,
            "form": form,
            "media": self.media + form.media,
            "title": title,
            "explanation": explanation,
            "button": button,
        }
        return TemplateResponse(request, "admin/concerts/concert/new_date.html", context)

    def reschedule_view(self, request, object_id):
        def save(concert, data):
            new = concert_reschedule(concert=concert, starts_at=data["starts_at"], venue=data["venue"])
            self.message_user(request, gettext(
                "“%(concert)s” is now marked as rescheduled and links to the new performance on %(when)s. "
                "Check the new concert's details below.") % {"concert": concert, "when": new.local_start_text},
                messages.SUCCESS)
            return new

        explanation = gettext(
            "Saving creates the concert at the new date with the same programme, performers and ticket details, "
            "and marks this one as “Rescheduled” with a link to it. This concert's page keeps its address and "
            "shows the original date.")
        return self._new_date_view(request, object_id, RescheduleForm, gettext("Reschedule a concert"), explanation,
                                   gettext("Reschedule"), save)

    def duplicate_view(self, request, object_id):
        def save(concert, data):
            copy = concert_duplicate(concert=concert, starts_at=data["starts_at"], venue=data["venue"])
            self.message_user(request, gettext(
                "A draft copy on %(when)s was made, with the same programme and performers. Check it, then "
                "publish it.") % {"when": copy.local_start_text}, messages.SUCCESS)
            return copy

        explanation = gettext(
            "The copy is a draft at the new date, with the same programme, performers and ticket details. Its web "
            "address follows its title and date until you publish it.")
        return self._new_date_view(request, object_id, DuplicateForm, gettext("Duplicate a concert to a new date"),
                                   explanation, gettext("Make the copy"), save)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revision page lists the programme and performers the revision had; reverting brings them back."""
        record = get_object_or_404(Concert.history, id=object_id, history_id=version_id)
        programme, performers = concert_revision_parts(record=record)
        context = {"revision_programme": programme, "revision_performers": performers, **(extra_context or {})}
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, context)
            if request.method == "POST" and response.status_code == 302:
                concert = Concert.objects.get(pk=object_id)
                concert_restore_parts(concert=concert, programme=programme, performers=performers)
        return response
