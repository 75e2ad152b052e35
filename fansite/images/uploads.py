"""Upload paths: stored files get generated names so no visitor- or editor-supplied path reaches storage.

Each model's `upload_to` is a small function of its own app that names its folder (Django's migrations
record the function by its import path).
"""

import uuid
from pathlib import PurePosixPath

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def generated_name(folder, filename):
    """`folder/<random hex><suffix>`; the suffix is kept only when it is an image's, else `.jpg`."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        suffix = ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"
