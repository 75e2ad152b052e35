# Stored calendar entries become one per concert and language. They are a cache made again from the
# concerts by the next feed (or manage.py refresh_calendar), so the old table is replaced, not converted.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerts", "0004_concert_first_published_and_previous_addresses"),
    ]

    operations = [
        migrations.DeleteModel(name="CalendarEntry"),
        migrations.CreateModel(
            name="CalendarEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=15, verbose_name="language")),
                ("revision", models.CharField(max_length=64)),
                ("vevent", models.TextField()),
                (
                    "concert",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_entries",
                        to="concerts.concert",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "calendar entries",
                "constraints": [
                    models.UniqueConstraint(fields=("concert", "language"), name="calendar_entry_one_per_language")
                ],
            },
        ),
    ]
