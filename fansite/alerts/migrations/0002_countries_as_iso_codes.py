"""Followed countries are kept as ISO codes, as venues now keep them (concerts 0014): "Russia" → "RU".

A stored name that names no country is kept as it was, so nothing a fan chose is lost (it matches no venue,
as before it matched none). The reverse writes English names back, as the venues' reverse does."""

from django.db import migrations

from concerts.countries import country_code, country_name


def forwards(apps, schema_editor):
    AlertSubscription = apps.get_model("alerts", "AlertSubscription")
    for subscription in AlertSubscription.objects.exclude(countries=[]):
        codes = [country_code(name) or name for name in subscription.countries]
        subscription.countries = list(dict.fromkeys(codes))
        subscription.save(update_fields=["countries"])


def backwards(apps, schema_editor):
    AlertSubscription = apps.get_model("alerts", "AlertSubscription")
    for subscription in AlertSubscription.objects.exclude(countries=[]):
        subscription.countries = [country_name(code, "en") or code for code in subscription.countries]
        subscription.save(update_fields=["countries"])


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0001_alert_subscriptions_and_events'),
        ('concerts', '0014_venue_country_iso_codes'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
