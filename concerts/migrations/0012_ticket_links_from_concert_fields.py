"""Each concert's single ticket link, price and on-sale date become one TicketLink; the reverse puts a
concert's first link back into those fields (the others have no place there)."""

import zoneinfo
from datetime import datetime, time
from urllib.parse import urlsplit

from django.db import migrations

LANGUAGES = ("en", "ru")


def seller_for(concert):
    """Who sells the tickets: the organiser when named, else the ticket site's host name."""
    if concert.organizer_name:
        return concert.organizer_name
    host = urlsplit(concert.ticket_url).hostname or ""
    return host.removeprefix("www.") or "Box office"


def forwards(apps, schema_editor):
    Concert = apps.get_model("concerts", "Concert")
    TicketLink = apps.get_model("concerts", "TicketLink")
    links = []
    for concert in Concert.objects.select_related("venue").iterator():
        texts = {code: getattr(concert, f"price_text_{code}") or "" for code in LANGUAGES}
        if not (concert.ticket_url or concert.price_text or any(texts.values()) or concert.price_min is not None
                or concert.tickets_on_sale):
            continue
        on_sale_at = None
        if concert.tickets_on_sale:
            # A date: sales open at the start of that day at the venue.
            on_sale_at = datetime.combine(concert.tickets_on_sale, time(0), tzinfo=zoneinfo.ZoneInfo(concert.venue.timezone))
        seller = seller_for(concert)
        links.append(TicketLink(
            concert=concert, seller=seller, seller_en=seller, url=concert.ticket_url, kind="standard",
            price=concert.price_min, currency=concert.price_currency, price_text=concert.price_text or texts["en"],
            price_text_en=texts["en"] or concert.price_text, price_text_ru=texts["ru"], on_sale_at=on_sale_at, order=0,
        ))
    TicketLink.objects.bulk_create(links, batch_size=500)


def backwards(apps, schema_editor):
    Concert = apps.get_model("concerts", "Concert")
    TicketLink = apps.get_model("concerts", "TicketLink")
    for concert in Concert.objects.select_related("venue").iterator():
        link = TicketLink.objects.filter(concert=concert).order_by("order", "pk").first()
        if link is None:
            continue
        concert.ticket_url = link.url
        concert.price_text, concert.price_text_en, concert.price_text_ru = (
            link.price_text, link.price_text_en, link.price_text_ru)
        concert.price_min, concert.price_currency = link.price, link.currency
        concert.tickets_on_sale = (
            link.on_sale_at.astimezone(zoneinfo.ZoneInfo(concert.venue.timezone)).date() if link.on_sale_at else None)
        concert.save(update_fields=["ticket_url", "price_text", "price_text_en", "price_text_ru", "price_min",
                                    "price_currency", "tickets_on_sale"])
    TicketLink.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('concerts', '0011_series_and_ticket_links'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
