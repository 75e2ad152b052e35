"""iCalendar (RFC 5545) output for concerts, written with the `icalendar` library.

Each concert is one VEVENT whose UID never changes (`concert-<pk>@<site host>`), so a subscribed calendar
updates the entry it holds instead of adding a new one; SEQUENCE (bumped on every change, see
Concert.save) tells it which copy is newer. DTSTART is the venue's wall-clock time with the venue's TZID
and a matching VTIMEZONE, so a 20:00 concert in New York stays 20:00 there on either side of a
daylight-saving change, whatever zone the reader's calendar is in.

Stored events (a cache layer in the database). icalendar needs ~0.25 ms to build and serialise one event
(it folds lines a character at a time): the first feed of 10,000 concerts took ~2.8 s. Each event's
serialisation is therefore stored (models.CalendarEntry) when its concert, its venue or the concert it
moved to is saved (concerts/signals.py), and a feed is one query plus a join of stored text: ~0.2 s for
10,000 concerts with empty caches (bench/calendar_feed.py). Invalidation: each entry carries a fingerprint
of what it was made from (`entry_revision`); a feed remakes any entry whose fingerprint no longer matches,
so rows written behind save()'s back (bulk_create, update()) are never served stale.
Whole feeds are not cached here: the page cache (fansite/page_cache.py) serves repeated requests.

Links in events are absolute from SITE_URL, like canonical links: stored text cannot depend on the Host
a request came in on.
"""

import hashlib
import logging
from collections import namedtuple
from datetime import UTC, date, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.utils.translation import gettext, gettext_lazy as _
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import FilteredRelation, Q
from django.utils import translation
from icalendar import Calendar, Event, Timezone, vGeo

from fansite.plain_text import clean_text
from fansite.seo import absolute_url

from .models import CalendarEntry, Concert
from .timezones import get_zone

logger = logging.getLogger(__name__)


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
    Concert.Status.CANCELLED: _("Cancelled: "),
    Concert.Status.POSTPONED: _("Postponed: "),
    Concert.Status.RESCHEDULED: _("Rescheduled: "),
}

# Bump when the output format changes: stored events from older code are then made again.
FORMAT_VERSION = 3
END_OF_CALENDAR = b"END:VCALENDAR\r\n"
# Stale entries are made again this many at a time (a bounded `pk IN (...)` list for any database).
REFRESH_BATCH = 1000

# What a feed reads per concert: enough to tell whether the stored entry is current, to pick the
# VTIMEZONEs, and the stored text itself.
ENTRY_COLUMNS = (
    "pk", "sequence", "updated_at", "rescheduled_to__updated_at", "title", "venue__timezone", "starts_at",
    "entry__revision", "entry__vevent",
)


def current_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def with_entries(queryset, language):
    """`queryset` joined to each concert's stored entry in `language` (as `entry`), one row per concert."""
    return queryset.annotate(
        entry=FilteredRelation("calendar_entries", condition=Q(calendar_entries__language=language))
    )
StoredEvent = namedtuple("StoredEvent", "title zone starts_at vevent")


def uid_host():
    """The host part of event UIDs: from SITE_URL, so UIDs do not depend on how a request reached us."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@lru_cache(maxsize=256)
def vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE for a zone over whole years. Cached in the process: icalendar takes ~4.4 ms to compute
    one over four years (measured for Moscow, New York, Paris, Tokyo and Sydney), and every feed, and every
    "Add to calendar" download, needs one per zone it uses. Nothing to invalidate: the result depends only
    on its arguments and the installed zone database."""
    return Timezone.from_tzinfo(
        get_zone(tzid), tzid=tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def concert_event(concert):
    """One VEVENT; `concert` comes with its venue and the concert it moved to (Concert.objects.for_calendar)."""
    event = Event()
    event.add("uid", f"concert-{concert.pk}@{uid_host()}")
    event.add("dtstamp", concert.updated_at.astimezone(UTC))
    event.add("created", concert.created_at.astimezone(UTC))
    event.add("last-modified", concert.updated_at.astimezone(UTC))
    event.add("sequence", concert.sequence)
    # Text without control characters whatever is stored: calendar apps reject a whole file for one.
    event.add("summary", clean_text(SUMMARY_PREFIX.get(concert.status, "") + concert.title, single_line=True))
    event.add("dtstart", concert.local_starts_at)  # aware in the venue's ZoneInfo: written with its TZID
    if concert.local_ends_at:
        event.add("dtend", concert.local_ends_at)
    event.add("status", STATUS[concert.status])
    event.add("location", clean_text(concert.venue.full_address))
    if concert.venue.latitude is not None and concert.venue.longitude is not None:
        event.add("geo", vGeo((float(concert.venue.latitude), float(concert.venue.longitude))))
    page = absolute_url(concert.get_absolute_url())
    event.add("url", page)
    event.add("description", clean_text(describe(concert, page)))
    return event


def describe(concert, page):
    lines = []
    new = concert.rescheduled_to if concert.status == Concert.Status.RESCHEDULED else None
    if concert.status == Concert.Status.CANCELLED:
        lines.append(gettext("This concert has been cancelled."))
    elif concert.status == Concert.Status.POSTPONED:
        lines.append(gettext("This concert has been postponed; a new date will be announced."))
    elif new is not None:
        lines.append(gettext("Rescheduled to %(when)s at %(venue)s: %(url)s") % {
            "when": new.local_start_text, "venue": new.venue.name, "url": absolute_url(new.get_absolute_url()),
        })
    elif concert.status == Concert.Status.SOLD_OUT:
        lines.append(gettext("Sold out."))
    if concert.description:
        lines.append(concert.description)
    lines.append(page)
    return "\n\n".join(lines)


# --- Stored events ----------------------------------------------------------------------------


def entry_revision(pk, sequence, updated_at, moved_updated_at, language):
    """Fingerprint of everything a concert's VEVENT is made from. Any edit of the concert moves its
    `updated_at` (a venue edit moves it for the venue's concerts); a rescheduled concert's text also
    names its new date, so that concert's `updated_at` counts too."""
    moved = moved_updated_at.timestamp() if moved_updated_at else ""
    raw = f"{FORMAT_VERSION}|{settings.SITE_URL}|{language}|{pk}|{sequence}|{updated_at.timestamp()}|{moved}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def make_entries(concerts, language=None):
    """A CalendarEntry (not saved) with the serialised VEVENT of every concert in `concerts` (a queryset),
    written in `language` (the active one by default)."""
    language = language or current_language()
    entries = []
    with translation.override(language):
        concerts = list(concerts.for_calendar())
        for concert in concerts:
            moved = concert.rescheduled_to
            entries.append(CalendarEntry(
                concert_id=concert.pk,
                language=language,
                revision=entry_revision(
                    concert.pk, concert.sequence, concert.updated_at, moved and moved.updated_at, language
                ),
                # Property order is free in iCalendar, and icalendar's sorting costs time.
                vevent=concert_event(concert).to_ical(sorted=False).decode(),
            ))
    return entries


def store_entries(entries):
    """Insert or replace these entries; {concert pk: VEVENT text}."""
    if entries:
        CalendarEntry.objects.bulk_create(
            entries, update_conflicts=True, unique_fields=["concert", "language"], update_fields=["revision", "vevent"]
        )
    return {entry.concert_id: entry.vevent for entry in entries}


def refresh_entries(concerts):
    """Serialise the VEVENT of every concert in `concerts` (a queryset) in every language and store them."""
    for language, _name in settings.LANGUAGES:
        store_entries(make_entries(concerts, language))


def stored_events(queryset):
    """[StoredEvent] for the concerts of `queryset` in calendar order: one query while every stored
    entry is current. Missing or outdated entries (rows written by bulk_create or update(), a new
    SITE_URL or output format) are made again and stored, so only the first feed after such a change
    pays for them."""
    language = current_language()
    rows = list(with_entries(queryset, language).order_by("starts_at", "pk").values_list(*ENTRY_COLUMNS))
    stale = stale_pks(rows, language)
    remade = {}
    for batch in batches(stale):
        remade |= _refresh_for_reading(batch, language)
    stale = set(stale)
    return [
        StoredEvent(title, zone, starts_at, remade[pk] if pk in stale else text)
        for pk, _, _, _, title, zone, starts_at, _, text in rows
        if pk not in stale or pk in remade  # a concert deleted since the first query is left out
    ]


def stale_pks(rows, language):
    """The concerts among `rows` (ENTRY_COLUMNS) whose stored entry in `language` is missing or out of date."""
    return [
        pk for pk, sequence, updated_at, moved_updated_at, *_, revision, _text in rows
        if revision != entry_revision(pk, sequence, updated_at, moved_updated_at, language)
    ]


def batches(pks):
    """`pks` in bounded lists, for `pk IN (...)` queries any database accepts."""
    return (pks[first:first + REFRESH_BATCH] for first in range(0, len(pks), REFRESH_BATCH))


def refresh_stale_entries(queryset=None):
    """Store the missing or outdated entries of `queryset` (all concerts by default) in every language;
    how many were made."""
    queryset = Concert.objects.all() if queryset is None else queryset
    made = 0
    for language, _name in settings.LANGUAGES:
        stale = stale_pks(with_entries(queryset, language).values_list(*ENTRY_COLUMNS), language)
        for batch in batches(stale):
            store_entries(make_entries(Concert.objects.filter(pk__in=batch), language))
        made += len(stale)
    return made


def _refresh_for_reading(pks, language):
    """`refresh_entries` from a request that only reads: if storing fails (a locked SQLite file, a
    read-only replica), the fresh text is still served, and the next request tries again."""
    entries = make_entries(Concert.objects.filter(pk__in=pks), language)
    try:
        with transaction.atomic():
            store_entries(entries)
    except DatabaseError:
        logger.warning("Could not store %d calendar entries; serving them unstored", len(entries), exc_info=True)
    return {entry.concert_id: entry.vevent for entry in entries}


# --- Calendars ---------------------------------------------------------------------------------


def build_calendar(events, name):
    """A VCALENDAR with the VEVENTs of `events` (see stored_events) and one VTIMEZONE per venue zone used."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{uid_host()}//Concerts//{current_language().upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", clean_text(name, single_line=True))
    calendar.add("x-wr-caldesc", gettext("Concert times are in each venue's local time zone."))
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")

    years = {}  # zone -> (first year, last year) over the concerts there
    for event in events:
        year = event.starts_at.year
        first, last = years.get(event.zone, (year, year))
        # A year either side (clamped to the years a date can hold: vtimezone() ends a year after `last`).
        years[event.zone] = (max(1, min(first, year - 1)), min(9998, max(last, year + 1)))
    for zone in sorted(years):
        calendar.add_component(vtimezone(zone, *years[zone]))
    envelope = calendar.to_ical()
    # The events go where icalendar would put them, before the closing line; each is icalendar's own
    # serialisation of that VEVENT, as stored.
    assert envelope.endswith(END_OF_CALENDAR)
    return b"".join((
        envelope[: -len(END_OF_CALENDAR)], "".join(event.vevent for event in events).encode(), END_OF_CALENDAR
    ))
