from django.contrib import admin, messages
from django.db import transaction
from django.utils.text import slugify
from simple_history.admin import SimpleHistoryAdmin

from fansite.admin import PublishableAdmin

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
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "country", "timezone"]
    list_filter = ["country", "city"]
    search_fields = ["name", "city", "country", "address"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Concert)
class ConcertAdmin(PublishableAdmin):
    form = ConcertAdminForm
    list_display = ["title", "local_start_display", "venue", "city", "status"]
    list_filter = ["status", "venue__country", "venue__city"]
    list_select_related = ["venue"]
    search_fields = ["title", "venue__name", "venue__city", "programme__composer", "programme__work"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammeItemInline, CollaboratorInline]
    actions = ["mark_sold_out", "duplicate_concerts"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "venue", "local_start"]}),
        PublishableAdmin.publishing_fieldset,
        ("Tickets", {"fields": ["status", "ticket_url", "price_text"]}),
        ("About the concert", {"fields": ["description", "image", "image_alt"]}),
    ]

    @admin.display(description="Starts (local time)", ordering="starts_at")
    def local_start_display(self, concert):
        return f"{concert.local_starts_at:%d %b %Y %H:%M} {concert.venue.time_label}"

    @admin.display(description="City", ordering="venue__city")
    def city(self, concert):
        return concert.venue.city

    @admin.action(description="Mark selected concerts as sold out")
    def mark_sold_out(self, request, queryset):
        updated = 0
        for concert in queryset:
            # Saved one by one (not queryset.update) so that auto_now and signals see the change.
            concert.status = Concert.Status.SOLD_OUT
            concert.save()
            updated += 1
        self.message_user(request, f"{updated} concert(s) marked as sold out.", messages.SUCCESS)

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
