"""Series (tours, festivals, …) and several ticket links per concert."""

import concerts.models
import django.core.validators
import django.db.models.deletion
import django_countries.fields
import fansite.images.hardening
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0010_concert_search_document'),
    ]

    operations = [
        migrations.CreateModel(
            name='Series',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('focal_x', models.PositiveSmallIntegerField(default=50, help_text='Where the subject is, from the left edge (0) to the right edge (100). Square and wide crops keep it in view.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point across (%)')),
                ('focal_y', models.PositiveSmallIntegerField(default=50, help_text='From the top edge (0) to the bottom edge (100).', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='focal point down (%)')),
                ('renditions', models.JSONField(blank=True, default=dict, editable=False)),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_ru', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('slug', models.SlugField(help_text="The series' address on the site, made from its name.", max_length=200, unique=True, verbose_name='web address')),
                ('kind', models.CharField(choices=[('tour', 'Tour'), ('festival', 'Festival'), ('residency', 'Residency'), ('season', 'Season cycle')], default='tour', max_length=20, verbose_name='kind')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                ('description_ru', models.TextField(blank=True, null=True, verbose_name='description')),
                ('image', fansite.images.hardening.HardenedImageField(blank=True, help_text='Optional picture for the series page and link previews.', upload_to=concerts.models.series_image_path, verbose_name='image')),
                ('image_alt', models.CharField(blank=True, max_length=300, verbose_name='image description')),
                ('image_alt_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='image description')),
                ('image_alt_ru', models.CharField(blank=True, max_length=300, null=True, verbose_name='image description')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'series',
                'verbose_name_plural': 'series',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='concert',
            name='series',
            field=models.ForeignKey(blank=True, help_text='The tour, festival, residency or season cycle it belongs to, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='concerts', to='concerts.series', verbose_name='series'),
        ),
        migrations.AddField(
            model_name='historicalconcert',
            name='series',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The tour, festival, residency or season cycle it belongs to, if any.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='concerts.series', verbose_name='series'),
        ),
        migrations.CreateModel(
            name='TicketLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seller', models.CharField(help_text='Who sells them, e.g. “Box office”.', max_length=200, verbose_name='seller')),
                ('seller_en', models.CharField(help_text='Who sells them, e.g. “Box office”.', max_length=200, null=True, verbose_name='seller')),
                ('seller_ru', models.CharField(help_text='Who sells them, e.g. “Box office”.', max_length=200, null=True, verbose_name='seller')),
                ('url', models.URLField(blank=True, help_text="The seller's page for this concert; empty for tickets at the door only.", max_length=500, verbose_name='link')),
                ('kind', models.CharField(choices=[('standard', 'Tickets'), ('presale', 'Presale'), ('members', 'Members'), ('vip', 'VIP'), ('livestream', 'Livestream'), ('returns', 'Returns and waiting list')], default='standard', help_text='“Returns and waiting list” is shown only when the concert is sold out.', max_length=20, verbose_name='kind')),
                ('price', models.DecimalField(blank=True, decimal_places=2, help_text='Number only, for search engines; the price text is what visitors read.', max_digits=10, null=True, verbose_name='lowest price')),
                ('currency', models.CharField(blank=True, help_text='ISO 4217 code, e.g. RUB, USD, EUR.', max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'Use a three-letter ISO 4217 code such as RUB, USD or EUR.')], verbose_name='currency')),
                ('price_text', models.CharField(blank=True, help_text='e.g. “From 1 500 RUB”.', max_length=200, verbose_name='price')),
                ('price_text_en', models.CharField(blank=True, help_text='e.g. “From 1 500 RUB”.', max_length=200, null=True, verbose_name='price')),
                ('price_text_ru', models.CharField(blank=True, help_text='e.g. “From 1 500 RUB”.', max_length=200, null=True, verbose_name='price')),
                ('on_sale_at', models.DateTimeField(blank=True, help_text="Stored in UTC; entered in the venue's time zone. Empty: on sale now.", null=True, verbose_name='on sale from')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('concert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticket_links', to='concerts.concert')),
            ],
            options={
                'verbose_name': 'ticket link',
                'verbose_name_plural': 'ticket links',
                'ordering': ['order', 'pk'],
            },
        ),
    ]
