"""Responsive renditions: made once when an image is saved, recorded on the row, removed with the image.

The files are made and removed by the receivers in fansite/images/signals.py; this module does the work.

Each image gets, for each crop, a WebP and a JPEG file at every configured width up to its own width
(never upscaled). "original" keeps the picture's shape; "square" and "wide" (16:9, for share images) are
cut around the editor's focal point. Files go through Django's default storage, so object storage works
unchanged. The record of what was made lives in the model's `renditions` JSON field, so a page shows any
number of pictures with no storage calls and no extra queries.

A record looks like:
    {"key": "…", "source": "photos/ab12.jpg", "width": 1200, "height": 900, "bytes": 183004,
     "focal": [50, 50],
     "crops": {"original": {"jpeg": [[480, 360, "renditions/…-480w.jpg"], …], "webp": […]}, "square": …}}
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# Bump when the crops, widths or encoder settings change so existing records are remade on next save.
SPEC_VERSION = 1
CROPS = {"original": None, "square": (1, 1), "wide": (16, 9)}
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
EXTENSIONS = {"webp": ".webp", "jpeg": ".jpg"}


def rendition_widths(available_width):
    """Configured widths below the image's own width, plus the widest one the image can fill itself."""
    configured = sorted(set(settings.IMAGE_RENDITION_WIDTHS))
    widths = [w for w in configured if w < available_width]
    widths.append(min(available_width, configured[-1]))
    return sorted(set(widths))


def crop_box(size, aspect, focal):
    """The largest box of the given aspect ratio inside `size`, centred on the focal point where it fits."""
    width, height = size
    if aspect is None:
        return (0, 0, width, height)
    ratio = aspect[0] / aspect[1]
    fx, fy = focal[0] / 100, focal[1] / 100
    if width / height > ratio:
        crop_w, crop_h = round(height * ratio), height
    else:
        crop_w, crop_h = width, round(width / ratio)
    left = min(max(round(fx * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(fy * height - crop_h / 2), 0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def record_key(source_name, focal):
    return hashlib.sha256(f"{SPEC_VERSION}|{source_name}|{focal[0]}|{focal[1]}|{settings.IMAGE_RENDITION_WIDTHS}".encode()).hexdigest()[:10]


def _encode(image, fmt):
    pil_format, options = FORMATS[fmt]
    if fmt == "jpeg" and image.mode != "RGB":
        flat = Image.new("RGB", image.size, (255, 255, 255))  # transparent areas become white in JPEG
        flat.paste(image, mask=image.getchannel("A") if "A" in image.mode else None)
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, pil_format, **options)
    return buffer.getvalue()


def _load_source(field_file):
    image = getattr(field_file, "hardened_image", None)
    if image is not None:
        return image.image
    with field_file.storage.open(field_file.name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    return ImageOps.exif_transpose(image)  # stored originals are already upright; this is a no-op then


def build(field_file, focal):
    """Make every rendition of a stored image and return the record describing them."""
    source = _load_source(field_file)
    key = record_key(field_file.name, focal)
    stem = PurePosixPath(field_file.name).stem
    folder = PurePosixPath(field_file.name).parent.name or "images"
    record = {
        "key": key,
        "source": field_file.name,
        "width": source.width,
        "height": source.height,
        "bytes": len(field_file.hardened_image.content) if getattr(field_file, "hardened_image", None) else field_file.size,
        "focal": list(focal),
        "crops": {},
    }
    for crop_name, aspect in CROPS.items():
        cropped = source.crop(crop_box(source.size, aspect, focal))
        files = {fmt: [] for fmt in FORMATS}
        for width in rendition_widths(cropped.width):
            height = max(1, round(cropped.height * width / cropped.width))
            resized = cropped if width == cropped.width else cropped.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for fmt in FORMATS:
                name = f"renditions/{folder}/{stem}/{crop_name}-{width}w-{key}{EXTENSIONS[fmt]}"
                stored = default_storage.save(name, ContentFile(_encode(resized, fmt)))
                files[fmt].append([width, height, stored])
        record["crops"][crop_name] = files
    return record


def stored_names(record):
    """Every file a record points at (the original included)."""
    if not record:
        return set()
    names = {record["source"]} if record.get("source") else set()
    for files in record.get("crops", {}).values():
        for entries in files.values():
            names.update(entry[2] for entry in entries)
    return names


def delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s", name, exc_info=True)


def delete_after_commit(names):
    # After commit: a rolled-back save must not lose the files its rows still point at.
    names = set(n for n in names if n)
    if names:
        transaction.on_commit(lambda: delete_files(names))


def sync(instance):
    """Make the instance's record match its image and focal point; delete what no longer belongs to it.

    Returns True when files were made. A second save of an unchanged image makes nothing.
    """
    field_file = instance.image_file
    old = instance.renditions or {}
    focal = [instance.focal_x, instance.focal_y]
    if not field_file:
        new = {}
    elif old.get("source") == field_file.name and old.get("key") == record_key(field_file.name, focal):
        return False
    else:
        try:
            new = build(field_file, focal)
        except (OSError, ValueError):
            logger.exception("Could not make renditions of %s", field_file.name)
            new = {}
    type(instance)._base_manager.filter(pk=instance.pk).update(renditions=new)
    instance.renditions = new
    keep = stored_names(new) | ({field_file.name} if field_file else set())
    delete_after_commit(stored_names(old) - keep)
    return bool(new)


def delete_all(instance):
    """The original and every rendition of `instance` go, once its deletion is committed."""
    names = stored_names(instance.renditions)
    if instance.image_file:
        names.add(instance.image_file.name)
    delete_after_commit(names)


# --- Reading a record ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    """One stored file of a record: its pixel size and its name in the default storage."""

    width: int
    height: int
    name: str

    @property
    def url(self):
        return default_storage.url(self.name)


def entries(record, crop="original", fmt="jpeg"):
    """The renditions of one crop and format, narrowest first; [] when not made."""
    stored = (record or {}).get("crops", {}).get(crop, {}).get(fmt, [])
    return [Rendition(width, height, name) for width, height, name in stored]


def closest(record, crop="original", fmt="jpeg", width=960):
    """The rendition nearest to `width` (the next wider one when there is one), or None."""
    candidates = entries(record, crop, fmt)
    if not candidates:
        return None
    wider = [rendition for rendition in candidates if rendition.width >= width]
    return wider[0] if wider else candidates[-1]
