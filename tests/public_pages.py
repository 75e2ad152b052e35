"""The public pages of the site, filled with the demo content, for the checks that visit every page.

The browser, accessibility and HTML-validity tests all walk the same list so that a new public page is
checked everywhere by adding it here once.
"""

import io
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.urls import reverse
from django.conf import settings
from django.utils import timezone, translation

from concerts.demo import SERIES
from concerts.models import Concert, Performer, Series, Venue, Work
from profiles.models import Photo
from tests.factories import make_collaborator, make_concert, make_news_post, make_programme, make_ticket_link

FEATURED_CONCERT_SLUG = "great-hall-bach-tchaikovsky"
NEWS_POST_SLUG = "a-new-season"


def load_site_content():
    """The demo content plus one upcoming concert with a full programme and performers; returns that concert."""
    call_command("load_demo", stdout=io.StringIO())
    venue = Venue.objects.get(slug="moscow-conservatory-great-hall")
    concert = make_concert(
        venue=venue,
        title="Bach and Tchaikovsky in the Great Hall",
        slug=FEATURED_CONCERT_SLUG,
        starts_at=datetime.combine(timezone.localdate() + timedelta(days=10), time(19, 30), tzinfo=venue.zone),
        price_text="From 1 500 RUB",
        description="A recital in the Great Hall.\n\nThe programme pairs Bach with Tchaikovsky.",
        title_ru="Бах и Чайковский в Большом зале",
        price_text_ru="от 1 500 руб.",
        description_ru="Сольный концерт в Большом зале.\n\nВ программе — Бах и Чайковский.",
    )
    bach, tchaikovsky = make_programme(
        concert,
        ("Johann Sebastian Bach", "Partita No. 2 in D minor", "BWV 1004"),
        ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35"),
    )
    for item, composer_ru, title_ru in ((bach, "Иоганн Себастьян Бах", "Партита № 2 ре минор"),
                                        (tchaikovsky, "Пётр Ильич Чайковский", "Концерт для скрипки с оркестром ре мажор")):
        item.work.composer.name_ru = item.work.composer.name_ru or composer_ru
        item.work.composer.save()
        item.work.title_ru = item.work.title_ru or title_ru
        item.work.save()
    make_collaborator(concert)
    make_ticket_link(concert, seller="Friends of the Conservatory", seller_ru="Друзья консерватории", kind="members",
                     url="https://tickets.example.com/friends", order=1,
                     on_sale_at=datetime.combine(timezone.localdate() + timedelta(days=5), time(10, 0), tzinfo=venue.zone))
    concert.series = Series.objects.get(slug=SERIES["slug"])
    concert.save()
    make_news_post(title="A new season in Moscow", slug=NEWS_POST_SLUG, summary="The season's concerts are announced.",
                   body="The concerts of the season are on the **concerts** page.")
    return concert


def public_pages():
    """[(label, path, expected status)] for every public page, in every language (labels `ru-home`, …;
    the default language's without a prefix in the label)."""
    pages = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefix = "" if code == settings.LANGUAGE_CODE else f"{code}-"
            pages += [(prefix + label, path, status) for label, path, status in pages_in_current_language()]
    return pages


def pages_in_current_language():
    concert = Concert.objects.get(slug=FEATURED_CONCERT_SLUG)
    return [
        ("home", reverse("home"), 200),
        ("about", reverse("profiles:about"), 200),
        ("concerts", reverse("concerts:upcoming"), 200),
        ("past", reverse("concerts:past"), 200),
        ("concert", concert.get_absolute_url(), 200),
        ("photos", reverse("profiles:photos"), 200),
        ("photo", Photo.objects.published().first().get_absolute_url(), 200),
        ("press", reverse("profiles:press"), 200),
        ("recordings", reverse("profiles:recordings"), 200),
        ("search", reverse("search") + "?q=" + ("Москва" if translation.get_language() == "ru" else "Moscow"), 200),
        ("venue", concert.venue.get_absolute_url(), 200),
        ("series-list", reverse("concerts:series_list"), 200),
        ("series", Series.objects.get(slug=SERIES["slug"]).get_absolute_url(), 200),
        ("repertoire", reverse("repertoire:list"), 200),
        ("work", Work.objects.get(catalogue_number="Op. 35").get_absolute_url(), 200),
        ("composer", Work.objects.get(catalogue_number="Op. 35").composer.get_absolute_url(), 200),
        ("performer", Performer.objects.get(name_en="Festival Orchestra").get_absolute_url(), 200),
        ("contact", reverse("contact:form"), 200),
        ("newsletter", reverse("newsletter:subscribe"), 200),
        ("news", reverse("news:list"), 200),
        ("alerts", reverse("alerts:subscribe"), 200),
        ("news-post", reverse("news:detail", args=[NEWS_POST_SLUG]), 200),
        ("not-found", f"/{translation.get_language()}/this-page-does-not-exist/", 404),
    ]
