# Written by hand on 2026-12-07: from here SQLite has the concerts' search index (concerts/search_index.py),
# which `migrate` makes after it has run, as it does the row versions' triggers (concerts/row_versions.py says
# why not here). Reverted, the index and its triggers are dropped.

from django.db import migrations

TABLE = "concerts_concert_search"  # as this migration knew it


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{event}", params=None)
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0029_published_start_keys_on_every_database'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, drop, elidable=False),
    ]
