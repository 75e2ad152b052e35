"""Time /concerts/calendar.ics for 10,000 published concerts (cold: empty caches; warm: cached feed).

Run: DATABASE_URL=sqlite:////tmp/bench-ics.sqlite3 .venv/bin/python bench/calendar_feed.py
It creates its own concerts in the database it is pointed at, so never point it at real content.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fansite.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from concerts.calendars import refresh_stale_entries  # noqa: E402
from concerts.models import Concert, Venue  # noqa: E402

COUNT = int(os.environ.get("BENCH_CONCERTS", "10000"))


def main():
    call_command("migrate", verbosity=0)
    Concert.objects.filter(slug__startswith="bench-").delete()
    zones = [("New York", "US", "America/New_York"), ("Moscow", "RU", "Europe/Moscow"),
             ("Berlin", "DE", "Europe/Berlin"), ("Tokyo", "JP", "Asia/Tokyo")]
    venues = [
        Venue.objects.get_or_create(slug=f"bench-hall-{i}", defaults={
            "name": f"Bench Hall {i}", "address": "1 Example Street", "city": city, "country": country, "timezone": tz,
        })[0]
        for i, (city, country, tz) in enumerate(zones)
    ]
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"Bench concert {i}", slug=f"bench-{i}", venue=venues[i % len(venues)], is_published=True,
                starts_at=now + timedelta(hours=13 * (i - COUNT // 2)), description="A recital. " * 8)
        for i in range(COUNT)
    )
    # bulk_create skips Concert.save(), which stores each calendar entry: store them as an import would.
    started = time.perf_counter()
    stored = refresh_stale_entries()
    print(f"storing {stored} calendar entries (once, as saving each concert does): {time.perf_counter() - started:.3f} s")
    client = Client()
    for alias in caches:
        caches[alias].clear()
    for label in ("cold (empty caches)", "warm", "warm", "after one concert was edited"):
        if label.startswith("after"):
            concert = Concert.objects.get(slug="bench-7")
            concert.title = "Edited bench concert"
            concert.save()
        started = time.perf_counter()
        response = client.get("/concerts/calendar.ics")
        elapsed = time.perf_counter() - started
        print(f"{label}: {elapsed:.3f} s, {len(response.content) / 1e6:.1f} MB, status {response.status_code}")
    Concert.objects.filter(slug__startswith="bench-").delete()
    Venue.objects.filter(slug__startswith="bench-hall-").delete()


if __name__ == "__main__":
    main()
