"""Admin pieces for RenditionedImage models: a thumbnail column and the focal-point picker."""

from django.utils.translation import gettext_lazy as _
from django.contrib import admin
from django.utils.html import format_html

from . import renditions


def thumbnail(obj):
    """The smallest square rendition (the stored original only while renditions are missing)."""
    if not obj.image_file:
        return "—"
    smallest = renditions.closest(obj.renditions, "square", "jpeg", 0)
    src = smallest.url if smallest else obj.image_file.url
    return format_html('<img src="{}" alt="{}" width="64" height="64" class="admin-thumbnail">', src, obj.image_alt)


class FocalPointAdminMixin:
    """Focal point as two number inputs, plus a picture to click on when JavaScript runs."""

    focal_fieldset = ("Focal point", {
        "fields": ["focal_point_picker", "focal_x", "focal_y"],
        "description": _("Square and wide crops keep this point in view. Click the picture to set it, or type percentages."),
    })

    class Media:
        js = ["js/focal-point.js"]
        css = {"all": ["css/admin-focal-point.css"]}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "focal_point_picker"]

    @admin.display(description=_("Picture"))
    def focal_point_picker(self, obj):
        shown = renditions.closest(obj.renditions, "original", "jpeg", 480) if obj and obj.pk else None
        if not shown:
            return _("Save the picture first; then click it here to choose its focal point.")
        return format_html(
            '<span class="focal-picker" data-focal-picker><img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-picker__marker" data-focal-marker hidden></span></span>',
            shown.url, shown.width, shown.height, obj.image_alt,
        )
