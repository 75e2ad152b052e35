"""The programme rows and performer rows keep only their record, role and place: the free-text columns go.

Each text column is first given an empty default, so that going back can add it to a table that has rows
(0010 then writes the records' text into it).
"""

import django.db.models.deletion
from django.db import migrations, models

TEXT_COLUMNS = {
    "programmeitem": [("composer", 200), ("composer_en", 200), ("composer_ru", 200), ("work", 300),
                      ("work_en", 300), ("work_ru", 300), ("catalogue_number", 50)],
    "historicalprogrammeitem": [("composer", 200), ("composer_en", 200), ("composer_ru", 200), ("work", 300),
                                ("work_en", 300), ("work_ru", 300), ("catalogue_number", 50)],
    "collaborator": [("name", 200)],
    "historicalcollaborator": [("name", 200)],
}


def drop_text_columns():
    operations = []
    for model_name, columns in TEXT_COLUMNS.items():
        for name, length in columns:
            translated = name.endswith(("_en", "_ru"))
            operations += [
                migrations.AlterField(model_name=model_name, name=name, field=models.CharField(
                    max_length=length, blank=True, default="", null=translated)),
                migrations.RemoveField(model_name=model_name, name=name),
            ]
    return operations


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0018_programme_text_to_records'),
    ]

    operations = [
        *drop_text_columns(),
        migrations.RenameField(model_name="programmeitem", old_name="work_record", new_name="work"),
        migrations.RenameField(model_name="historicalprogrammeitem", old_name="work_record", new_name="work"),
        migrations.AlterField(
            model_name="programmeitem",
            name="work",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="performances",
                                    to="concerts.work", verbose_name="work"),
        ),
        migrations.AlterField(
            model_name="collaborator",
            name="performer",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="appearances",
                                    to="concerts.performer", verbose_name="performer"),
        ),
    ]
