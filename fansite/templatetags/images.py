"""`{% picture %}`: a responsive <picture> from an image's recorded renditions, with no storage calls."""

from django import template
from django.utils.html import format_html, format_html_join

from fansite.images import renditions

register = template.Library()

DEFAULT_SIZES = "(min-width: 72rem) 72rem, 100vw"


def _srcset(files):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in files)


@register.simple_tag
def picture(obj, crop="original", sizes=DEFAULT_SIZES, loading="lazy", alt=None, css_class="", fetchpriority=""):
    """WebP <source> plus a JPEG <img> with srcset, sizes, width/height (no layout shift) and lazy loading.

    `obj` is any RenditionedImage (profile, recording, photo, concert). `loading="eager"` for pictures above
    the fold. Before renditions exist (or if they failed) the stored original is shown as a plain <img>.
    """
    if obj is None or not obj.image_file:
        return ""
    alt = obj.image_alt if alt is None else alt
    extra = format_html_join("", ' {}="{}"', [(k, v) for k, v in (("class", css_class), ("fetchpriority", fetchpriority)) if v])
    jpegs = renditions.entries(obj.renditions, crop, "jpeg")
    if not jpegs:
        return format_html(
            '<img src="{}" alt="{}" loading="{}" decoding="async"{}>', obj.image_file.url, alt, loading, extra
        )
    fallback = renditions.closest(obj.renditions, crop, "jpeg", 960)
    largest = jpegs[-1]
    webps = renditions.entries(obj.renditions, crop, "webp")
    source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webps), sizes) if webps else ""
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}></picture>',
        source, fallback.url, _srcset(jpegs), sizes, largest.width, largest.height, alt, loading, extra,
    )
