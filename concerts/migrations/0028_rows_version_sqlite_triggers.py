# Written by hand on 2026-12-07: the row versions' triggers on SQLite (concerts/row_versions.py says why they
# are also made again after every migrate).

from django.db import migrations


def create(apps, schema_editor):
    from concerts.row_versions import create_triggers

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            create_triggers(cursor)


def drop(apps, schema_editor):
    from concerts.row_versions import drop_triggers

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            drop_triggers(cursor)
            cursor.execute("DELETE FROM concerts_rowsversion")


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0027_rows_version_statement_triggers'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
