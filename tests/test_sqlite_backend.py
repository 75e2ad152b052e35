"""The SQLite backend keeps the query planner's statistics (fansite/sqlite/base.py): `PRAGMA optimize` as a
connection closes, so a page's rows are read by their keys rather than by walking an index past them."""

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from fansite.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backend")

# As the past archive's page asks it (concerts.pagination.RowsByKeyPaginator): the listing's condition on
# an index, and the page's keys.
QUERY = "SELECT * FROM listing WHERE shown = 1 AND starts < 1500 AND id IN (SELECT id FROM listing WHERE shown = 1 AND starts < 1500 ORDER BY starts DESC LIMIT 21 OFFSET 980)"


PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Two requests as gunicorn serves them: Django's request signals, whose handler closes a connection that is
# CONN_MAX_AGE old (the test client disconnects it, so it keeps connections whatever the setting).
TWO_REQUESTS = (
    "from django.core.signals import request_finished, request_started; from django.db import connection; "
    "request_started.send(None); connection.ensure_connection(); first = connection.connection; "
    "request_finished.send(None); request_started.send(None); connection.ensure_connection(); "
    "print(connection.vendor, connection.connection is first)"
)


def _two_requests(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONN_MAX_AGE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", TWO_REQUESTS], cwd=PROJECT_ROOT,
        capture_output=True, text=True, timeout=120,
        env={**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'kept.sqlite3'}", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_served_connection_is_kept_from_one_request_to_the_next(tmp_path):
    """A new SQLite connection registers Django's functions and reads the whole schema at its first query:
    1.5 ms of each request, more than the archive page's query (settings.py). Kept for CONN_MAX_AGE
    seconds, as on PostgreSQL; with 0 the same two requests open two connections."""
    assert _two_requests(tmp_path) == ["sqlite", "True"]
    assert _two_requests(tmp_path, CONN_MAX_AGE="0") == ["sqlite", "False"]


def _plan(path):
    with sqlite3.connect(path) as raw:
        return " ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {QUERY}") if "SUBQUERY" not in row[3])


def test_a_connection_closing_gives_the_planner_statistics(tmp_path, django_db_blocker):
    """A database of its own, not the tests' (whose connection stays open for the test run)."""
    with django_db_blocker.unblock():
        _a_connection_closing_gives_the_planner_statistics(str(tmp_path / "stats.sqlite3"))


def _a_connection_closing_gives_the_planner_statistics(path):
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": path}, alias="statistics")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE listing (id INTEGER PRIMARY KEY, shown BOOL, starts INTEGER)")
        cursor.execute("CREATE INDEX listing_shown_starts ON listing (shown, starts)")
        cursor.executemany("INSERT INTO listing (shown, starts) VALUES (%s, %s)", [(1, i) for i in range(3000)])
    before = _plan(path)
    with wrapper.cursor() as cursor:
        cursor.execute(QUERY)
        assert len(cursor.fetchall()) == 21
    wrapper.close()
    with sqlite3.connect(path) as raw:
        assert [row[0] for row in raw.execute("SELECT tbl FROM sqlite_stat1")] == ["listing"]
    after = _plan(path)
    assert "listing_shown_starts" in before and "PRIMARY KEY" not in before
    assert "PRIMARY KEY" in after, after


@pytest.mark.django_db
def test_the_archives_deep_pages_read_their_keys_from_a_covering_index():
    """The keys a deep archive page skips come from `concert_published_start_keys` alone (Concert.Meta,
    migration 0029): a covering index, no visit to the table's rows for their publication window. With the
    statistics `PRAGMA optimize` keeps (above)."""
    from concerts.models import Concert
    from concerts.pagination import RowsByKeyPaginator
    from tests.factories import make_concert, make_venue

    venue, now = make_venue(), timezone.now()
    for day in range(1, 30):
        make_concert(venue=venue, starts_at=now - timedelta(days=day))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = Concert.objects.published().past().row_keys()
    keys = rows.values("pk")[20:41]
    sql, params = rows.filter(pk__in=keys).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    assert any("COVERING INDEX concert_published_start_keys" in step for step in steps), steps
    assert not any(step.startswith("SCAN") and "concerts_concert" in step for step in steps), steps
    assert RowsByKeyPaginator(rows, 20).page(2).object_list
