"""The site's own visitor-facing text (pages, site settings) in every language (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Page, SiteSettings


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body", "body_html", "menu_title")


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_title", "tagline", "description", "default_share_image_alt")


# Edit history (django-simple-history) is registered here, after the translation columns exist, so that
# every revision keeps the text in every language and restoring one restores them all. (A
# `HistoricalRecords()` in the model class would be built before modeltranslation adds the columns.)
simple_history.register(Page, excluded_fields=["body_html", "body_html_en", "body_html_ru"])
simple_history.register(SiteSettings)
