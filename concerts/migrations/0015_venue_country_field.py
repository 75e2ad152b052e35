"""The venue's country column holds an ISO code (see 0012), one for every language."""

import django_countries.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0014_venue_country_iso_codes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalvenue',
            name='country_en',
        ),
        migrations.RemoveField(
            model_name='historicalvenue',
            name='country_ru',
        ),
        migrations.RemoveField(
            model_name='venue',
            name='country_en',
        ),
        migrations.RemoveField(
            model_name='venue',
            name='country_ru',
        ),
        migrations.AlterField(
            model_name='historicalvenue',
            name='country',
            field=django_countries.fields.CountryField(max_length=2, verbose_name='country'),
        ),
        migrations.AlterField(
            model_name='venue',
            name='country',
            field=django_countries.fields.CountryField(max_length=2, verbose_name='country'),
        ),
    ]
