"""Demo venues and concerts: the halls of the artist's story, concerts placed relative to today.

The story names Carnegie Hall and her sold-out Moscow concerts; dates are demo data, so that the site
always has past and upcoming concerts. Programmes are standard violin repertoire (composers, titles and
catalogue numbers as published); the performers with her are generic placeholders ("Festival Orchestra",
"Guest Pianist"), never a real orchestra or musician. Running it again changes nothing (natural keys).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from .models import Composer, Concert, Performer, Series, TicketLink, Venue, Work
from .services import concert_performers_set, concert_programme_set
from .timezones import get_zone

VENUES = [
    {
        "slug": "carnegie-hall",
        "name": "Carnegie Hall",
        "address": "881 Seventh Avenue, New York, NY 10019",
        "city": "New York",
        "country": "US",
        "timezone": "America/New_York",
        "latitude": "40.765000",
        "longitude": "-73.980000",
        "website": "https://www.carnegiehall.org/",
    },
    {
        "slug": "moscow-conservatory-great-hall",
        "name": "Great Hall of the Moscow Conservatory",
        "address": "Bolshaya Nikitskaya Street 13/6, 125009",
        "city": "Moscow",
        "country": "RU",
        "timezone": "Europe/Moscow",
        "latitude": "55.756400",
        "longitude": "37.604400",
        "website": "https://www.mosconsv.ru/",
    },
    {
        "slug": "tchaikovsky-concert-hall",
        "name": "Tchaikovsky Concert Hall",
        "address": "Triumfalnaya Square 4/31, 125047",
        "city": "Moscow",
        "country": "RU",
        "timezone": "Europe/Moscow",
        "latitude": "55.769800",
        "longitude": "37.595300",
        "website": "https://meloman.ru/",
    },
]

# (slug, title, venue slug, days from today, local time, status, description)
CONCERTS = [
    ("carnegie-hall-evening", "An Evening at Carnegie Hall", "carnegie-hall", -150, time(20, 0), Concert.Status.ON_SALE,
     "Sébastien Kalmurzaeva takes the stage at Carnegie Hall in New York."),
    ("moscow-conservatory-homecoming", "Homecoming Recital", "moscow-conservatory-great-hall", -90, time(19, 0),
     Concert.Status.SOLD_OUT, "A recital in the Great Hall of the Moscow Conservatory, where she studied."),
    ("moscow-winter-recital", "Winter Recital in Moscow", "tchaikovsky-concert-hall", -30, time(19, 0),
     Concert.Status.SOLD_OUT, "An evening for the Moscow audience that has followed her since childhood."),
    ("moscow-conservatory-recital", "Recital at the Moscow Conservatory", "moscow-conservatory-great-hall", 21,
     time(19, 30), Concert.Status.SOLD_OUT, "Her Moscow concerts are always sold out; this one is no exception."),
    ("moscow-spring-concert", "Spring Concert in Moscow", "tchaikovsky-concert-hall", 75, time(19, 30),
     Concert.Status.ON_SALE, "Sébastien Kalmurzaeva returns to the Moscow stage."),
    ("carnegie-hall-return", "Return to Carnegie Hall", "carnegie-hall", 140, time(20, 0), Concert.Status.ON_SALE,
     "Sébastien Kalmurzaeva returns to Carnegie Hall in New York."),
]

# A demo tour: the Moscow concerts of the season. Its dates are its concerts'.
SERIES = {
    "slug": "moscow-season",
    "fields": {"name": "Moscow Season", "kind": Series.Kind.SEASON,
               "description": "Her concerts in Moscow this season, from winter to spring."},
    "concerts": {"moscow-winter-recital", "moscow-conservatory-recital", "moscow-spring-concert"},
}

# Prices for some demo concerts' ticket links (the others give none).
TICKET_DETAILS = {
    "moscow-spring-concert": {"price": Decimal("1500"), "currency": "RUB", "price_text": "From 1 500 RUB",
                              "price_text_ru": "от 1 500 руб."},
    "carnegie-hall-return": {"price": Decimal("45"), "currency": "USD", "price_text": "From 45 USD",
                             "price_text_ru": "от 45 долларов"},
}
# Composers: (name, sort name, born, died).
COMPOSERS = [
    ("Johann Sebastian Bach", "Bach, Johann Sebastian", 1685, 1750),
    ("Ludwig van Beethoven", "Beethoven, Ludwig van", 1770, 1827),
    ("Johannes Brahms", "Brahms, Johannes", 1833, 1897),
    ("César Franck", "Franck, César", 1822, 1890),
    ("Felix Mendelssohn", "Mendelssohn, Felix", 1809, 1847),
    ("Sergei Prokofiev", "Prokofiev, Sergei", 1891, 1953),
    ("Jean Sibelius", "Sibelius, Jean", 1865, 1957),
    ("Pyotr Ilyich Tchaikovsky", "Tchaikovsky, Pyotr Ilyich", 1840, 1893),
    ("Eugène Ysaÿe", "Ysaÿe, Eugène", 1858, 1931),
]

BACH_PARTITA = ("Johann Sebastian Bach", "Partita No. 2 in D minor", "BWV 1004")
BEETHOVEN = ("Ludwig van Beethoven", "Violin Concerto in D major", "Op. 61")
BRAHMS = ("Johannes Brahms", "Violin Concerto in D major", "Op. 77")
FRANCK = ("César Franck", "Violin Sonata in A major", "FWV 8")
MENDELSSOHN = ("Felix Mendelssohn", "Violin Concerto in E minor", "Op. 64")
PROKOFIEV = ("Sergei Prokofiev", "Violin Sonata No. 1 in F minor", "Op. 80")
SIBELIUS = ("Jean Sibelius", "Violin Concerto in D minor", "Op. 47")
TCHAIKOVSKY = ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major", "Op. 35")
YSAYE_2 = ("Eugène Ysaÿe", "Sonata No. 2 in A minor for solo violin", "Op. 27 No. 2")
YSAYE_3 = ("Eugène Ysaÿe", "Sonata No. 3 in D minor for solo violin, “Ballade”", "Op. 27 No. 3")

ORCHESTRA = ("Festival Orchestra", "orchestra")  # generic placeholders, not real performers
PIANIST = ("Guest Pianist", "pianist")

# Concert slug: (programme, performers).
PROGRAMMES = {
    "carnegie-hall-evening": ([BEETHOVEN, TCHAIKOVSKY], [ORCHESTRA]),
    "moscow-conservatory-homecoming": ([BACH_PARTITA, FRANCK, YSAYE_3], [PIANIST]),
    "moscow-winter-recital": ([YSAYE_2, PROKOFIEV, BACH_PARTITA], [PIANIST]),
    "moscow-conservatory-recital": ([BACH_PARTITA, FRANCK, PROKOFIEV], [PIANIST]),
    "moscow-spring-concert": ([SIBELIUS, TCHAIKOVSKY], [ORCHESTRA]),
    "carnegie-hall-return": ([MENDELSSOHN, BRAHMS], [ORCHESTRA]),
}


def load_programme_demo(concerts):
    """The programme and performers of each demo concert in `concerts` that has none yet, and the
    composers' sort names and dates where missing; returns the names of what was filled."""
    filled = []
    for concert in concerts:
        programme, performers = PROGRAMMES.get(concert.slug, ([], []))
        if programme and not concert.programme.exists():
            concert_programme_set(concert=concert, entries=programme)
            filled.append(f"programme of “{concert.title}”")
        if performers and not concert.collaborators.exists():
            concert_performers_set(concert=concert, entries=performers)
    for name, sort_name, born, died in COMPOSERS:
        composer = Composer.objects.filter(name_en=name).first()
        if composer is not None and composer.birth_year is None:
            composer.sort_name_en, composer.birth_year, composer.death_year = sort_name, born, died
            composer.save()
    return filled


def load_concert_demo():
    """Create what is missing of the demo venues and concerts; returns the names of what was created."""
    created = []
    venues = {}
    for data in VENUES:
        venues[data["slug"]], new = Venue.objects.get_or_create(slug=data["slug"], defaults=data)
        if new:
            created.append(f"venue {data['name']}")

    series, new = Series.objects.get_or_create(slug=SERIES["slug"], defaults=SERIES["fields"])
    if new:
        created.append(f"series “{series.name}”")

    today = timezone.now().date()
    concerts = []
    for slug, title, venue_slug, days, local_time, status, description in CONCERTS:
        venue = venues[venue_slug]
        starts = datetime.combine(today + timedelta(days=days), local_time, tzinfo=get_zone(venue.timezone))
        concert, new = Concert.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title, "venue": venue, "starts_at": starts, "status": status,
                "description": description, "is_published": True,
                "series": series if slug in SERIES["concerts"] else None,
            },
        )
        concerts.append(concert)
        if new:
            TicketLink.objects.create(concert=concert, seller=venue.name, url=venue.website, order=0,
                                      **TICKET_DETAILS.get(slug, {}))
            created.append(f"concert “{title}”")
    return created + load_programme_demo(concerts)


# --- Russian -------------------------------------------------------------------------------------
# The same venues and concerts in Russian (translations of the texts above), filled in where missing.

VENUES_RU = {
    "carnegie-hall": {"name_ru": "Карнеги-холл", "city_ru": "Нью-Йорк", 
                      "address_ru": "881 Seventh Avenue, New York, NY 10019"},
    "moscow-conservatory-great-hall": {"name_ru": "Большой зал Московской консерватории", "city_ru": "Москва",
                                        "address_ru": "ул. Большая Никитская, 13/6, 125009"},
    "tchaikovsky-concert-hall": {"name_ru": "Концертный зал имени П. И. Чайковского", "city_ru": "Москва",
                                  "address_ru": "Триумфальная площадь, 4/31, 125047"},
}

CONCERTS_RU = {
    "carnegie-hall-evening": ("Вечер в Карнеги-холле",
                              "Себастьен Калмурзаева выходит на сцену Карнеги-холла в Нью-Йорке."),
    "moscow-conservatory-homecoming": ("Сольный концерт в родных стенах",
                                       "Сольный концерт в Большом зале Московской консерватории, где она училась."),
    "moscow-winter-recital": ("Зимний концерт в Москве",
                              "Вечер для московской публики, которая следит за её творчеством с самого детства."),
    "moscow-conservatory-recital": ("Сольный концерт в Московской консерватории",
                                    "Её московские концерты всегда проходят с аншлагом, и этот — не исключение."),
    "moscow-spring-concert": ("Весенний концерт в Москве", "Себастьен Калмурзаева возвращается на московскую сцену."),
    "carnegie-hall-return": ("Возвращение в Карнеги-холл",
                             "Себастьен Калмурзаева возвращается в Карнеги-холл в Нью-Йорке."),
}


# Composers: (Russian name, Russian sort name); works: Russian titles; performers: Russian names.
COMPOSERS_RU = {
    "Johann Sebastian Bach": ("Иоганн Себастьян Бах", "Бах, Иоганн Себастьян"),
    "Ludwig van Beethoven": ("Людвиг ван Бетховен", "Бетховен, Людвиг ван"),
    "Johannes Brahms": ("Иоганнес Брамс", "Брамс, Иоганнес"),
    "César Franck": ("Сезар Франк", "Франк, Сезар"),
    "Felix Mendelssohn": ("Феликс Мендельсон", "Мендельсон, Феликс"),
    "Sergei Prokofiev": ("Сергей Прокофьев", "Прокофьев, Сергей"),
    "Jean Sibelius": ("Ян Сибелиус", "Сибелиус, Ян"),
    "Pyotr Ilyich Tchaikovsky": ("Пётр Ильич Чайковский", "Чайковский, Пётр Ильич"),
    "Eugène Ysaÿe": ("Эжен Изаи", "Изаи, Эжен"),
}

WORKS_RU = {
    BACH_PARTITA: "Партита № 2 ре минор",
    BEETHOVEN: "Концерт для скрипки с оркестром ре мажор",
    BRAHMS: "Концерт для скрипки с оркестром ре мажор",
    FRANCK: "Соната для скрипки и фортепиано ля мажор",
    MENDELSSOHN: "Концерт для скрипки с оркестром ми минор",
    PROKOFIEV: "Соната для скрипки и фортепиано № 1 фа минор",
    SIBELIUS: "Концерт для скрипки с оркестром ре минор",
    TCHAIKOVSKY: "Концерт для скрипки с оркестром ре мажор",
    YSAYE_2: "Соната № 2 ля минор для скрипки соло",
    YSAYE_3: "Соната № 3 ре минор для скрипки соло «Баллада»",
}

PERFORMERS_RU = {"Festival Orchestra": "Фестивальный оркестр", "Guest Pianist": "Приглашённый пианист"}


def load_programme_demo_russian():
    """Russian names of the demo composers, works and performers, where missing."""
    filled = []
    for composer in Composer.objects.filter(name_en__in=COMPOSERS_RU):
        name, sort_name = COMPOSERS_RU[composer.name_en]
        if not composer.name_ru:
            composer.name_ru, composer.sort_name_ru = name, sort_name
            composer.save()
            filled.append(f"composer {name}")
    for (composer, title, number), title_ru in WORKS_RU.items():
        work = Work.objects.filter(composer__name_en=composer, title_en=title, catalogue_number=number).first()
        if work is not None and not work.title_ru:
            work.title_ru = title_ru
            work.save()
            filled.append(f"work {title_ru}")
    for performer in Performer.objects.filter(name_en__in=PERFORMERS_RU, name_ru__isnull=True):
        performer.name_ru = PERFORMERS_RU[performer.name_en]
        performer.save()
        filled.append(f"performer {performer.name_ru}")
    return filled


def load_concert_demo_russian():
    """The Russian version of the demo venues and concerts, where it is still missing."""
    filled = []
    for venue in Venue.objects.filter(slug__in=VENUES_RU):
        values = {name: value for name, value in VENUES_RU[venue.slug].items() if not getattr(venue, name)}
        if values:
            for name, value in values.items():
                setattr(venue, name, value)
            venue.save()  # its concerts' calendar entries are made again (concerts/signals.py)
            filled.append(f"venue {VENUES_RU[venue.slug]['name_ru']}")
    series = Series.objects.filter(slug=SERIES["slug"]).first()
    if series is not None and not series.name_ru:
        series.name_ru = "Московский сезон"
        series.description_ru = "Её концерты в Москве в этом сезоне, с зимы до весны."
        series.save()
        filled.append(f"series “{series.name_ru}”")
    # The demo's ticket links are sold by the venues: their sellers are the venues' Russian names.
    unnamed = Q(seller_ru="") | Q(seller_ru__isnull=True)
    for link in TicketLink.objects.filter(unnamed, concert__slug__in=CONCERTS_RU).select_related("concert__venue"):
        if name := VENUES_RU.get(link.concert.venue.slug, {}).get("name_ru"):
            link.seller_ru = name
            link.save(update_fields=["seller_ru"])
    for concert in Concert.objects.filter(slug__in=CONCERTS_RU):
        title, description = CONCERTS_RU[concert.slug]
        if not concert.title_ru or not concert.description_ru:
            concert.title_ru = concert.title_ru or title
            concert.description_ru = concert.description_ru or description
            concert.save()
            filled.append(f"concert “{title}”")
    return filled + load_programme_demo_russian()
