from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from fansite.admin import PublishableAdmin

from . import renditions
from .models import ArtistProfile, Award, MediaEmbed, Milestone, Photo, PressQuote, Recording, RecordingLink, Track


def thumbnail(obj):
    """The smallest square rendition (the stored original only while renditions are missing)."""
    if not obj.image_file:
        return "—"
    entry = renditions.closest(obj.renditions, "square", "jpeg", 0)
    src = renditions.url(entry[2]) if entry else obj.image_file.url
    return format_html('<img src="{}" alt="{}" width="64" height="64" class="admin-thumbnail">', src, obj.image_alt)


class FocalPointAdminMixin:
    """Focal point as two number inputs, plus a picture to click on when JavaScript runs."""

    focal_fieldset = ("Focal point", {
        "fields": ["focal_point_picker", "focal_x", "focal_y"],
        "description": "Square and wide crops keep this point in view. Click the picture to set it, or type percentages.",
    })

    class Media:
        js = ["js/focal-point.js"]
        css = {"all": ["css/admin-focal-point.css"]}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "focal_point_picker"]

    @admin.display(description="Picture")
    def focal_point_picker(self, obj):
        entry = renditions.closest(obj.renditions, "original", "jpeg", 480) if obj and obj.pk else None
        if not entry:
            return "Save the picture first; then click it here to choose its focal point."
        return format_html(
            '<span class="focal-picker" data-focal-picker><img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-picker__marker" data-focal-marker hidden></span></span>',
            renditions.url(entry[2]), entry[0], entry[1], obj.image_alt,
        )


@admin.register(ArtistProfile)
class ArtistProfileAdmin(FocalPointAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "portrait_thumbnail", "tagline"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "birth_place", "short_bio", "medium_bio", "long_bio",
                           "portrait", "portrait_alt"]}),
        FocalPointAdminMixin.focal_fieldset,
    ]

    def has_add_permission(self, request):
        # One artist per site: once the profile exists, editors change it rather than adding another.
        return super().has_add_permission(request) and not ArtistProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Portrait")
    def portrait_thumbnail(self, profile):
        return thumbnail(profile)


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


class TrackInline(admin.TabularInline):
    model = Track
    extra = 1


class RecordingLinkInline(admin.TabularInline):
    model = RecordingLink
    extra = 1


class MediaEmbedInline(admin.TabularInline):
    model = MediaEmbed
    extra = 0


@admin.register(Recording)
class RecordingAdmin(FocalPointAdminMixin, PublishableAdmin):
    list_display = ["title", "cover_thumbnail", "label", "year"]
    search_fields = ["title", "label"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "label", "year", "description", "cover", "cover_alt", "order"]}),
        FocalPointAdminMixin.focal_fieldset,
        PublishableAdmin.publishing_fieldset,
    ]
    inlines = [TrackInline, RecordingLinkInline, MediaEmbedInline]

    @admin.display(description="Cover")
    def cover_thumbnail(self, recording):
        return thumbnail(recording)


@admin.register(MediaEmbed)
class MediaEmbedAdmin(SimpleHistoryAdmin):
    list_display = ["title", "url", "recording", "order"]
    list_editable = ["order"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["recording"]


@admin.register(Photo)
class PhotoAdmin(FocalPointAdminMixin, PublishableAdmin):
    list_display = ["__str__", "photo_thumbnail", "credit", "in_press_kit", "order"]
    list_editable = ["in_press_kit", "order"]
    search_fields = ["caption", "alt_text", "credit", "copyright"]
    fieldsets = [
        (None, {"fields": ["image", "alt_text", "caption", "credit", "copyright", "in_press_kit", "order"]}),
        FocalPointAdminMixin.focal_fieldset,
        PublishableAdmin.publishing_fieldset,
    ]

    @admin.display(description="Photo")
    def photo_thumbnail(self, photo):
        return thumbnail(photo)
