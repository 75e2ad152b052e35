"""
One-file backups: the database as Django fixtures plus every uploaded file, in a .tar.gz.

    data.json      dumpdata of every app except rebuilt or throw-away tables (natural keys for users,
                   content types and permissions, so the file loads into any fresh, migrated database,
                   SQLite or PostgreSQL); stored calendar entries are left out, the first calendar
                   request (or `manage.py refresh_calendar`) makes them again
    manifest.json  rows per model and bytes per file, checked after a restore
    media/<name>   each file of the default storage, read and written through the storage API, so the
                   same commands work with local disk and with S3

`manage.py backup` and `manage.py restore` are thin wrappers around `create_backup` and `restore_backup`.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

from .text_search import refresh_missing_documents

# Rebuilt by migrate (contenttypes, permissions) or from the content (stored calendar entries, the
# repertoire's entries, the search documents: restore_backup makes those again; the listing rows' versions,
# which the database's triggers write as the content is loaded), or worthless after a move (sessions,
# login attempts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "concerts.calendarentry", "concerts.repertoireentry",
            "concerts.rowsversion", "fansite.searchdocument"]
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    pass


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
        and model._meta.managed
    ]


def row_counts(using=DEFAULT_DB_ALIAS):
    return {
        model._meta.label_lower: model._default_manager.using(using).count()
        for model in backed_up_models()
        if router.allow_migrate_model(using, model)
    }


def media_files(storage=default_storage, directory=""):
    """Every file name in the storage, walking folders through the storage API."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # local storage before the first upload
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from media_files(storage, f"{directory}/{folder}" if directory else folder)


def create_backup(path, using=DEFAULT_DB_ALIAS, storage=default_storage):
    """Write the backup archive to `path` (a file name, or an existing folder to put a dated one in)."""
    from django.utils import timezone

    path = Path(path)
    if path.is_dir():
        path = path / f"fansite-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    files = {}
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "w:gz") as archive:
        data_file = Path(scratch) / DATA_NAME
        # One transaction so the rows and the counts in the manifest are one consistent snapshot.
        with transaction.atomic(using=using):
            call_command(
                "dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True,
                database=using, output=str(data_file), verbosity=0,
            )
            counts = row_counts(using)
        archive.add(data_file, arcname=DATA_NAME)
        for name in media_files(storage):
            with storage.open(name, "rb") as source:
                content = source.read()
            files[name] = {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            _add_bytes(archive, MEDIA_PREFIX + name, content)
        manifest = {"format": 1, "rows": counts, "files": files}
        _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True).encode())
    return path, manifest


def restore_backup(path, using=DEFAULT_DB_ALIAS, storage=default_storage):
    """Load a backup into an empty, migrated database and its files into the storage; check both."""
    connection = connections[using]
    if any(row_counts(using).values()):
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} already holds data; "
            "restore only into an empty one (create it, run migrate, then restore)."
        )
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = json.load(archive.extractfile(MANIFEST_NAME))
        data_file = Path(scratch) / DATA_NAME
        data_file.write_bytes(archive.extractfile(DATA_NAME).read())
        with transaction.atomic(using=using):
            call_command("loaddata", str(data_file), database=using, verbosity=0)
            refresh_missing_documents(using=using)  # loaddata's saves are raw: they store no search document
        for member in archive.getmembers():
            if not (member.isfile() and member.name.startswith(MEDIA_PREFIX)):
                continue
            name = member.name.removeprefix(MEDIA_PREFIX)
            if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
                raise BackupError(f"Refusing an unsafe file name in the archive: {member.name!r}")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"The storage renamed {name!r} to {saved!r}")
    _check(manifest, using, storage)
    return manifest


def _check(manifest, using, storage):
    counts = row_counts(using)
    missing_rows = {label: (n, counts.get(label)) for label, n in manifest["rows"].items() if counts.get(label) != n}
    if missing_rows:
        raise BackupError(f"Row counts differ after the restore (expected, found): {missing_rows}")
    for name, expected in manifest["files"].items():
        with storage.open(name, "rb") as restored:
            digest = hashlib.sha256(restored.read()).hexdigest()
        if digest != expected["sha256"]:
            raise BackupError(f"The restored file {name!r} differs from the backup")


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))
