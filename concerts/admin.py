from django.contrib import admin, messages
from django.db import transaction
from django.utils.text import slugify

from .forms import ConcertAdminForm
from .models import Collaborator, Concert, ProgrammeItem, Venue


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 1
    fields = ["order", "composer", "work", "catalogue_number"]


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    extra = 1
    fields = ["order", "name", "role"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "timezone"]
    list_filter = ["country", "city"]
    search_fields = ["name", "city", "country", "address"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Concert)
class ConcertAdmin(admin.ModelAdmin):
    form = ConcertAdminForm
    list_display = ["title", "local_start_display", "venue", "city", "status", "is_published", "sequence"]
    list_filter = ["status", "is_published", "venue__country", "venue__city"]
    list_select_related = ["venue"]
    search_fields = ["title", "venue__name", "venue__city", "programme__composer", "programme__work"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammeItemInline, CollaboratorInline]
    actions = ["mark_sold_out", "mark_cancelled", "mark_postponed", "duplicate_concerts"]
    autocomplete_fields = ["rescheduled_to"]
    readonly_fields = ["sequence", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "venue", "local_start", "duration_minutes", "is_published"]}),
        (
            "Status",
            {
                "fields": ["status", "rescheduled_to", "sequence", "updated_at"],
                "description": (
                    "A cancelled or postponed concert keeps its page, which says so. To move a concert to a new "
                    "date: add the concert at the new date (or use “Duplicate”), then set this one to "
                    "“Rescheduled” and choose the new concert as its new performance. Every change here "
                    "raises the revision number that calendar apps use to update the entry."
                ),
            },
        ),
        ("Tickets", {"fields": ["ticket_url", "price_text", "price_min", "price_currency", "tickets_on_sale"]}),
        ("Organizer", {"fields": ["organizer_name", "organizer_url"], "classes": ["collapse"]}),
        ("About the concert", {"fields": ["description"]}),
    ]

    @admin.display(description="Starts (local time)", ordering="starts_at")
    def local_start_display(self, concert):
        return f"{concert.local_starts_at:%d %b %Y %H:%M} {concert.venue.time_label}"

    @admin.display(description="City", ordering="venue__city")
    def city(self, concert):
        return concert.venue.city

    def _set_status(self, request, queryset, status):
        updated = 0
        for concert in queryset:
            # Saved one by one (not queryset.update) so that auto_now, SEQUENCE and signals see the change.
            concert.status = status
            concert.rescheduled_to = None
            concert.save()
            updated += 1
        self.message_user(
            request, f"{updated} concert(s) marked as {Concert.Status(status).label.lower()}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected concerts as sold out")
    def mark_sold_out(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.SOLD_OUT)

    @admin.action(description="Mark selected concerts as cancelled")
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.CANCELLED)

    @admin.action(description="Mark selected concerts as postponed")
    def mark_postponed(self, request, queryset):
        self._set_status(request, queryset, Concert.Status.POSTPONED)

    @admin.action(description="Duplicate selected concerts (as unpublished drafts)")
    def duplicate_concerts(self, request, queryset):
        for original in queryset.prefetch_related("programme", "collaborators"):
            with transaction.atomic():
                copy = Concert.objects.get(pk=original.pk)
                copy.pk = None
                copy._state.adding = True
                copy.title = f"{original.title} (copy)"
                copy.slug = unique_slug(slugify(copy.title))
                copy.is_published = False
                # A copy is a new performance: its own revision history, and not (yet) part of a move.
                copy.sequence = 0
                copy.rescheduled_to = None
                if copy.status == Concert.Status.RESCHEDULED:
                    copy.status = Concert.Status.ON_SALE
                copy.save()
                ProgrammeItem.objects.bulk_create(
                    ProgrammeItem(concert=copy, composer=i.composer, work=i.work,
                                  catalogue_number=i.catalogue_number, order=i.order)
                    for i in original.programme.all()
                )
                Collaborator.objects.bulk_create(
                    Collaborator(concert=copy, name=c.name, role=c.role, order=c.order)
                    for c in original.collaborators.all()
                )
        self.message_user(request, f"{queryset.count()} concert(s) duplicated as drafts.", messages.SUCCESS)


def unique_slug(base):
    slug, n = base[:190], 2
    while Concert.objects.filter(slug=slug).exists():
        slug, n = f"{base[:190]}-{n}", n + 1
    return slug
