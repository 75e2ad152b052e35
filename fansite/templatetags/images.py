"""`{% picture %}`: a responsive <picture> from an image's recorded renditions, with no storage calls."""

from django import template
from django.utils.html import format_html, format_html_join

from fansite.images import renditions

register = template.Library()

DEFAULT_SIZES = "(min-width: 72rem) 72rem, 100vw"


def _srcset(files):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in files)


def focal_classes(obj):
    """'focal focal-x-30 focal-y-20': the editor's focal point, to the nearest tenth, as classes that
    site.css turns into object-position. Classes, not a style attribute, because the CSP forbids inline style."""
    classes = ["focal"]
    for axis, value in (("x", obj.focal_x), ("y", obj.focal_y)):
        tenth = min(100, max(0, int(round(value / 10.0)) * 10))
        if tenth != 50:  # the middle is site.css's default
            classes.append(f"focal-{axis}-{tenth}")
    return " ".join(classes)


@register.simple_tag
def picture(obj, crop="original", sizes=DEFAULT_SIZES, loading="lazy", alt=None, css_class="", fetchpriority="",
            focal=False, phone_first=False):
    """WebP <source> plus a JPEG <img> with srcset, sizes, width/height (no layout shift) and lazy loading.

    `obj` is any RenditionedImage (profile, recording, photo, concert). `loading="eager"` for pictures above
    the fold. `focal=True` when CSS cuts the picture (object-fit: cover): the focal point stays in view.
    `phone_first=True` for the first screen's picture: phones get one fixed WebP file, the one
    `{% preload_picture %}` preloads.
    Before renditions exist (or if they failed) the stored original is shown as a plain <img>.
    """
    if obj is None or not obj.image_file:
        return ""
    alt = obj.image_alt if alt is None else alt
    if focal:
        css_class = f"{css_class} {focal_classes(obj)}".strip()
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
    phone = _phone_rendition(obj, crop) if phone_first else None
    if phone is not None:
        source = format_html('<source type="image/webp" media="{}" srcset="{}">', PHONE_MEDIA, phone.url) + source
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}></picture>',
        source, fallback.url, _srcset(jpegs), sizes, largest.width, largest.height, alt, loading, extra,
    )


PHONE_MEDIA = "(max-width: 47.99rem)"
PHONE_PIXELS = 750  # a 375 px wide phone at twice the density: the rendition a phone's first screen needs


def _phone_rendition(obj, crop):
    return renditions.closest(obj.renditions, crop, "webp", PHONE_PIXELS) if obj is not None and obj.image_file else None


@register.simple_tag
def preload_picture(obj, crop="original"):
    """A <link rel="preload"> for the phone's rendition of a `{% picture … phone_first=True %}`: on a phone
    the browser fetches the first screen's picture with the stylesheet instead of after it.

    One fixed file (href + media), not imagesrcset: the picture shows phones that same file, so the preload
    always matches what is displayed, and the markup stays within what the Nu checker the tests use knows.
    Nothing when there are no renditions."""
    phone = _phone_rendition(obj, crop)
    if phone is None:
        return ""
    return format_html('<link rel="preload" as="image" type="image/webp" href="{}" media="{}">', phone.url, PHONE_MEDIA)
