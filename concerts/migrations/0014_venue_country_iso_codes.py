"""A venue's country becomes its ISO 3166 code (django-countries), which names it in every language.

The names typed so far (in any language: "Russia", "Россия", "США") are mapped to codes, in the venues and
in their edit history. A venue whose country names no country stops the migration with its name, so that
nothing is lost: correct it in the admin and migrate again. The reverse writes the names back, in English
and in Russian.
"""

from django.db import migrations

from concerts.countries import country_code, country_name

LANGUAGES = ("en", "ru")


def code_of(row):
    for text in (row.country_en, row.country_ru, row.country):
        if code := country_code(text or ""):
            return code
    return ""


def forwards(apps, schema_editor):
    Venue = apps.get_model("concerts", "Venue")
    HistoricalVenue = apps.get_model("concerts", "HistoricalVenue")
    unknown = []
    for venue in Venue.objects.all():
        venue.country = code_of(venue)
        if not venue.country:
            unknown.append(f"{venue.name} (id {venue.pk}): “{venue.country_en or venue.country_ru}”")
        venue.save(update_fields=["country"])
    if unknown:
        raise RuntimeError("These venues' countries name no country; correct them, then migrate again: "
                           + "; ".join(unknown))
    for record in HistoricalVenue.objects.all():
        # An old revision naming no country keeps an empty country: restoring it asks the editor for one.
        record.country = code_of(record)
        record.save(update_fields=["country"])


def backwards(apps, schema_editor):
    for model in (apps.get_model("concerts", "Venue"), apps.get_model("concerts", "HistoricalVenue")):
        for row in model.objects.all():
            names = {code: country_name(row.country, code) or row.country for code in LANGUAGES}
            row.country, row.country_en, row.country_ru = names["en"], names["en"], names["ru"]
            row.save(update_fields=["country", "country_en", "country_ru"])


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0013_remove_concert_single_ticket_fields'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
