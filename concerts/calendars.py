"""iCalendar (RFC 5545) output for concerts, written with the `icalendar` library.

Each concert is one VEVENT whose UID never changes (`concert-<pk>@<site host>`), so a subscribed calendar
updates the entry it holds instead of adding a new one; SEQUENCE (bumped on every change, see
Concert.save) tells it which copy is newer. DTSTART is the venue's wall-clock time with the venue's TZID
and a matching VTIMEZONE, so a 20:00 concert in New York stays 20:00 there on either side of a
daylight-saving change, whatever zone the reader's calendar is in.
"""

import hashlib
from datetime import UTC, date, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max
from icalendar import Calendar, Event, Timezone, vGeo

from .models import Concert
from .timezones import get_zone

PRODID = "-//Sebastien Kalmurzaeva fan site//Concerts//EN"

STATUS = {
    Concert.Status.ON_SALE: "CONFIRMED",
    Concert.Status.SOLD_OUT: "CONFIRMED",
    Concert.Status.CANCELLED: "CANCELLED",
    Concert.Status.POSTPONED: "TENTATIVE",  # the date no longer holds, but the concert is not called off
    # The performance at the old date will not happen; the new one is its own event with its own UID.
    Concert.Status.RESCHEDULED: "CANCELLED",
}

SUMMARY_PREFIX = {
    # Many calendar apps do not show STATUS, so the title says it too.
    Concert.Status.CANCELLED: "Cancelled: ",
    Concert.Status.POSTPONED: "Postponed: ",
    Concert.Status.RESCHEDULED: "Rescheduled: ",
}

# Bump when the output format changes, so cached feeds and events from older code are not served.
CACHE_VERSION = 1
CACHE_SECONDS = 60 * 60
EVENT_CACHE_SECONDS = 60 * 60 * 24 * 7
END_OF_CALENDAR = b"END:VCALENDAR\r\n"


def calendar_cache():
    """The "calendar" cache (settings.CACHES) holds serialised feeds and one entry per event."""
    return caches["calendar"]


def uid_host():
    """The host part of event UIDs: from SITE_URL, so UIDs do not depend on how a request reached us."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@lru_cache(maxsize=256)
def vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE for a zone over whole years; computing one takes a while, so each is built once."""
    return Timezone.from_tzinfo(
        get_zone(tzid), tzid=tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def concert_event(concert, absolute_url):
    """One VEVENT. `absolute_url(path)` makes the site's links absolute (e.g. request.build_absolute_uri)."""
    event = Event()
    event.add("uid", f"concert-{concert.pk}@{uid_host()}")
    event.add("dtstamp", concert.updated_at.astimezone(UTC))
    event.add("created", concert.created_at.astimezone(UTC))
    event.add("last-modified", concert.updated_at.astimezone(UTC))
    event.add("sequence", concert.sequence)
    event.add("summary", SUMMARY_PREFIX.get(concert.status, "") + concert.title)
    event.add("dtstart", concert.local_starts_at)  # aware in the venue's ZoneInfo: written with its TZID
    if concert.local_ends_at:
        event.add("dtend", concert.local_ends_at)
    event.add("status", STATUS[concert.status])
    event.add("location", concert.venue.full_address)
    if concert.venue.latitude is not None and concert.venue.longitude is not None:
        event.add("geo", vGeo((float(concert.venue.latitude), float(concert.venue.longitude))))
    page = absolute_url(concert.get_absolute_url())
    event.add("url", page)
    event.add("description", describe(concert, page, absolute_url))
    return event


def describe(concert, page, absolute_url):
    lines = []
    new = concert.rescheduled_to if concert.status == Concert.Status.RESCHEDULED else None
    if concert.status == Concert.Status.CANCELLED:
        lines.append("This concert has been cancelled.")
    elif concert.status == Concert.Status.POSTPONED:
        lines.append("This concert has been postponed; a new date will be announced.")
    elif new is not None:
        when = new.local_starts_at
        lines.append(
            f"Rescheduled to {when:%A} {when.day} {when:%B %Y, %H:%M} {new.venue.time_label} at {new.venue.name}: "
            f"{absolute_url(new.get_absolute_url())}"
        )
    elif concert.status == Concert.Status.SOLD_OUT:
        lines.append("Sold out.")
    if concert.description:
        lines.append(concert.description)
    if concert.price_text and not concert.is_called_off:
        lines.append(f"Price: {concert.price_text}")
    lines.append(page)
    return "\n\n".join(lines)


def build_calendar(concerts, absolute_url, name):
    """A VCALENDAR with one VEVENT per concert and one VTIMEZONE per venue zone used."""
    concerts = list(concerts)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", "Concert times are in each venue's local time zone.")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")

    years = {}  # zone -> (first year, last year) over the concerts there
    for concert in concerts:
        zone = concert.venue.timezone
        first, last = years.get(zone, (concert.starts_at.year, concert.starts_at.year))
        years[zone] = (min(first, concert.starts_at.year - 1), max(last, concert.starts_at.year + 1))
    for zone in sorted(years):
        calendar.add_component(vtimezone(zone, *years[zone]))
    envelope = calendar.to_ical()
    # The events go where icalendar would put them, before the closing line; each is icalendar's own
    # serialisation of that VEVENT, reused from the cache while the concert is unchanged.
    assert envelope.endswith(END_OF_CALENDAR)
    return envelope[: -len(END_OF_CALENDAR)] + b"".join(serialised_events(concerts, absolute_url)) + END_OF_CALENDAR


def serialised_events(concerts, absolute_url):
    """VEVENT bytes per concert. Serialising is the slow part (icalendar folds lines one character at a
    time), so each event is cached under a key that changes whenever its content can change."""
    site = hashlib.sha256(f"{absolute_url('/')}|{uid_host()}".encode()).hexdigest()[:16]
    keys = {}
    for concert in concerts:
        moved = concert.rescheduled_to if concert.status == Concert.Status.RESCHEDULED else None
        revision = f"{concert.pk}.{concert.sequence}.{concert.updated_at.timestamp()}"
        if moved:  # its description names the new date, so the new performance's edits count too
            revision += f".{moved.pk}.{moved.updated_at.timestamp()}"
        keys[f"concerts:vevent:{CACHE_VERSION}:{site}:{revision}"] = concert
    store = calendar_cache()
    found = store.get_many(list(keys))
    missing = {
        key: concert_event(concert, absolute_url).to_ical(sorted=False)  # property order is free; sorting is not
        for key, concert in keys.items()
        if key not in found
    }
    if missing:
        store.set_many(missing, EVENT_CACHE_SECONDS)
    return [found.get(key) or missing[key] for key in keys]


def cached_calendar(queryset, absolute_url, name, variant=""):
    """`build_calendar` for a whole feed, cached until any concert in it (or one it points to) changes.

    Serialising thousands of events takes icalendar a second or two; calendar apps poll the feed far
    more often than concerts change. The key is `variant` (which filter made `queryset`) and a fingerprint
    of the filtered rows (one aggregate query): any edit moves `updated_at`, and removing or unpublishing
    a concert changes the count.
    """
    fingerprint = queryset.order_by().aggregate(
        count=Count("pk"), changed=Max("updated_at"), moved=Max("rescheduled_to__updated_at")
    )
    raw = f"{CACHE_VERSION}|{variant}|{fingerprint}|{absolute_url('/')}|{name}|{uid_host()}"
    key = "concerts:ics:" + hashlib.sha256(raw.encode()).hexdigest()
    store = calendar_cache()
    body = store.get(key)
    if body is None:
        body = build_calendar(queryset.for_calendar(), absolute_url, name)
        store.set(key, body, CACHE_SECONDS)
    return body
