"""The concerts' search index on SQLite: SQLite's own full-text index (FTS5, with its trigram tokenizer) over
the stored search documents (`Concert.search_text`, concerts/search.py), so that a search finds its
matches through an index rather than by reading every concert's document.

Why: on SQLite a word is matched as a substring of the case-folded document (as before), and without an
index that read every published concert's document whenever the concerts nearest in time did not decide
(the benchmark's search for a name few concerts have: 9.7 ms at 1,000 concerts, 16.8 at 10,000, growing with
the archive; through the index 12.0 and 11.5 ms). The trigram index finds the concerts whose document
holds a substring of three characters or more directly.
PostgreSQL has its GIN-indexed vectors (migration 0010) and does not use this.

Only the wiring is written here; the index is SQLite's (https://sqlite.org/fts5.html): an "external
content" table, which stores the trigrams and reads the text from the concerts' table, kept in step by
three triggers, as SQLite's documentation sets out (section 4.4.3). Its tokenizer folds case, as the
documents and the queries are folded already; a word of one or two characters, which has no trigram,
is still matched as a substring of the document itself (`concert_condition`).

Made as the row versions' triggers are (concerts/row_versions.py says why not by a migration): SQLite
alters a table by making a new one and dropping the old, which drops these triggers. So `migrate` drops
the triggers before it changes anything (`drop_before_migrating`, `pre_migrate`) and makes them again
after (`ensure_index`, `post_migrate`) once migration 0030 is applied, then fills the index afresh from
every concert's document (0.1 s at 10,000 concerts). Code that runs migrations without the `migrate`
command calls these two itself.

The search reads the index only where it is whole: its table and its three triggers present, as each
connection finds when it opens (`note_index`, on `connection_created`; a kept connection looks again
after CONN_MAX_AGE) and as `migrate` leaves it. Otherwise (before migration 0030, or after a `migrate`
that stopped before making the triggers again, when the index no longer follows the documents) the
words are looked for in the documents themselves, as without the index.
"""

from django.db.models import Q
from django.db.models.expressions import RawSQL

MIGRATION = ("concerts", "0030_concert_search_index_sqlite")
TABLE = "concerts_concert_search"
MIN_INDEXED = 3  # characters: a trigram

CREATE_TABLE = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='concerts_concert',"
                " content_rowid='id', tokenize='trigram')")
DELETE_OLD = f"INSERT INTO {TABLE} ({TABLE}, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);"
INSERT_NEW = f"INSERT INTO {TABLE} (rowid, search_text) VALUES (NEW.id, NEW.search_text);"
TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON concerts_concert BEGIN {INSERT_NEW} END",
    f"{TABLE}_delete": f"AFTER DELETE ON concerts_concert BEGIN {DELETE_OLD} END",
    f"{TABLE}_update": ("AFTER UPDATE OF search_text ON concerts_concert"
                        f" WHEN OLD.search_text IS NOT NEW.search_text BEGIN {DELETE_OLD} {INSERT_NEW} END"),
}


# {name: CREATE statement, as SQLite keeps it in `sqlite_master.sql`} of the whole index.
EXPECTED = {TABLE: CREATE_TABLE, **{name: f"CREATE TRIGGER {name} {body}" for name, body in TRIGGERS.items()}}
READY = "concert_search_index"  # the connection's attribute: whether the search may read the index


def _is_whole(connection):
    """Whether the index's table and triggers are all in the SQLite database as EXPECTED, read with the
    database driver itself (no query of a request's, none that tests count)."""
    present = connection.connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(EXPECTED))})", list(EXPECTED))
    return dict(present.fetchall()) == EXPECTED


def _drop_triggers(cursor):
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def note_index(sender, connection, **kwargs):
    """On each new SQLite connection (`connection_created`): whether the index is whole."""
    if connection.vendor == "sqlite":
        setattr(connection, READY, _is_whole(connection))


def drop_before_migrating(using="default", plan=None, **kwargs):
    """Drops the index's triggers from SQLite database `using` before `migrate` changes anything
    (`pre_migrate`); the search stops reading the index until `ensure_index` has filled it afresh."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and plan:
        setattr(connection, READY, False)
        with connection.cursor() as cursor:
            _drop_triggers(cursor)


def ensure_index(using="default", **kwargs):
    """After `migrate` (`post_migrate`): on SQLite once migration 0030 is applied, makes the index and its
    triggers afresh if any of them is missing or differs from its SQL here, and fills it from every
    concert's document."""
    from django.db import connections, transaction
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        setattr(connection, READY, False)
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if not _is_whole(connection):
            _drop_triggers(cursor)
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            for sql in EXPECTED.values():
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
    setattr(connection, READY, True)


def _phrase(term):
    """`term` as one FTS5 phrase: every character taken literally."""
    return '"' + term.replace('"', '""') + '"'


def concert_condition(terms, connection):
    """On SQLite, the concerts whose document holds every one of `terms` (case-folded words): those of three
    characters or more through the index where `connection` finds it whole, others as substrings of the
    document."""
    whole = getattr(connection, READY, False)
    indexed = [term for term in terms if len(term) >= MIN_INDEXED] if whole else []
    condition = Q()
    for term in terms:
        if term not in indexed:
            condition &= Q(search_text__contains=term)
    if indexed:
        match = " AND ".join(_phrase(term) for term in indexed)
        condition &= Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match]))
    return condition
