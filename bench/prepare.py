"""Fill the benchmark database and count SQL queries and bytes per page (run by bench/run.py).

    python -m bench.prepare --concerts 100 --venues 200     # migrate, load, measure; prints JSON

Loading is incremental: a second call with a larger --concerts adds the missing concerts, so the same
database is measured at 100 and then at 10,000 concerts. Bench data is neutral placeholder content
("Composer 3: Work 17"), never statements about the artist.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache, caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from concerts.calendars import refresh_stale_entries  # noqa: E402
from concerts.models import Collaborator, Concert, ProgrammeItem, Venue  # noqa: E402
from concerts.search import refresh_search_documents  # noqa: E402
from concerts.services import performer_find_or_create, work_find_or_create  # noqa: E402
from concerts.timezones import get_zone  # noqa: E402

BENCH_COUNTRIES = ["RU", "US", "DE", "JP", "GB", "AU", "FR", "IT", "AT", "CH", "NL", "ES"]
ZONES = ["Europe/Moscow", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Europe/London", "Australia/Sydney"]
YEARS_EACH_WAY = 5
WORKS_PER_CONCERT = 3
DETAIL_SLUG = "bench-concert-50"  # exists from the first 100 on, so both sizes measure the same page


def load(concert_total, venue_total):
    call_command("load_demo", stdout=io.StringIO())
    with transaction.atomic():
        have = Venue.objects.filter(slug__startswith="bench-venue-").count()
        Venue.objects.bulk_create(
            Venue(name=f"Bench Hall {n}", slug=f"bench-venue-{n}", city=f"City {n % 40}",
                  country=BENCH_COUNTRIES[n % len(BENCH_COUNTRIES)],
                  address=f"{n} Placeholder Street", timezone=ZONES[n % len(ZONES)])
            for n in range(have, venue_total)
        )
        venues = list(Venue.objects.filter(slug__startswith="bench-venue-").order_by("pk"))
        have = Concert.objects.filter(slug__startswith="bench-concert-").count()
        today = timezone.localdate()
        new = []
        for n in range(have, concert_total):
            # A tenth of the concerts at the first hall, so that its page shows full lists (20 next, 10
            # recent) from 1,000 concerts on: the scale table compares the same page, not 5 rows with 30.
            venue = venues[0] if n % 10 == 0 else venues[n % len(venues)]
            # Spread over ten years around today, reproducibly, so every size has past and upcoming concerts.
            day = today + timedelta(days=random.Random(n).randint(-365 * YEARS_EACH_WAY, 365 * YEARS_EACH_WAY))
            status = "sold_out" if n % 10 == 3 else "cancelled" if n % 50 == 7 else "on_sale"
            new.append(Concert(
                title=f"Bench Recital {n}", slug=f"bench-concert-{n}", venue=venue, status=status, is_published=True,
                starts_at=datetime.combine(day, time(19, 30), tzinfo=get_zone(venue.timezone)),
                description="Placeholder concert for the benchmark.\n\nSecond paragraph.",
            ))
        created = Concert.objects.bulk_create(new, batch_size=2000)
        # 30 composers with 3 works each, and 20 orchestras, shared by the concerts as records are.
        works = [work_find_or_create(composer=f"Composer {n % 30}", title=f"Work {n}", catalogue_number=f"Op. {n % 3 + 1}")
                 for n in range(90)]
        orchestras = [performer_find_or_create(name=f"Bench Orchestra {n}", role="orchestra") for n in range(20)]
        ProgrammeItem.objects.bulk_create(
            (ProgrammeItem(concert=c, work=works[(c.pk * 7 + i) % 90], order=i)
             for c in created for i in range(WORKS_PER_CONCERT)),
            batch_size=5000,
        )
        Collaborator.objects.bulk_create(
            (Collaborator(concert=c, performer=orchestras[c.pk % 20], role="orchestra") for c in created),
            batch_size=5000,
        )
        # bulk_create skips Concert.save(), which stores each concert's calendar entry; store them as
        # saving in the admin (or `manage.py refresh_calendar` after an import) would.
        refresh_stale_entries()
        # Nor the search documents (concerts/search.py), as `manage.py refresh_search` would after an import.
        refresh_search_documents(Concert.objects.filter(search_text=""))
    if connection.vendor == "postgresql":
        # Planner statistics and the visibility map for the rows just loaded, as autovacuum makes them on a
        # live site within a minute of such a load (it vacuums after inserts too). Without statistics
        # PostgreSQL takes the 100,000-concert tables for a few rows and joins by nested loops: the archive
        # took 754 ms instead of 48, the Atom feed 784 instead of 72. Without the visibility map an
        # index-only scan (a work's page probing `programme_concert_work`) still reads the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        # SQLite's statistics, which the site's first request would make as its connection closes
        # (fansite/sqlite/base.py), made here so that no measured request pays for them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def page_urls():
    """{label: path} of the measured pages."""
    # Page 50, or the last full page where there are fewer: the last page holds what is left over (10 rows
    # of 20 at 1,000 concerts), which made the archive look twice as fast there as at 100,000.
    full_pages = Concert.objects.published().past().count() // settings.CONCERTS_PER_PAGE
    return {
        "trivial 20 KB page": reverse("bench-trivial"),
        "home": reverse("home"),
        "concert list": reverse("concerts:upcoming"),
        "concert detail": reverse("concerts:detail", kwargs={"slug": DETAIL_SLUG}),
        "past archive page 50": f"{reverse('concerts:past')}?page={max(1, min(50, full_pages))}",
        "calendar.ics (all)": reverse("concerts:calendar"),
        "Atom feed": reverse("concerts:feed"),
        # The same pages in Russian (i18n_patterns: /ru/...), which must cost what the English ones do.
        **{f"{label} (ru)": path for label, path in russian_urls().items()},
    }


def scale_only_urls():
    """{label: path} of pages timed only as single requests (the scale table), not under load: a venue's,
    a work's, a composer's and a performer's page, the repertoire, search, the sitemap and the tours."""
    from concerts.models import Composer, Performer, Work

    from fansite.seo.sitemaps import SiteSitemap

    # By the English columns: a test client request leaves its page's language active in this thread, and
    # after a Russian page, `title="Work 5"` read the Russian column and found nothing.
    records = {
        # The first hall, which has a tenth of the concerts (`load`).
        "venue page": Venue.objects.filter(slug__startswith="bench-venue-").order_by("pk").first(),
        "work page": Work.objects.filter(title_en="Work 5").first(),
        "composer page": Composer.objects.filter(name_en="Composer 5").first(),
        "performer page": Performer.objects.filter(name_en="Bench Orchestra 3").first(),
    }
    if missing := [label for label, record in records.items() if record is None]:
        sys.exit(f"bench data lacks the record of: {', '.join(missing)}")
    addresses = Concert.objects.published().count() * len(settings.LANGUAGES)
    concert_pages = -(-addresses // SiteSitemap.limit)
    return {
        **{label: record.get_absolute_url() for label, record in records.items()},
        "repertoire": reverse("repertoire:list"),
        "search, a name in few concerts": reverse("search") + "?q=Tchaikovsky",
        "search, a word in a tenth of all": reverse("search") + "?q=Composer+3",
        "tours and festivals": reverse("concerts:series_list"),
        "sitemap index": "/sitemap.xml",
        "sitemap, last page of concerts": f"/sitemap-concerts.xml?p={concert_pages}" if concert_pages > 1
        else "/sitemap-concerts.xml",
    }


def russian_urls():
    with translation.override("ru"):
        return {
            "home": reverse("home"),
            "concert list": reverse("concerts:upcoming"),
            "concert detail": reverse("concerts:detail", kwargs={"slug": DETAIL_SLUG}),
        }


def measure(urls):
    """Queries and bytes per page through the test client, each on a cold cache."""
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for label, path in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        results[label] = {"status": response.status_code, "queries": len(queries), "bytes": len(body)}
    for alias in caches:  # the served site starts cold: its first requests are timed as such
        caches[alias].clear()
    return results


def timings(urls, repeat):
    """Median ms of `repeat` single requests per page through the test client, every one rendered (the run's
    environment has PAGE_CACHE_SECONDS=0 and HTTP_CACHING=0): the scale table's figure."""
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for label, path in urls.items():
        first = client.get(path)
        if first.status_code != 200:
            sys.exit(f"{label} ({path}) answered {first.status_code}")
        times = []
        for _ in range(repeat):
            started = perf_counter()
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((perf_counter() - started) * 1000)
        results[label] = statistics.median(times)
    results["repertoire, after a concert's save"] = repertoire_after_a_save(client, repeat)
    return results


def repertoire_after_a_save(client, repeat):
    """Median ms of the repertoire when an editor has just saved a concert: the save expired the entries of
    the works on its programme and made them again (`expire_entries`, as the save's signals call it after
    its commit), so the page reads every entry; the time the save spent on them is the editor's, not
    timed here."""
    from concerts.repertoire import expire_entries

    works = list(ProgrammeItem.objects.filter(concert__slug=DETAIL_SLUG).values_list("work_id", flat=True))
    path = reverse("repertoire:list")
    times = []
    for _ in range(repeat):
        expire_entries(works)
        started = perf_counter()
        client.get(path)
        times.append((perf_counter() - started) * 1000)
    return statistics.median(times)


ADMIN_LISTS = {
    "concert list (admin), default": {},
    "concert list, filtered (upcoming, sold out)": {"when": "upcoming", "status": "sold_out"},
    "concert list, filtered by city": {"venue__city": "City 7"},
    "concert list, searched by title": {"q": "Bench Recital 42"},
    "concert list, searched by city": {"q": "City 7"},
    "concert list, searched by composer": {"q": "Tchaikovsky"},
}


def admin_timings(repeat):
    """Median ms and queries of the admin's concert list, and queries of the bulk actions on 10 and 100 rows."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(username="bench-editor", defaults={
        "is_staff": True, "is_superuser": True, "email": "bench@example.com"})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("admin:concerts_concert_changelist")
    results = {}
    for label, params in ADMIN_LISTS.items():
        client.get(url, params)
        times = []
        for _ in range(repeat):
            started = perf_counter()
            client.get(url, params)
            times.append((perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        results[label] = {"ms": statistics.median(times), "queries": len(queries)}
    for action in ("mark_sold_out", "duplicate_concerts"):
        for rows in (10, 100):
            chosen = list(Concert.objects.filter(slug__startswith="bench-concert-").order_by("-pk")
                          .values_list("pk", flat=True)[:rows])
            with CaptureQueriesContext(connection) as queries:
                started = perf_counter()
                client.post(url, {"action": action, "_selected_action": chosen, "index": 0})
                ms = (perf_counter() - started) * 1000
            results[f"action {action}, {rows} rows"] = {"ms": ms, "queries": len(queries)}
    Concert.objects.filter(is_published=False, slug__startswith="bench-recital-").delete()  # the copies
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concerts", type=int, required=True)
    parser.add_argument("--venues", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=0, help="also time each page this many times (median ms)")
    parser.add_argument("--admin", action="store_true", help="also time the admin's concert list and actions")
    args = parser.parse_args()
    call_command("migrate", "--noinput", verbosity=0)
    load(args.concerts, args.venues)
    # Every address in the site's default language (the Russian ones say so), before any request is made:
    # a request leaves its page's language active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        urls, scale_urls = page_urls(), scale_only_urls()
    print(json.dumps({
        "concerts": Concert.objects.count(),
        "venues": Venue.objects.count(),
        "programme_items": ProgrammeItem.objects.count(),
        "urls": urls,
        "pages": measure(urls),
        "timings": timings({**urls, **scale_urls}, args.repeat) if args.repeat else {},
        "admin": admin_timings(max(args.repeat, 3)) if args.admin else {},
    }))


if __name__ == "__main__":
    main()
