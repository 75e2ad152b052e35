"""`manage.py backup` / `manage.py restore`: a round trip into an empty database loses no row and no file.

Run as an operator would: each step is its own `manage.py` process with its own DATABASE_URL and
MEDIA_ROOT. SQLite to SQLite always; SQLite to PostgreSQL when PostgreSQL answers on 127.0.0.1:5432."""

import filecmp
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.netutil import postgres_answers, postgres_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESTORE_DATABASE = "fansite_issue5_restore"

# Rows beyond the demo content: an editor, the admin's change history, programme and collaborators,
# a gap in the primary keys (a deleted concert) so that foreign keys must survive as they were.
EXTRA_CONTENT = """
from django.contrib.admin.models import LogEntry, CHANGE
from django.contrib.auth.models import User, Group
from concerts.models import Concert
from concerts.services import concert_performers_set, concert_programme_set
editors = Group.objects.create(name="Editors")
user = User.objects.create_superuser("editor", "editor@example.com", "a-long-enough-password")
user.groups.add(editors)
concerts = list(Concert.objects.order_by("pk"))
concerts[0].delete()
concert_programme_set(concert=concerts[-1], entries=[("Tchaikovsky", "Violin Concerto", "Op. 35")])
concert_performers_set(concert=concerts[-1], entries=[("Festival Orchestra", "orchestra")])
LogEntry.objects.log_actions(user.pk, [concerts[-1]], CHANGE, change_message="Edited", single_object=True)
"""

COUNTS = "import json; from fansite.backup import row_counts; print(json.dumps(row_counts()))"
# The search documents are left out of the backup and made again by the restore: as many, holding the same.
DOCUMENTS = ("import json; from fansite.text_search import SearchDocument; "
             "print(json.dumps(sorted(SearchDocument.objects.values_list('kind', 'search_text'))))")
# Everything a backup holds (stored calendar entries are not: they are made again from the concerts).
DUMP = ("from django.core.management import call_command; from fansite.backup import EXCLUDED; "
        "call_command('dumpdata', exclude=EXCLUDED, natural_foreign=True, natural_primary=True, indent=1)")


def manage(env, *args):
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def shell(env, code):
    return manage(env, "shell", "--no-imports", "-c", code)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A SQLite site with demo content, pictures and extra rows, and its backup archive."""
    folder = tmp_path_factory.mktemp("source")
    env = {"DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}", "MEDIA_ROOT": str(folder / "media")}
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    shell(env, EXTRA_CONTENT)
    archive = folder / "backup.tar.gz"
    assert "media files" in manage(env, "backup", str(archive))
    return {"env": env, "archive": archive, "media": folder / "media", "documents": json.loads(shell(env, DOCUMENTS)),
            "counts": json.loads(shell(env, COUNTS)), "dump": json.loads(shell(env, DUMP))}


ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


def same_instants(value):
    """`value` with timestamps as datetimes. dumpdata writes milliseconds, and writes none when a time
    falls on a whole second: a row stored at 13:56:00.000412 dumps as "13:56:00.000Z" and, once
    restored, as "13:56:00Z" — the same instant (to the millisecond a backup keeps), other text."""
    if isinstance(value, dict):
        return {key: same_instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [same_instants(item) for item in value]
    if isinstance(value, str) and ISO_DATETIME.fullmatch(value):
        return datetime.fromisoformat(value)
    return value


def assert_same_site(source, env, media):
    counts = json.loads(shell(env, COUNTS))
    assert counts == source["counts"]
    assert counts["concerts.concert"] >= 5 and counts["profiles.photo"] >= 3 and counts["auth.user"] == 1
    assert counts["admin.logentry"] == 1 and counts["concerts.programmeitem"] >= 1
    # Not only as many rows: the same rows, the same primary and foreign keys.
    assert same_instants(json.loads(shell(env, DUMP))) == same_instants(source["dump"])
    # The search documents, made again by the restore (the backup leaves them out).
    assert len(source["documents"]) >= 10 and json.loads(shell(env, DOCUMENTS)) == source["documents"]
    # Every file, byte for byte.
    source_files = sorted(p.relative_to(source["media"]) for p in source["media"].rglob("*") if p.is_file())
    restored_files = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    assert len(source_files) >= 4 and restored_files == source_files
    _, mismatch, errors = filecmp.cmpfiles(source["media"], media, [str(p) for p in source_files], shallow=False)
    assert mismatch == [] and errors == []


def test_backup_holds_data_manifest_and_every_file(source):
    import tarfile

    with tarfile.open(source["archive"]) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        data = json.load(archive.extractfile("data.json"))
    assert "data.json" in names and manifest["rows"] == source["counts"]
    assert {f"media/{name}" for name in manifest["files"]} <= set(names)
    models = {row["model"] for row in data}
    assert not models & {"contenttypes.contenttype", "sessions.session", "auth.permission"}


def test_round_trip_sqlite_to_sqlite(source, tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media")}
    output = manage(env, "restore", str(source["archive"]))
    assert "counts and file contents checked" in output
    assert_same_site(source, env, tmp_path / "media")
    # The restored editor can log in with the old password.
    assert shell(env, "from django.contrib.auth import authenticate; from django.test import RequestFactory; "
                      "print(bool(authenticate(RequestFactory().post('/'), username='editor', "
                      "password='a-long-enough-password')))").strip() == "True"


def test_restore_refuses_a_database_that_holds_data(source):
    with pytest.raises(AssertionError, match="already holds data"):
        manage(source["env"], "restore", str(source["archive"]))


@pytest.fixture
def empty_postgresql_database():
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    import psycopg

    def recreate(drop_only=False):
        with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}" WITH (FORCE)')
            if not drop_only:
                admin.execute(f'CREATE DATABASE "{RESTORE_DATABASE}"')

    recreate()
    yield postgres_url(RESTORE_DATABASE)
    recreate(drop_only=True)


def test_round_trip_sqlite_to_postgresql(source, empty_postgresql_database, tmp_path):
    env = {"DATABASE_URL": empty_postgresql_database, "MEDIA_ROOT": str(tmp_path / "media")}
    manage(env, "restore", str(source["archive"]))
    assert_same_site(source, env, tmp_path / "media")
    # Sequences were moved past the restored keys: new rows get fresh ids, no collision.
    shell(env, "from tests.factories import make_concert; make_concert()")
    assert json.loads(shell(env, COUNTS))["concerts.concert"] == source["counts"]["concerts.concert"] + 1
