from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..images.admin import FocalPointAdminMixin
from ..publishing.admin import PublishableAdmin
from ..translated_admin import TranslatedAdmin
from .models import NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(TranslatedAdmin, FocalPointAdminMixin, PublishableAdmin):
    list_display = ["title", "publish_from"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Picture"), {"fields": ["image", "image_alt"]}),
        FocalPointAdminMixin.focal_fieldset,
        PublishableAdmin.publishing_fieldset,
    ]
