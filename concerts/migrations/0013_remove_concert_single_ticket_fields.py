"""The single ticket link and price of a concert live in its TicketLinks now."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0012_ticket_links_from_concert_fields'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='concert',
            name='price_currency',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='price_min',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='price_text',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='price_text_en',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='price_text_ru',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='ticket_url',
        ),
        migrations.RemoveField(
            model_name='concert',
            name='tickets_on_sale',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='price_currency',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='price_min',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='price_text',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='price_text_en',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='price_text_ru',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='ticket_url',
        ),
        migrations.RemoveField(
            model_name='historicalconcert',
            name='tickets_on_sale',
        ),
    ]
