from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fansite.history_admin import HistoryAdmin
from fansite.images.admin import FocalPointAdminMixin, thumbnail
from fansite.publishing.admin import PublishableAdmin
from fansite.translated_admin import TranslatedAdmin, TranslationTabularInline

from .models import ArtistProfile, Award, MediaEmbed, Milestone, Photo, PressQuote, Recording, RecordingLink, Track


@admin.register(ArtistProfile)
class ArtistProfileAdmin(TranslatedAdmin, FocalPointAdminMixin, HistoryAdmin):
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

    @admin.display(description=_("Portrait"))
    def portrait_thumbnail(self, profile):
        return thumbnail(profile)


@admin.register(Milestone)
class MilestoneAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["title", "year", "period", "order"]
    list_editable = ["order"]
    search_fields = ["title", "description"]


@admin.register(Award)
class AwardAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["name", "category", "year", "result", "recording"]
    list_filter = ["result"]
    search_fields = ["name", "category"]
    autocomplete_fields = ["recording"]


@admin.register(PressQuote)
class PressQuoteAdmin(TranslatedAdmin, PublishableAdmin):
    list_display = ["__str__", "source", "featured", "order"]
    list_filter = ["featured"]
    list_editable = ["featured", "order"]
    search_fields = ["quote", "source"]


class TrackInline(TranslationTabularInline):
    model = Track
    extra = 1


class RecordingLinkInline(TranslationTabularInline):
    model = RecordingLink
    extra = 1


class MediaEmbedInline(TranslationTabularInline):
    model = MediaEmbed
    extra = 0


@admin.register(Recording)
class RecordingAdmin(TranslatedAdmin, FocalPointAdminMixin, PublishableAdmin):
    list_display = ["title", "cover_thumbnail", "label", "year"]
    search_fields = ["title", "label"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "label", "year", "description", "cover", "cover_alt", "order"]}),
        FocalPointAdminMixin.focal_fieldset,
        PublishableAdmin.publishing_fieldset,
    ]
    inlines = [TrackInline, RecordingLinkInline, MediaEmbedInline]

    @admin.display(description=_("Cover"))
    def cover_thumbnail(self, recording):
        return thumbnail(recording)


@admin.register(MediaEmbed)
class MediaEmbedAdmin(TranslatedAdmin, HistoryAdmin):
    list_display = ["title", "url", "recording", "order"]
    list_editable = ["order"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["recording"]


@admin.register(Photo)
class PhotoAdmin(TranslatedAdmin, FocalPointAdminMixin, PublishableAdmin):
    list_display = ["__str__", "photo_thumbnail", "credit", "in_press_kit", "order"]
    list_editable = ["in_press_kit", "order"]
    search_fields = ["caption", "alt_text", "credit", "copyright"]
    fieldsets = [
        (None, {"fields": ["image", "alt_text", "caption", "credit", "copyright", "in_press_kit", "order"]}),
        FocalPointAdminMixin.focal_fieldset,
        PublishableAdmin.publishing_fieldset,
    ]

    @admin.display(description=_("Photo"))
    def photo_thumbnail(self, photo):
        return thumbnail(photo)
