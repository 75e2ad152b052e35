"""The row versions (`models.RowsVersion`) on SQLite: triggers that give a concert a new version in the same
transaction as any change to a record its listing row shows, as migrations 0025 and 0027 do on PostgreSQL.

Why not made by a migration: SQLite alters a table by making a new one, dropping the old and renaming the new
(Django's schema editor does so for most changes), and the rename checks every trigger of the database: one
whose body names the dropped table (each of these names the concerts' table) makes it fail, so a later
migration of the concerts, programme, work or performer tables would fail with "no such table". So before
`migrate` applies or reverts anything, the triggers are dropped with the versions (`drop_before_migrating`,
`pre_migrate`: should the migration fail, rows are rendered unkept rather than keyed on versions nothing
renews), and after it they are made again (`ensure_triggers`, `post_migrate`) once migration 0028 is
applied: then every concert gets a new version. `ensure_triggers` also makes again a
trigger whose SQL here has changed. Migration 0028 only marks the point from which SQLite has them (and
drops them when reverted); code that runs migrations without the `migrate` command (a migration's test)
calls these two itself.

SQLite's triggers run once per row and have one event each; a version is 32 random hexadecimal digits, the
form Django stores a UUIDField in on SQLite. One difference from PostgreSQL's: a change to a venue gives every
concert at it a new version (PostgreSQL's rows hash the venue's row instead, `RowKey`, which SQLite cannot:
it has no hash function), so a venue's edit renders its concerts' rows again.

On either database, `ensure_triggers` also gives a version to any concert without one (loaded with the
triggers turned off, say): until then its row is rendered on every request, never kept.
"""

MIGRATION = ("concerts", "0028_rows_version_sqlite_triggers")
NAME_PATTERN = "concerts_%_rows_version"  # LIKE: every trigger of these, here or from an earlier version
VERSIONS_TABLE = "concerts_rowsversion"

NEW_VERSIONS = """
    INSERT INTO concerts_rowsversion (concert_id, version)
    SELECT c.id, lower(hex(randomblob(16))) FROM concerts_concert c WHERE c.id IN ({concerts})
    ON CONFLICT (concert_id) DO UPDATE SET version = excluded.version;"""

# (name, table, event, the concerts whose rows show the changed row)
TRIGGERS = [
    *((f"{table}_{event.lower()}", table, event, concerts)
      for table in ("programmeitem", "collaborator")
      for event, concerts in (("INSERT", "NEW.concert_id"), ("UPDATE", "OLD.concert_id, NEW.concert_id"),
                              ("DELETE", "OLD.concert_id"))),
    ("work", "work", "UPDATE", "SELECT i.concert_id FROM concerts_programmeitem i WHERE i.work_id = NEW.id"),
    ("composer", "composer", "UPDATE", "SELECT i.concert_id FROM concerts_programmeitem i"
                                       " JOIN concerts_work w ON w.id = i.work_id WHERE w.composer_id = NEW.id"),
    ("performer", "performer", "UPDATE",
     "SELECT k.concert_id FROM concerts_collaborator k WHERE k.performer_id = NEW.id"),
    ("venue", "venue", "UPDATE",
     "SELECT c.id FROM concerts_concert c WHERE c.venue_id = NEW.id"
     " UNION SELECT c.id FROM concerts_concert c JOIN concerts_concert m ON m.id = c.rescheduled_to_id"
     " WHERE m.venue_id = NEW.id"
     " UNION SELECT m.rescheduled_to_id FROM concerts_concert m WHERE m.venue_id = NEW.id"),
    ("concert_insert", "concert", "INSERT", "NEW.id, NEW.rescheduled_to_id"),
    ("concert_update", "concert", "UPDATE",
     "SELECT m.id FROM concerts_concert m WHERE m.rescheduled_to_id = NEW.id"
     " UNION VALUES (NEW.id), (NEW.rescheduled_to_id), (OLD.rescheduled_to_id)"),
    ("concert_delete", "concert", "DELETE",
     "SELECT m.id FROM concerts_concert m WHERE m.rescheduled_to_id = OLD.id UNION VALUES (OLD.rescheduled_to_id)"),
]


def trigger_name(name):
    return f"concerts_{name}_rows_version"


def trigger_sql(name, table, event, concerts):
    """The trigger's CREATE statement, as SQLite keeps it (`sqlite_master.sql`), so that a change shows."""
    forget = "\n    DELETE FROM concerts_rowsversion WHERE concert_id = OLD.id;" if name == "concert_delete" else ""
    return (f"CREATE TRIGGER {trigger_name(name)} AFTER {event} ON concerts_{table} BEGIN"
            f"{NEW_VERSIONS.format(concerts=concerts)}{forget}\nEND")


def present_triggers(cursor):
    """{name: CREATE statement} of the triggers of these versions in the SQLite database."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [NAME_PATTERN])
    return dict(cursor.fetchall())


def drop_triggers(cursor):
    for name in present_triggers(cursor):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def drop_before_migrating(using="default", plan=None, **kwargs):
    """Drops the triggers from SQLite database `using` before `migrate` changes anything (`pre_migrate`), and
    the versions with them: should the migration fail, and `ensure_triggers` not run, every concert is then
    without a version (rendered on each request, never kept) rather than keyed on versions nothing renews."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and plan:
        with connection.cursor() as cursor:
            drop_triggers(cursor)
            if VERSIONS_TABLE in connection.introspection.table_names(cursor):
                cursor.execute(f"DELETE FROM {VERSIONS_TABLE}")


def ensure_triggers(using="default", **kwargs):
    """After `migrate` (`post_migrate`): on SQLite once migration 0028 is applied, makes every trigger that
    is missing or differs from its SQL here (dropping any other of their names), then gives every concert
    a new version if it made any; on either database, gives a version to each concert without one."""
    from django.db import connections, transaction
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    if ("concerts", "0025_rows_version") not in applied:
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "sqlite" and MIGRATION not in applied:  # versions nothing would renew
            cursor.execute(f"DELETE FROM {VERSIONS_TABLE}")
            return
        if connection.vendor == "sqlite":
            expected = {trigger_name(trigger[0]): trigger_sql(*trigger) for trigger in TRIGGERS}
            present = present_triggers(cursor)
            stale = [name for name, sql in present.items() if expected.get(name) != sql]
            for name in stale:
                cursor.execute(f"DROP TRIGGER {name}")
            made = [sql for name, sql in expected.items() if name in stale or name not in present]
            for sql in made:
                cursor.execute(sql)
            if made:
                cursor.execute(NEW_VERSIONS.format(concerts="SELECT id FROM concerts_concert"))
                return
        if connection.vendor == "sqlite":
            cursor.execute(NEW_VERSIONS.format(concerts=UNVERSIONED_CONCERTS))
        elif connection.vendor == "postgresql":
            cursor.execute(f"SELECT concerts_new_rows_version(ARRAY({UNVERSIONED_CONCERTS}))")


UNVERSIONED_CONCERTS = ("SELECT c.id FROM concerts_concert c"
                        " WHERE NOT EXISTS (SELECT 1 FROM concerts_rowsversion r WHERE r.concert_id = c.id)")
