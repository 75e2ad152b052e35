"""Newsletters in every language of settings.LANGUAGES (django-modeltranslation): each subscriber gets the
subject and text in the language they subscribed in, English where that translation is empty."""

from modeltranslation.translator import TranslationOptions, register

from .models import Newsletter


@register(Newsletter)
class NewsletterTranslation(TranslationOptions):
    fields = ("subject", "body", "body_html")
