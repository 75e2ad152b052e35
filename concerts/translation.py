"""The visitor-facing text of concerts and venues in every language of settings.LANGUAGES
(django-modeltranslation: `title_en`, `title_ru`, …)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Concert, ProgrammeItem, Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address", "city", "country")


@register(Concert)
class ConcertTranslation(TranslationOptions):
    fields = ("title", "description", "price_text", "image_alt")


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("composer", "work")


# Edit history (django-simple-history) is registered here, after the translation columns exist, so that
# every revision keeps the text in every language and restoring one restores them all. (A
# `HistoricalRecords()` in the model class would be built before modeltranslation adds the columns.)
simple_history.register(Venue)
simple_history.register(Concert)
simple_history.register(ProgrammeItem)
