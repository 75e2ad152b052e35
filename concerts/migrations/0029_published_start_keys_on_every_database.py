# Written by hand on 2026-12-07: migration 0026's index, made on PostgreSQL alone with INCLUDE, becomes an index of
# Concert.Meta on every database, the window as key columns (SQLite has no INCLUDE), in place of the plain
# (is_published, starts_at) index, whose every use it serves (Concert.Meta says why). In Meta, SQLite's
# remade tables keep it.

from django.db import migrations, models

INCLUDE_INDEX = ("CREATE INDEX IF NOT EXISTS concert_published_start_keys ON concerts_concert (starts_at, id) "
                 "INCLUDE (publish_from, publish_until) WHERE is_published")


def drop_include_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS concert_published_start_keys")


def make_include_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INCLUDE_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0028_rows_version_sqlite_triggers'),
    ]

    operations = [
        migrations.RunPython(drop_include_index, make_include_index, elidable=False),
        migrations.AddIndex(
            model_name='concert',
            index=models.Index(condition=models.Q(('is_published', True)), fields=['starts_at', 'id', 'publish_from', 'publish_until', 'is_published'], name='concert_published_start_keys'),
        ),
        migrations.RemoveIndex(
            model_name='concert',
            name='concert_published_start',
        ),
    ]
