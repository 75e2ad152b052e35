"""Admin for translated models: each text field once per language, side by side, plus a way to see at
a glance which items still miss a translation (a list filter and a column).

django-modeltranslation's TranslationAdmin puts the language versions of a field next to each other
(`Title [en]`, `Title [ru]`); only the default language is required where the field itself is, so
saving never needs both. Its tabbed variant is not used: it loads jQuery UI from a CDN, which the
admin's Content Security Policy forbids.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import get_language_info, gettext, gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin, TranslationBaseModelAdmin, TranslationStackedInline, TranslationTabularInline,
)
from modeltranslation.translator import translator

__all__ = ["TranslatedAdmin", "TranslationStackedInline", "TranslationTabularInline", "missing_translation_q"]


def other_languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translated_fields(model):
    return sorted(translator.get_options_for_model(model).fields)


def column(field, code):
    return f"{field}_{code.replace('-', '_')}"


def missing_translation_q(model, code):
    """Rows with some text in the default language whose `code` version is empty."""
    condition = Q()
    for field in translated_fields(model):
        has_default = ~Q(**{column(field, settings.LANGUAGE_CODE): ""}) & Q(
            **{f"{column(field, settings.LANGUAGE_CODE)}__isnull": False}
        )
        lacks = Q(**{column(field, code): ""}) | Q(**{f"{column(field, code)}__isnull": True})
        condition |= has_default & lacks
    return condition


def missing_languages(obj):
    """The languages some text of `obj` still has to be translated into."""
    fields = translated_fields(type(obj))
    return [
        code for code in other_languages()
        if any(getattr(obj, column(f, settings.LANGUAGE_CODE), "") and not getattr(obj, column(f, code), "") for f in fields)
    ]


def language_name(code):
    return str(get_language_info(code)["name_translated"])


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [(code, gettext("Missing in %(language)s") % {"language": language_name(code)}) for code in other_languages()]

    def queryset(self, request, queryset):
        if self.value() in other_languages():
            return queryset.filter(missing_translation_q(queryset.model, self.value()))
        return queryset


class TranslatedAdmin(TranslationAdmin):
    """TranslationAdmin with the "missing translation" filter and column added to the list."""

    def get_readonly_fields(self, request, obj=None):
        # modeltranslation's own version reads only `readonly_fields`, dropping what the other admin
        # mixins (focal point picker, preview link) add in theirs: ask them, then localise the names.
        return self.replace_orig_field(super(TranslationBaseModelAdmin, self).get_readonly_fields(request, obj))

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_status"]

    @admin.display(description=_("Translation"))
    def translation_status(self, obj):
        missing = missing_languages(obj)
        if not missing:
            return gettext("Complete")
        return gettext("Missing: %(languages)s") % {"languages": ", ".join(language_name(code) for code in missing)}
