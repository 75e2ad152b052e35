"""The row versions (`models.RowsVersion`) on SQLite: triggers that give a concert a new version in the same
transaction as any change to a record its listing row shows, as migrations 0025 and 0027 do on PostgreSQL.

Migration 0028 makes them (and drops them when reversed, before the versions' table goes). But SQLite
alters a table by making a new one and dropping the old (Django's schema editor does so for most changes),
and a dropped table takes its triggers with it, so a later migration of a concert, programme, performer,
work, composer or venue table would silently leave versions that no longer change. So after every
`migrate` (`post_migrate`, `ensure_triggers`) any trigger that is missing is made again, and then every
concert gets a new version, since rows may have changed while it was gone. (A migration that remakes
`concerts_rowsversion` itself must drop the triggers first, `drop_triggers`: SQLite checks them when a
table is renamed, and they name that table.)

SQLite's triggers run once per row and have one event each; a version is 32 random hexadecimal digits, the
form Django stores a UUIDField in on SQLite. One difference from PostgreSQL's: a change to a venue gives every
concert at it a new version (PostgreSQL's rows hash the venue's row instead, `RowKey`, which SQLite cannot:
it has no hash function), so a venue's edit renders its concerts' rows again.
"""

MIGRATION = ("concerts", "0028_rows_version_sqlite_triggers")

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
    forget = "\n    DELETE FROM concerts_rowsversion WHERE concert_id = OLD.id;" if name == "concert_delete" else ""
    return (f"CREATE TRIGGER IF NOT EXISTS {trigger_name(name)} AFTER {event} ON concerts_{table} BEGIN"
            f"{NEW_VERSIONS.format(concerts=concerts)}{forget}\nEND")


def create_triggers(cursor, names=None):
    """Makes the triggers (those of `names` only, if given), then gives every concert a new version."""
    for trigger in TRIGGERS:
        if names is None or trigger[0] in names:
            cursor.execute(trigger_sql(*trigger))
    cursor.execute(NEW_VERSIONS.format(concerts="SELECT id FROM concerts_concert"))


def drop_triggers(cursor):
    for name, *_rest in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(name)}")


def ensure_triggers(using="default", **kwargs):
    """Makes any of the triggers missing from SQLite database `using` once migration 0028 is applied, then
    gives every concert a new version if one was; nothing elsewhere. Connected to `post_migrate`
    (ConcertsConfig.ready)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite" or MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
        missing = {name for name, *_rest in TRIGGERS if trigger_name(name) not in present}
        if missing:
            create_triggers(cursor, missing)
