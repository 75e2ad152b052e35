"""News posts in every language of settings.LANGUAGES (django-modeltranslation: `title_en`, `title_ru`, …)."""

import simple_history
from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import NewsPost


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html", "image_alt")


# Edit history is registered after the translation columns exist, so that every revision keeps the text in
# every language (a `HistoricalRecords()` in the model class would be built before the columns are added).
simple_history.register(NewsPost, excluded_fields=[
    "body_html", "renditions", *(f"body_html_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES)])
