"""The visitor-facing text of concerts and venues in every language of settings.LANGUAGES
(django-modeltranslation: `title_en`, `title_ru`, …)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Composer, Concert, Performer, ProgrammeItem, Series, TicketLink, Venue, Work


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address", "city")


@register(Concert)
class ConcertTranslation(TranslationOptions):
    fields = ("title", "description", "image_alt")


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("name", "description", "image_alt")


@register(TicketLink)
class TicketLinkTranslation(TranslationOptions):
    fields = ("seller", "price_text")


@register(Composer)
class ComposerTranslation(TranslationOptions):
    fields = ("name", "sort_name")


@register(Work)
class WorkTranslation(TranslationOptions):
    fields = ("title",)


@register(Performer)
class PerformerTranslation(TranslationOptions):
    fields = ("name",)


# Edit history (django-simple-history) is registered here, after the translation columns exist, so that
# every revision keeps the text in every language and restoring one restores them all. (A
# `HistoricalRecords()` in the model class would be built before modeltranslation adds the columns.)
simple_history.register(Venue)
simple_history.register(Concert, excluded_fields=["search_text", "search_vector"])  # derived (search.py)
simple_history.register(ProgrammeItem)
simple_history.register(Series)
simple_history.register(Composer)
simple_history.register(Work)
simple_history.register(Performer)
