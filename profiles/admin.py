from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from fansite.admin import PublishableAdmin

from .models import ArtistProfile, Award, Milestone, Photo, PressQuote, Recording, RecordingLink


def thumbnail(image_field, alt=""):
    if not image_field:
        return "—"
    return format_html('<img src="{}" alt="{}" width="64">', image_field.url, alt)


@admin.register(ArtistProfile)
class ArtistProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "portrait_thumbnail", "tagline"]
    fields = ["name", "tagline", "birth_place", "short_bio", "long_bio", "portrait", "portrait_alt"]

    def has_add_permission(self, request):
        # One artist per site: once the profile exists, editors change it rather than adding another.
        return super().has_add_permission(request) and not ArtistProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Portrait")
    def portrait_thumbnail(self, profile):
        return thumbnail(profile.portrait, profile.portrait_alt)


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "period", "order"]
    list_editable = ["order"]
    search_fields = ["title", "description"]


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "year", "result", "recording"]
    list_filter = ["result"]
    search_fields = ["name", "category"]
    autocomplete_fields = ["recording"]


@admin.register(PressQuote)
class PressQuoteAdmin(PublishableAdmin):
    list_display = ["__str__", "source", "featured", "order"]
    list_filter = ["featured"]
    list_editable = ["featured", "order"]
    search_fields = ["quote", "source"]


class RecordingLinkInline(admin.TabularInline):
    model = RecordingLink
    extra = 1


@admin.register(Recording)
class RecordingAdmin(PublishableAdmin):
    list_display = ["title", "cover_thumbnail", "label", "year"]
    search_fields = ["title", "label"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RecordingLinkInline]

    @admin.display(description="Cover")
    def cover_thumbnail(self, recording):
        return thumbnail(recording.cover, recording.cover_alt)


@admin.register(Photo)
class PhotoAdmin(PublishableAdmin):
    list_display = ["__str__", "photo_thumbnail", "credit", "order"]
    list_editable = ["order"]
    search_fields = ["caption", "alt_text", "credit"]

    @admin.display(description="Photo")
    def photo_thumbnail(self, photo):
        return thumbnail(photo.image, photo.alt_text)
