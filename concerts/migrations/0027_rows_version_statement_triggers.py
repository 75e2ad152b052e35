# Written by hand on 2026-12-07: migration 0025's triggers on programme rows, performer rows and concerts, once per
# statement instead of once per row (concerts.models.RowsVersion).

from django.db import migrations


# The same versions as migration 0025's row triggers give, from the statement's changed rows as a whole (its
# transition tables): one upsert of the versions per statement rather than one per row. Copying 100 concerts
# in the admin ("duplicate") inserts 100 concerts and some 400 programme and performer rows in a handful of
# statements; row by row, their triggers were some 500 upserts. PostgreSQL runs a row trigger AFTER the
# statement too, so what a query sees afterwards is the same. A trigger with transition tables has one event,
# hence three per table, sharing one function that reads the tables its event has.
TRIGGERS = """
CREATE FUNCTION concerts_rows_version_of_own_concerts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM concerts_new_rows_version(ARRAY(SELECT DISTINCT concert_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM concerts_new_rows_version(ARRAY(SELECT concert_id FROM old_rows UNION SELECT concert_id FROM new_rows));
    ELSE
        PERFORM concerts_new_rows_version(ARRAY(SELECT DISTINCT concert_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;

-- A concert: itself, and the concerts whose rows show it as the date they moved to, or as the date they
-- replace, before and after the change (0025's concerts_rows_version_of_concert, for a statement's rows).
CREATE FUNCTION concerts_rows_version_of_concerts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM concerts_new_rows_version(ARRAY(
            SELECT id FROM new_rows UNION SELECT rescheduled_to_id FROM new_rows WHERE rescheduled_to_id IS NOT NULL));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM concerts_new_rows_version(ARRAY(
            SELECT m.id FROM concerts_concert m JOIN new_rows n ON m.rescheduled_to_id = n.id
            UNION SELECT id FROM new_rows
            UNION SELECT rescheduled_to_id FROM new_rows WHERE rescheduled_to_id IS NOT NULL
            UNION SELECT rescheduled_to_id FROM old_rows WHERE rescheduled_to_id IS NOT NULL));
    ELSE
        PERFORM concerts_new_rows_version(ARRAY(
            SELECT m.id FROM concerts_concert m JOIN old_rows o ON m.rescheduled_to_id = o.id
            UNION SELECT rescheduled_to_id FROM old_rows WHERE rescheduled_to_id IS NOT NULL));
        DELETE FROM concerts_rowsversion WHERE concert_id IN (SELECT id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
""" + "".join(f"""
DROP TRIGGER concerts_{table}_rows_version ON concerts_{table};
CREATE TRIGGER concerts_{table}_rows_version_insert AFTER INSERT ON concerts_{table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER concerts_{table}_rows_version_update AFTER UPDATE ON concerts_{table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER concerts_{table}_rows_version_delete AFTER DELETE ON concerts_{table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
""" for table, function in (("programmeitem", "concerts_rows_version_of_own_concerts"),
                            ("collaborator", "concerts_rows_version_of_own_concerts"),
                            ("concert", "concerts_rows_version_of_concerts")))

UNDO = "".join(f"""
DROP TRIGGER concerts_{table}_rows_version_insert ON concerts_{table};
DROP TRIGGER concerts_{table}_rows_version_update ON concerts_{table};
DROP TRIGGER concerts_{table}_rows_version_delete ON concerts_{table};
CREATE TRIGGER concerts_{table}_rows_version AFTER INSERT OR UPDATE OR DELETE ON concerts_{table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
""" for table, function in (("programmeitem", "concerts_rows_version_of_own_concert"),
                            ("collaborator", "concerts_rows_version_of_own_concert"),
                            ("concert", "concerts_rows_version_of_concert"))) + """
DROP FUNCTION concerts_rows_version_of_own_concerts(), concerts_rows_version_of_concerts();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0026_published_start_keys_index'),
    ]

    operations = [
        migrations.RunPython(on_postgresql(TRIGGERS), on_postgresql(UNDO), elidable=False),
    ]
