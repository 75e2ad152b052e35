"""Upload paths: stored files get generated names so no visitor- or editor-supplied path reaches storage."""

import uuid
from pathlib import PurePosixPath


def _generated_name(folder, filename):
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp"}:
        suffix = ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def portrait_path(instance, filename):
    return _generated_name("portraits", filename)


def photo_path(instance, filename):
    return _generated_name("photos", filename)


def cover_path(instance, filename):
    return _generated_name("covers", filename)


def concert_image_path(instance, filename):
    return _generated_name("concerts", filename)


def share_image_path(instance, filename):
    return _generated_name("share", filename)
