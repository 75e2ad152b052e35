"""The visitor-facing text of the artist's content, in every language of settings.LANGUAGES
(django-modeltranslation adds a column per language, e.g. `long_bio_en`, `long_bio_ru`)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import ArtistProfile, Award, MediaEmbed, Milestone, Photo, PressQuote, Recording, RecordingLink, Track


@register(ArtistProfile)
class ArtistProfileTranslation(TranslationOptions):
    fields = ("name", "tagline", "short_bio", "medium_bio", "long_bio", "birth_place", "portrait_alt")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("period", "title", "description")


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("name", "category")


@register(PressQuote)
class PressQuoteTranslation(TranslationOptions):
    fields = ("quote", "source")


@register(Recording)
class RecordingTranslation(TranslationOptions):
    fields = ("title", "description", "cover_alt")


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("title", "composer")


@register(MediaEmbed)
class MediaEmbedTranslation(TranslationOptions):
    fields = ("title",)


@register(RecordingLink)
class RecordingLinkTranslation(TranslationOptions):
    fields = ("label",)


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption", "credit", "copyright")


# Edit history (django-simple-history) is registered here, after the translation columns exist, so that
# every revision keeps the text in every language and restoring one restores them all. (A
# `HistoricalRecords()` in the model class would be built before modeltranslation adds the columns.)
simple_history.register(ArtistProfile)
simple_history.register(Milestone)
simple_history.register(Award)
simple_history.register(PressQuote)
simple_history.register(Recording)
simple_history.register(Track)
simple_history.register(MediaEmbed)
simple_history.register(RecordingLink)
simple_history.register(Photo)
