# Written by hand on 2026-12-07: from here SQLite has the row versions' triggers, which `migrate` makes after it
# has run (concerts/row_versions.py says why not here). Reverted, they are dropped: the versions' table goes
# with migration 0025, and SQLite would refuse to rename any table while a trigger names a missing one.

from django.db import migrations

TRIGGERS = [  # their names as this migration knew them
    "programmeitem_insert", "programmeitem_update", "programmeitem_delete", "collaborator_insert",
    "collaborator_update", "collaborator_delete", "work", "composer", "performer", "venue", "concert_insert",
    "concert_update", "concert_delete",
]


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS concerts_{name}_rows_version", params=None)
        schema_editor.execute("DELETE FROM concerts_rowsversion", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0027_rows_version_statement_triggers'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, drop, elidable=False),
    ]
