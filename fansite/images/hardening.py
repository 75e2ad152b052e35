"""Upload hardening: every stored picture has been checked, decoded, turned upright and re-encoded.

The order of the checks is the point. The byte size is checked before anything is read; the pixel count
is read from the header (Image.open does not decode) before anything is decoded; only then are the
pixels decoded, which is also the real proof that the file is a JPEG, PNG or WebP whatever its name or
Content-Type claims. The re-encoded copy is built from the pixels alone, so no metadata survives: EXIF
(GPS included), XMP, comments and ICC profiles. Colour-managed images are converted to sRGB first, which
is what browsers assume for untagged images, so dropping the profile changes no colours.

Opaque images are stored as JPEG (quality 90, full resolution: the press-kit download), images with
transparency as PNG.

Every mode a JPEG, PNG or WebP opens in is converted with its tones: 16-bit greyscale ("I;16", "I") is
scaled down to 8 bits, not clipped (Pillow's plain convert() turns a 16-bit 40000 into 255, white). A mode
without a known conversion is refused with a message. So are pictures no rendition could be made of: a side
longer than WebP's 16,383 pixels, or a strip more than MAX_ASPECT_RATIO times longer than it is wide.
"""

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy as _
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_SIDE = 16383  # pixels: the longest side WebP (the renditions' format) can encode
MAX_ASPECT_RATIO = 20  # long side : short side; past that no crop (square, 16:9) shows anything useful
# Modes whose conversion to RGB or RGBA keeps the tones as they are.
EIGHT_BIT_MODES = {"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB", "HSV"}
# 16-bit greyscale (PNG): Pillow opens it in one of these; values run 0-65535.
SIXTEEN_BIT_GREY_MODES = {"I;16", "I;16B", "I;16L", "I;16N", "I"}


@dataclass
class HardenedImage:
    """The clean result: the decoded upright pixels and their re-encoded bytes."""

    image: Image.Image
    content: bytes
    extension: str

    @property
    def size(self):
        return self.image.size


def _megabytes(n):
    return f"{n / (1024 * 1024):g} MB"


def check_size(upload):
    limit = settings.IMAGE_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > limit:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s. Export a smaller JPEG and upload that."),
            code="file_too_large",
            params={"size": f"{size / (1024 * 1024):.1f} MB", "limit": _megabytes(limit)},
        )


def _open_header(upload):
    """Image.open reads only the header. Pillow refuses headers over 2x its limit itself; we refuse 1x."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # We compare the pixel count with our own limit just below, with a clearer message.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as error:
        # Pillow's own guard (at twice our limit) fired inside Image.open: it names the pixel count only.
        found = re.search(r"\((\d+) pixels\)", str(error))
        raise _too_many_pixels(None, int(found.group(1)) if found else None)
    except Exception:  # UnidentifiedImageError, SyntaxError, struct errors: all mean "not an image we take"
        raise _not_an_image()
    width, height = image.size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels((width, height))
    _check_shape(width, height)
    return image


def _check_shape(width, height):
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; no side may be longer than %(limit)s pixels. "
              "Resize it and upload it again."),
            code="side_too_long",
            params={"width": width, "height": height, "limit": f"{MAX_SIDE:,}"},
        )
    if max(width, height) > MAX_ASPECT_RATIO * max(1, min(width, height)):
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; its long side may be at most %(ratio)s times its "
              "short side. Crop it and upload it again."),
            code="extreme_aspect_ratio",
            params={"width": width, "height": height, "ratio": MAX_ASPECT_RATIO},
        )


def _to_eight_bits(image):
    """The image in a mode that converts to RGB(A) with its tones intact, or a refusal."""
    if image.mode in SIXTEEN_BIT_GREY_MODES:
        # Scaled, not clipped: 0-65535 onto 0-255 (`point` on an "I" image takes a linear function).
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode not in EIGHT_BIT_MODES:
        raise ValidationError(
            _("This image's colour format (%(mode)s) is not supported. Save it as an ordinary 8-bit RGB JPEG "
              "or PNG and upload it again."),
            code="unsupported_mode",
            params={"mode": image.mode},
        )
    return image


def _too_many_pixels(size, pixels=None):
    limit = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g} megapixels"
    if pixels:
        return ValidationError(
            _("This image has %(pixels)s megapixels; images may have at most %(limit)s. Resize it and upload it again."),
            code="too_many_pixels",
            params={"pixels": f"{pixels / 1_000_000:g}", "limit": limit},
        )
    if size:
        return ValidationError(
            _("This image is %(width)s × %(height)s pixels; images may have at most %(limit)s. Resize it and upload it again."),
            code="too_many_pixels",
            params={"width": size[0], "height": size[1], "limit": limit},
        )
    return ValidationError(
        _("This image has far too many pixels; images may have at most %(limit)s."),
        code="too_many_pixels",
        params={"limit": limit},
    )


def _not_an_image():
    return ValidationError(
        _("This file is not a valid JPEG, PNG or WebP image (it could not be decoded). Upload a photo in one of these formats."),
        code="invalid_image",
    )


def _to_srgb(image):
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if "A" in image.mode else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are


def _has_transparency(image):
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def harden(upload):
    """Check, decode, orient and re-encode an uploaded file; raise ValidationError with a clear message."""
    check_size(upload)
    image = _open_header(upload)
    try:
        image.load()  # the real format check: the pixels must decode
        image = _to_eight_bits(image)
        if image.format == "JPEG" and image.mode == "CMYK":
            image = image.convert("RGB")
        image = ImageOps.exif_transpose(image)  # upright, whatever the camera's orientation tag said
        image = _to_srgb(image)
        transparent = _has_transparency(image)
        image = image.convert("RGBA" if transparent else "RGB")
    except ValidationError:
        raise
    except Exception:
        raise _not_an_image()
    # A new image from the pixels alone: nothing from the file's info (EXIF, XMP, ICC, comments) is copied.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    if transparent:
        clean.save(buffer, "PNG", optimize=True)
        extension = ".png"
    else:
        clean.save(buffer, "JPEG", quality=90, optimize=True, progressive=True)
        extension = ".jpg"
    upload.seek(0)
    return HardenedImage(image=clean, content=buffer.getvalue(), extension=extension)


def configure_pillow():
    """Pillow's own decompression-bomb guard follows our limit, for every Image.open in the process."""
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


# --- Fields -----------------------------------------------------------------------------------


class HardenedImageFormField(forms.ImageField):
    """Runs `harden` in form validation, so the admin shows the reason next to the field (never a 500).

    Django's own ImageField check is replaced, not added to: it would decode the file before our size
    and pixel limits had a say.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        upload.hardened_image = harden(upload)
        upload.content_type = "image/png" if upload.hardened_image.extension == ".png" else "image/jpeg"
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class HardenedImageFieldFile(ImageFieldFile):
    """Whatever path a file takes into storage (admin form, code, `load_demo`), it is hardened first."""

    def save(self, name, content, save=True):
        hardened = getattr(content, "hardened_image", None) or harden(content)
        stem = PurePosixPath(name).stem or "image"
        self.hardened_image = hardened  # kept so the renditions are made from these pixels, not re-read
        super().save(stem + hardened.extension, ContentFile(hardened.content), save=save)


class HardenedImageField(models.ImageField):
    attr_class = HardenedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HardenedImageFormField, **kwargs})
