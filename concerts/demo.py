"""Demo venues and concerts: the halls of the artist's story, concerts placed relative to today.

The story names Carnegie Hall and her sold-out Moscow concerts; dates are demo data, so that the site
always has past and upcoming concerts. Running it again changes nothing (natural keys).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Concert, Venue
from .timezones import get_zone

VENUES = [
    {
        "slug": "carnegie-hall",
        "name": "Carnegie Hall",
        "address": "881 Seventh Avenue, New York, NY 10019",
        "city": "New York",
        "country": "United States",
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
        "country": "Russia",
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
        "country": "Russia",
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



def load_concert_demo():
    """Create what is missing of the demo venues and concerts; returns the names of what was created."""
    created = []
    venues = {}
    for data in VENUES:
        venues[data["slug"]], new = Venue.objects.get_or_create(slug=data["slug"], defaults=data)
        if new:
            created.append(f"venue {data['name']}")

    today = timezone.now().date()
    for slug, title, venue_slug, days, local_time, status, description in CONCERTS:
        venue = venues[venue_slug]
        starts = datetime.combine(today + timedelta(days=days), local_time, tzinfo=get_zone(venue.timezone))
        _, new = Concert.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title, "venue": venue, "starts_at": starts, "status": status,
                "ticket_url": venue.website, "description": description, "is_published": True,
            },
        )
        if new:
            created.append(f"concert “{title}”")
    return created


# --- Russian -------------------------------------------------------------------------------------
# The same venues and concerts in Russian (translations of the texts above), filled in where missing.

VENUES_RU = {
    "carnegie-hall": {"name_ru": "Карнеги-холл", "city_ru": "Нью-Йорк", "country_ru": "США",
                      "address_ru": "881 Seventh Avenue, New York, NY 10019"},
    "moscow-conservatory-great-hall": {"name_ru": "Большой зал Московской консерватории", "city_ru": "Москва",
                                       "country_ru": "Россия", "address_ru": "ул. Большая Никитская, 13/6, 125009"},
    "tchaikovsky-concert-hall": {"name_ru": "Концертный зал имени П. И. Чайковского", "city_ru": "Москва",
                                 "country_ru": "Россия", "address_ru": "Триумфальная площадь, 4/31, 125047"},
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
    for concert in Concert.objects.filter(slug__in=CONCERTS_RU):
        title, description = CONCERTS_RU[concert.slug]
        if not concert.title_ru or not concert.description_ru:
            concert.title_ru = concert.title_ru or title
            concert.description_ru = concert.description_ru or description
            concert.save()
            filled.append(f"concert “{title}”")
    return filled
