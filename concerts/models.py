"""Venues, concerts (stored in UTC, shown in the venue's zone), their programmes and performers.

Saving a row derives only that row's own fields (a concert's SEQUENCE). Work on other rows lives in
services.py (copy, reschedule, status changes) and signals.py (calendar entries and the SEQUENCE of a
venue's concerts when the venue changes).
"""

import unicodedata
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy as _, ngettext, pgettext_lazy
from django.core.exceptions import ValidationError
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import NotSupportedError, connections, models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fansite.change_tracking import ChangeTrackedModel
from fansite.templatetags.translated import long_date
from fansite.images.hardening import HardenedImageField
from fansite.images.models import RenditionedImage
from fansite.images.uploads import generated_name
from django_countries.fields import CountryField
from fansite.publishing import Publishable, PublishableQuerySet, published_q
from fansite.slug_urls import slug_url
from profiles.models import ArtistProfile

from .countries import country_name
from .timezones import get_zone, local_time, timezone_choices, validate_timezone, zone_label


def concert_image_path(instance, filename):
    return generated_name("concerts", filename)


class Venue(ChangeTrackedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=_("Street and postcode."))
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=timezone_choices,
        validators=[validate_timezone],
        help_text=_("IANA time zone of the venue, e.g. Europe/Moscow. Concert times are entered and shown in it."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    # The venue's name, address and zone are part of every concert's calendar entry, so an edit of these
    # is a revision of those events too (concerts/signals.py).
    tracked_fields = ("name", "address", "city", "country", "timezone", "latitude", "longitude")

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    def get_absolute_url(self):
        return slug_url("venues:detail", self.slug)

    @property
    def full_address(self):
        """One line for calendar LOCATION; the city is left out when the street address already names it."""
        return ", ".join(part for part in (self.name, self.address, self.city_unless_in_address, self.country_name)
                         if part)

    @property
    def country_name(self):
        """The country's name in the active language ("Russia", "Россия"); `country` holds its ISO code."""
        return country_name(self.country.code)

    @property
    def city_unless_in_address(self):
        """The city, or "" when the street address already names it: pages then never say the city twice."""
        return "" if self.city and self.city in self.address else self.city

    @property
    def zone(self):
        return get_zone(self.timezone)

    @property
    def time_label(self):
        """'Moscow time', 'New York time': how the page names the zone of the times it shows."""
        return zone_label(self.timezone)


SEARCH_DOCUMENT_FIELDS = frozenset({"search_text", "search_vector"})


class ConcertQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def bookable(self):
        """Concerts a visitor can still buy a ticket for: on sale (neither sold out nor called off)."""
        return self.filter(status=Concert.Status.ON_SALE)

    def without_moved(self):
        """Leaves out a concert moved to another date once the performance at that date exists: a listing
        shows the performance once, at its new date (its row says when it was first announced for)."""
        return self.exclude(status=Concert.Status.RESCHEDULED, rescheduled_to__isnull=False)

    def for_listing(self):
        """Concerts with everything a listing could show, in three queries: the venue and the performances
        they moved to or replace (joined), the ticket link on sale now, the programmes and performers.
        Listing rows read less (`for_rows`)."""
        return (self.select_related("venue", "rescheduled_to__venue", "rescheduled_from__venue").with_ticket_url()
                .prefetch_related(*programme_prefetches()))

    def for_rows(self):
        """What listing rows show (includes/concert_row.html, through `{% concert_rows %}`), for pages that show
        nothing else of these concerts' programmes, performers and moves: the concert and its venue, its
        ticket link on sale now, and `replaced_concert_id`. `{% concert_rows %}` loads the rest, for the
        rows it renders only (`load_what_rows_show`): their programme rows with works and composers, their
        performers, and the performances they moved to or replace, with their venues, by one query only
        if there are any. Joining those moved performances (four joins) cost 3.5 ms a listing at 100,000
        concerts, though few rows have one.

        With the fragment cache on, also `rows_digest` (`RowsDigest`): the version the database keeps of
        those other records, new at any change to one of them (`RowsVersion`, by triggers). The
        fragment cache keys a row on it (`concerts.templatetags.listing_rows.row_inputs`) as it would on the
        records, so a page whose rows are all in the cache, as after an edit of some other concert, reads
        none of them: reading them with each page was most of a listing's database work (two more queries
        and some 250 records for 20 rows). The version and the records a row is rendered from are read by
        two queries: a row rendered from records saved in between is kept under the earlier version, where
        only requests that read that version find it.
        With the fragment cache off, where every row is rendered, `{% concert_rows %}` loads them for every
        row."""
        rows = self.select_related("venue").with_ticket_url().annotate(replaced_concert_id=ReplacedConcertId())
        if self.versions_in_database():
            rows = rows.annotate(rows_digest=RowsDigest())
        return rows

    def row_keys(self):
        """For listings that only show rows (`{% concert_rows %}`), with the fragment cache on: each concert
        as the values of a `ListedConcert`, those its row's fragment key is made of (`RowKey`: the version
        the database keeps of the concert and the records `RowsDigest` covers, and on PostgreSQL a hash of
        its venue's columns; its start, status and ticket link on sale now, for what the clock decides).
        `{% concert_rows %}` reads the concerts whole (`for_rows`) only for the rows not in the cache, so a
        page whose rows are all kept, as after an edit of some other concert, makes no model instance: a
        listing's 21 concerts and venues as instances, and their wider query, were 2 ms of its 9 ms in
        Python on PostgreSQL; on SQLite, where the records themselves keyed the rows before it had the
        triggers, the archive's page 50 went from 16.5 to 7.5 ms (262 records read and hashed). With the
        fragment cache off, `for_rows`."""
        if not self.versions_in_database():
            return self.for_rows()
        return (self.annotate(first_ticket_url=FirstTicketUrl(timezone.now()), row_key=RowKey())
                .values_list(*ListedConcert._fields, named=True))

    def for_entries(self):
        """What a calendar event or an Atom entry shows of a concert (`concerts/calendars.py`,
        `concerts/feeds.py`): its venue and the performance it moved to, with that one's venue, in the same
        query. Not `for_listing`: neither shows a programme, performers or a ticket link, and loading them
        cost two queries and some 400 records for a feed of 100 entries."""
        return self.select_related("venue", "rescheduled_to__venue")

    def with_ticket_url(self, now=None):
        """Each concert with `first_ticket_url`: the first of its ticket links on sale now (what
        `Concert.ticket_url` reads), as a subquery (`FirstTicketUrl`), so a listing row's "Tickets" button
        costs no query."""
        return self.annotate(first_ticket_url=FirstTicketUrl(now or timezone.now()))

    def versions_in_database(self):
        """Whether listing rows and concert pages are keyed on the versions the database keeps of a concert's
        records (`RowsDigest`, `RowKey`, `PageDigest`): with the fragment cache on, on PostgreSQL and SQLite
        (their triggers)."""
        return connections[self.db].vendor in {"postgresql", "sqlite"} and settings.FRAGMENT_CACHE_SECONDS > 0

    def for_page(self, now=None):
        """What a concert page reads first (ConcertDetailView): `for_detail`, but with the fragment cache on
        (`versions_in_database`), the concert, its venue and series and `page_digest` (`PageDigest`) only; the
        page's other records are loaded only if its article is rendered (concerts/views.py, `concert_page`)."""
        if self.versions_in_database():
            return (self.select_related("venue", "series").defer(*SEARCH_DOCUMENT_FIELDS)
                    .annotate(replaced_concert_id=ReplacedConcertId(), page_digest=PageDigest(now or timezone.now())))
        return self.for_detail()

    def for_detail(self):
        """What a concert page shows of the concert itself: its venue, series, programme, performers and
        ticket links, and `replaced_concert_id`. The performances it moved to or replaces are loaded
        afterwards, only if there are any (`load_moves`); the artist's name and portrait come from the
        page frame (`fansite/page_frame.py`, cached), and the search columns are not read. Joining both
        moved performances with their venues, and the artist's profile as five subqueries, made this one
        query cost 7 ms of compiling and 2 ms of planning per page (1,000 and 100,000 concerts alike)."""
        return (
            self.select_related("venue", "series").defer(*SEARCH_DOCUMENT_FIELDS)
            .prefetch_related(*programme_prefetches(), "ticket_links")
            .annotate(replaced_concert_id=ReplacedConcertId())
        )

    def in_calendar_window(self, now=None):
        """What a calendar subscriber needs: the next CALENDAR_MAX_UPCOMING concerts and the latest
        CALENDAR_MAX_PAST of the last CALENDAR_PAST_DAYS days, so the subscribed calendar stops growing with
        the archive or with a long announced season (the archive download has all). Apply it after any
        other filter (a city's calendar holds that city's next concerts), as it picks rows by position."""
        now = now or timezone.now()
        upcoming = self.upcoming(now).values("pk")[: settings.CALENDAR_MAX_UPCOMING]
        recent = (self.past(now).filter(starts_at__gte=now - timedelta(days=settings.CALENDAR_PAST_DAYS))
                  .values("pk")[: settings.CALENDAR_MAX_PAST])
        # One set of at most CALENDAR_MAX_UPCOMING + CALENDAR_MAX_PAST keys, a UNION: PostgreSQL knows its
        # size and reads those rows by key. Asked as `pk IN (…) OR pk IN (…)`, it guessed a third of all
        # concerts and hashed every row of the concerts and of the stored entries (200–280 ms at 100,000
        # concerts against 17 ms; tests/test_query_plans.py). SQLite refuses LIMIT in a UNION's parts, and
        # has no such planner: there the two stay apart.
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return self.filter(Q(pk__in=upcoming) | Q(pk__in=recent))
        return self.filter(pk__in=upcoming.union(recent, all=True))

    def for_calendar(self):
        return self.for_entries().order_by("starts_at", "pk")


class SQLPerConcert(models.Expression):
    """SQL of our own about each concert of a query, written by `sql(quote, concert_table)` against the
    alias the query gives the concert's table (`concert_table`, quoted), with `params` for its `%s` (a
    datetime among them adapted as the backend stores one: SQLite compares them as text). PostgreSQL's
    only, unless a subclass's SQL is plain enough for every backend and says so (`portable`), or has
    SQLite's own (`sqlite_sql`, written like `sql`)."""

    portable = False
    sqlite_sql = None
    params = ()

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor == "sqlite" and self.sqlite_sql is not None:
            write = self.sqlite_sql
        elif self.portable or connection.vendor == "postgresql":
            write = self.sql
        else:
            raise NotSupportedError(f"{type(self).__name__} is PostgreSQL's")
        quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
        params = tuple(adapt(value) if isinstance(value, datetime) else value for value in self.params)
        return write(quote, quote(compiler.query.base_table)), params


# What a digest holds in place of a missing version (`RowsDigest`), before a random value: hexadecimal
# hashes and versions never contain it.
UNVERSIONED = "none:"


def is_versioned(digest):
    """Whether a digest the database made (`RowsDigest`, `RowKey`, `PageDigest`) holds a version: one that does
    not is random, and what is rendered under it is not worth keeping (no request will ask for it again)."""
    return UNVERSIONED not in digest


class RowsDigest(SQLPerConcert):
    """For each concert: the version of its own row and of the other records its listing row shows
    (`RowsVersion`, kept by triggers: migrations 0025 and 0027 on PostgreSQL, concerts/row_versions.py on
    SQLite), or a random value should a concert have none (its triggers turned off for a bulk load, say):
    such a row is rendered each time and not kept (`is_versioned`), rather than kept under a key that would
    not follow its changes. Those records: its programme rows with their works and composers, its performer
    rows with their records, the performance it moved to and the one it replaces, each with its venue; on
    SQLite its own venue too."""

    output_field = models.TextField()

    def sql(self, quote, concert):
        versions = quote(RowsVersion._meta.db_table)
        return (f"coalesce((SELECT r.version::text FROM {versions} r WHERE r.concert_id = {concert}.id),"
                f" '{UNVERSIONED}' || gen_random_uuid()::text)")

    def sqlite_sql(self, quote, concert):
        versions = quote(RowsVersion._meta.db_table)
        return (f"coalesce((SELECT r.version FROM {versions} r WHERE r.concert_id = {concert}.id),"
                f" '{UNVERSIONED}' || hex(randomblob(16)))")


class RowKey(RowsDigest):
    """For each concert: `RowsDigest`'s version, which covers the concert's own row too, and on PostgreSQL a
    hash of its venue's row, whole (SQLite's triggers give a venue's concerts new versions instead): with
    what the clock decides, everything a listing row shows (`ConcertQuerySet.row_keys`)."""

    def sql(self, quote, concert):
        venues = quote(Venue._meta.db_table)
        venue = f"(SELECT md5(v::text) FROM {venues} v WHERE v.id = {concert}.venue_id)"
        return f"concat_ws(':', {venue}, {super().sql(quote, concert)})"


class ListedConcert(NamedTuple):
    """A concert as `ConcertQuerySet.row_keys` reads it (`values_list(named=True)`'s fields)."""

    pk: int
    starts_at: datetime
    status: str
    first_ticket_url: str | None
    row_key: str

    @property
    def is_past(self):
        return has_started(self.starts_at)

    @property
    def ticket_url(self):
        return self.first_ticket_url or ""

    @property
    def tickets_available(self):
        return tickets_on_offer(self.status, self.starts_at, self.ticket_url)


def has_started(starts_at):
    """Whether a concert starting at `starts_at` is past: `Concert.is_past` and `ListedConcert.is_past`."""
    return starts_at < timezone.now()


def tickets_on_offer(status, starts_at, ticket_url):
    """Whether a concert's listing row offers its "Tickets" button: on sale, still to come, and with a link
    on sale now (`ticket_url`). `Concert.tickets_available` and `ListedConcert.tickets_available`."""
    return status == Concert.Status.ON_SALE and not has_started(starts_at) and bool(ticket_url)


class PageDigest(RowsDigest):
    """For each concert: `RowsDigest`'s version and, beside it, a hash of its ticket links and of those of the
    performance it moved to, each link whole with whether it is on sale at `now`: what a concert page
    shows beyond the concert, its venue and its series (concerts/views.py, `concert_page`). With it, a
    page whose article is in the fragment cache reads no programme, performer or ticket link rows.
    SQLite has no hash function: there the links are given whole, each column quoted (a concert has a
    few), and the fragment key hashes them."""

    def __init__(self, now):
        super().__init__()
        self.params = (now, now)

    # Whose links: the concert's, and the performance's it moved to (a key column of the concert's row).
    LINKS_OF = ("id", "rescheduled_to_id")
    ON_SALE = "(t.on_sale_at IS NULL OR t.on_sale_at <= %s)"

    def sql(self, quote, concert):
        links = quote(TicketLink._meta.db_table)
        hashed = ", ".join(
            f"coalesce(md5((SELECT string_agg(concat(t::text, {self.ON_SALE}), ',' ORDER BY t.id)"
            f" FROM {links} t WHERE t.concert_id = {concert}.{key})), '-')" for key in self.LINKS_OF)
        return f"concat_ws(':', {super().sql(quote, concert)}, {hashed})"

    def sqlite_sql(self, quote, concert):
        links = quote(TicketLink._meta.db_table)
        row = " || ',' || ".join(f"quote(t.{quote(field.column)})" for field in TicketLink._meta.concrete_fields)
        whole = " || ':' || ".join(
            f"coalesce((SELECT group_concat(link, ';') FROM (SELECT {row} || ',' || {self.ON_SALE} AS link"
            f" FROM {links} t WHERE t.concert_id = {concert}.{key} ORDER BY t.id)), '-')" for key in self.LINKS_OF)
        return f"{super().sqlite_sql(quote, concert)} || ':' || {whole}"


class FirstTicketUrl(SQLPerConcert):
    """For each concert: the address of its first ticket link (in the links' order) on sale at `now` that
    has an address and is not a returns list, or NULL: `Concert.ticket_url`'s rule, which
    tests/test_tickets.py holds the two to. Plain SQL that every backend runs: the same as an ORM
    Subquery of TicketLink.objects.on_sale() cost 1.2 ms a listing to build and compile, a third of the
    listing's query (the Subquery's queryset is built, cloned and its aliases renamed on each request)."""

    output_field = models.TextField()
    portable = True

    def __init__(self, now):
        super().__init__()
        self.params = (now, TicketLink.Kind.RETURNS.value)

    def sql(self, quote, concert):
        links, order = quote(TicketLink._meta.db_table), quote("order")
        return (f"(SELECT t.url FROM {links} t WHERE t.concert_id = {concert}.id"
                f" AND (t.on_sale_at IS NULL OR t.on_sale_at <= %s) AND t.url <> '' AND t.kind <> %s"
                f" ORDER BY t.{order}, t.id LIMIT 1)")


class ReplacedConcertId(SQLPerConcert):
    """For each concert: the key of the performance it replaces (moved to its date), or NULL. Plain SQL
    that every backend runs (the ORM's Subquery of the same cost more to compile than the query saves)."""

    output_field = models.BigIntegerField()
    portable = True

    def sql(self, quote, concert):
        return f"(SELECT m.id FROM {quote(Concert._meta.db_table)} m WHERE m.rescheduled_to_id = {concert}.id)"


def has_rows_digest(concert):
    """Whether `concert` was read with the database's version of the other records its row shows
    (`ConcertQuerySet.for_rows` with the fragment cache on)."""
    return "rows_digest" in concert.__dict__


def has_page_digest(concert):
    """Whether `concert` was read with the database's digest of the other records its page shows
    (`ConcertQuerySet.for_page` with the fragment cache on)."""
    return "page_digest" in concert.__dict__


def load_moves(concerts):
    """The performances `concerts` moved to or replace, with their venues, in one query, and only if there
    are any. Set as `rescheduled_to` and `rescheduled_from`, so neither is read again. What a concert
    replaces is known for concerts read with `replaced_concert_id` (`for_rows`, `for_detail`); any other
    concert finds it itself (`replaced_concert`, one query)."""
    replaced = {concert.pk: concert.__dict__.get("replaced_concert_id") for concert in concerts}
    moved = ({concert.rescheduled_to_id for concert in concerts} | set(replaced.values())) - {None}
    if not moved:
        return
    moved = Concert.objects.select_related("venue").defer(*SEARCH_DOCUMENT_FIELDS).in_bulk(moved)
    for concert in concerts:
        if concert.rescheduled_to_id in moved:
            concert.rescheduled_to = moved[concert.rescheduled_to_id]
        if replaced[concert.pk] in moved:
            concert.rescheduled_from = moved[replaced[concert.pk]]


def load_what_rows_show(concerts):
    """For concerts read with `ConcertQuerySet.for_rows` whose rows are about to be rendered or keyed: what
    their rows show of their programmes and performers (`row_composers`, `row_main_performers`: two
    queries), and the performances they moved to or replace, with their venues, in one more query only if
    there are any. Concerts already loaded are left alone.

    Why not the programme and performers as records (`programme_prefetches`): a row shows the composers of
    its first two works and its first two performers, and no programme row or work. Read whole, the records
    of a venue page's 30 rows were some 400 model instances (programme rows, works, composers, performers),
    8.4 ms to load; read as columns, each composer and performer made once however many rows show them,
    4.4 ms."""
    concerts = [concert for concert in concerts if "row_composers" not in concert.__dict__]
    if not concerts:
        return
    keys = {concert.pk for concert in concerts}
    composers = _records_per_concert(ProgrammeItem, "work__composer", Composer, keys)
    performers = _records_per_concert(Collaborator, "performer", Performer, keys)
    for concert in concerts:
        concert.row_composers = _first_distinct(composers.get(concert.pk, ()), 2)
        concert.row_main_performers = performers.get(concert.pk, [])[:2]
    load_moves(concerts)


def _records_per_concert(through, path, model, concert_keys):
    """{concert key: [the `model` record each of its `through` rows leads to by `path`, in the rows' order]},
    in one query, each record made once (from its columns, read beside its rows' concert)."""
    names = [field.attname for field in model._meta.concrete_fields]
    rows = (through.objects.filter(concert_id__in=concert_keys).order_by("concert_id", *through._meta.ordering)
            .values_list("concert_id", *(f"{path}__{name}" for name in names)))
    key_at, made, per_concert = names.index(model._meta.pk.attname), {}, {}
    database = through.objects.db
    for concert_key, *values in rows:
        record = made.get(values[key_at])
        if record is None:
            record = made[values[key_at]] = model.from_db(database, names, values)
        per_concert.setdefault(concert_key, []).append(record)
    return per_concert


def _first_distinct(records, count):
    """The first `count` distinct records of `records`, in order."""
    chosen = []
    for record in records:
        if record not in chosen:
            chosen.append(record)
            if len(chosen) == count:
                break
    return chosen


def programme_prefetches():
    """A concert's programme with its works and composers, and its performers with their records: one
    query each, however many concerts are listed (the relations' prefetched querysets)."""
    return [
        models.Prefetch("programme", queryset=ProgrammeItem.objects.select_related("work__composer")),
        models.Prefetch("collaborators", queryset=Collaborator.objects.select_related("performer")),
    ]


class Concert(ChangeTrackedModel, Publishable, RenditionedImage):
    class Status(models.TextChoices):
        ON_SALE = "on_sale", _("On sale")
        SOLD_OUT = "sold_out", _("Sold out")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    # Taking place as announced (not cancelled, postponed or moved): what the repertoire counts.
    GOING_AHEAD = (Status.ON_SALE, Status.SOLD_OUT)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="concerts")
    starts_at = models.DateTimeField(_("starts"), db_index=True, help_text=_("Stored in UTC; entered in the venue's time zone."))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), null=True, blank=True, help_text=_("Approximate length including interval; leave empty if not known.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ON_SALE)
    rescheduled_to = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rescheduled_from",
        verbose_name=_("new performance"),
        help_text=_("For a rescheduled concert: the concert at the new date. This page keeps its URL and links to it."),
    )
    series = models.ForeignKey(
        "Series", null=True, blank=True, on_delete=models.SET_NULL, related_name="concerts",
        verbose_name=_("series"), help_text=_("The tour, festival, residency or season cycle it belongs to, if any."),
    )
    organizer_name = models.CharField(_("organizer"), max_length=200, blank=True)
    organizer_url = models.URLField(_("organizer website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    sequence = models.PositiveIntegerField(_("sequence"),
        default=0, editable=False, help_text=_("Revision number of the calendar entry (iCalendar SEQUENCE).")
    )
    image = HardenedImageField(_("image"),
        upload_to=concert_image_path, blank=True,
        help_text=_("Optional picture for the concert page and link previews (else the artist portrait is used)."),
    )
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    image_alt_field_name = "image_alt"
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False,
        help_text=_("When the concert was first saved as published; until then its address follows its title."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # What site search and the admin's search read (concerts/search.py keeps them): the title, the venue
    # and the programme and performers in every language, stored so that a search reads one row per
    # concert instead of joining and parsing them per request.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)  # PostgreSQL only

    objects = ConcertQuerySet.as_manager()

    class Meta:
        verbose_name = _("concert")
        verbose_name_plural = _("concerts")
        ordering = ["starts_at", "pk"]
        indexes = [
            # The published concerts in start order, with their keys and publication window: the listings
            # read their rows' keys from it alone (an index-only scan on PostgreSQL, a covering index on
            # SQLite), in order, with no visit to the table: the past archive's page 50 skips 1,000 rows
            # (concerts.pagination.RowsByKeyPaginator). On (is_published, starts_at) it visited each skipped
            # row in the table: at 10,000 concerts 1.8 -> 0.9 ms on PostgreSQL (whose migration 0026 had it
            # with INCLUDE), 0.9 -> 0.1 ms on SQLite (SQLite has no INCLUDE: migration 0029 makes it here).
            # `is_published` is a column too, though the condition fixes it: SQLite reads from the table a
            # column its query names that the index does not hold, condition or not.
            models.Index(fields=["starts_at", "id", "publish_from", "publish_until", "is_published"],
                         condition=models.Q(is_published=True), name="concert_published_start_keys"),
            # The listings read published rows in start order through the index above; a venue's next and
            # recent concerts through this one, a range of exactly its published rows in start order,
            # whatever the archive's size (EXPLAIN at scale: tests/test_query_plans.py).
            models.Index(fields=["venue", "starts_at", "id"], condition=models.Q(is_published=True),
                         name="concert_public_venue_start"),
            # Likewise a series' first and last concerts (`SeriesQuerySet.with_dates`, the tours' list) and its
            # page's concerts. With the series key's index alone, SQLite walked every published concert in
            # start order to find a series' first one: the tours' list took 25 ms at 10,000 concerts, against
            # 7 at 1,000 (tests/test_series.py reads its plan).
            models.Index(fields=["series", "starts_at", "id"], condition=models.Q(is_published=True),
                         name="concert_public_series_start"),
            # The latest change to a published concert (the feeds', sitemap's and listings' date): read
            # backwards from the newest row instead of a MAX over every published concert (20 ms at 100,000,
            # asked by several sitemap sections).
            models.Index(fields=["updated_at"], condition=models.Q(is_published=True), name="concert_published_updated"),
            # The GIN index of `search_vector` is made by migration 0010 on PostgreSQL only (SQLite has none),
            # and the repertoire's covering index `concert_repertoire_columns` by migration 0023.
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url_of(self.slug)

    @staticmethod
    def url_of(slug):
        """The page of the concert with `slug`, for rows read without an instance."""
        return slug_url("concerts:detail", slug)

    def get_calendar_url(self):
        return slug_url("concerts:concert_calendar", self.slug)

    # --- Revisions ----------------------------------------------------------------------------
    # Calendar apps only replace an event they already hold when its SEQUENCE grows, so every save
    # that changes the concert raises it. Bookkeeping and derived fields are not changes.
    untracked_fields = frozenset({"id", "sequence", "created_at", "updated_at", "renditions", "first_published_at",
                                  "search_text", "search_vector"})

    @property
    def has_changes(self):
        """Whether a field visitors or calendars see differs from the row as loaded or last saved."""
        return bool(self.tracker.changed())

    def save(self, *args, **kwargs):
        if self.is_published and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        if not self._state.adding and self.has_changes:
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None \
                and not kwargs.get("force_insert") and not (args and args[0]):
            # The search document is written only by refresh_search_documents (search.py): an instance loaded
            # before its programme changed would otherwise write its stale, or empty, document back.
            fields = [field.name for field in self._meta.concrete_fields
                      if not field.primary_key and field.name not in SEARCH_DOCUMENT_FIELDS]
            try:
                return super().save(*args, **{**kwargs, "update_fields": fields})
            except self.NotUpdated:  # no such row (a deleted concert recovered from its history): insert it
                pass
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.RESCHEDULED and not self.rescheduled_to_id:
            raise ValidationError({"rescheduled_to": _("Choose the concert at the new date (add it first if needed).")})
        if self.rescheduled_to_id and self.status != self.Status.RESCHEDULED:
            raise ValidationError(
                {"rescheduled_to": _("Only a rescheduled concert links to a new performance: set the status to "
                                     "“Rescheduled” or clear this field.")}
            )
        if self.rescheduled_to_id and self.is_published and not self.rescheduled_to.is_published:
            raise ValidationError({"rescheduled_to": _("Publish the new performance first: visitors are sent to it.")})
        if self.rescheduled_to_id:
            seen, step = {self.pk}, self.rescheduled_to_id
            while step is not None:  # A → B → A would send visitors in circles
                if step in seen:
                    raise ValidationError({"rescheduled_to": _("This would link the concert back to itself.")})
                seen.add(step)
                step = Concert.objects.filter(pk=step).values_list("rescheduled_to_id", flat=True).first()

    # --- Time -----------------------------------------------------------------------------------

    @property
    def local_starts_at(self):
        """The start in the venue's zone, for display and for the admin form."""
        return local_time(self.starts_at, self.venue.timezone)

    @property
    def local_ends_at(self):
        if self.duration_minutes:
            return self.local_starts_at + timedelta(minutes=self.duration_minutes)
        return None

    @property
    def local_starts_at_iso(self):
        """ISO 8601 start with the venue's offset, whole seconds: HTML's datetime allows at most 3 decimals."""
        return self.local_starts_at.replace(microsecond=0).isoformat()

    @property
    def local_start_text(self):
        """'Tuesday 10 March 2030, 19:30 Moscow time': the start in words, for feeds and calendar text."""
        when = self.local_starts_at
        return f"{long_date(when, gettext('l j F Y'))}, {date_format(when, 'H:i')} {self.venue.time_label}"

    @property
    def is_past(self):
        return has_started(self.starts_at)

    @property
    def replaced_concert(self):
        """The earlier performance this one replaces (reverse side of `rescheduled_to`), or None."""
        if "replaced_concert_id" in self.__dict__ and self.replaced_concert_id is None:
            return None  # read with it (`for_rows`, `for_detail`): there is none
        try:
            return self.rescheduled_from
        except Concert.DoesNotExist:
            return None

    @property
    def previous_starts_at(self):
        """When the performance that really takes place was first meant to start, in that first venue's
        local time; None unless the concert moved. For a concert moved away, its own start; for the
        performance at the new date (still going ahead), the start of the concert it replaces."""
        if self.status == self.Status.RESCHEDULED and self.rescheduled_to:
            return self.local_starts_at
        old = self.replaced_concert
        if old is not None and self.status in self.GOING_AHEAD:
            return old.local_starts_at
        return None

    @property
    def is_called_off(self):
        """Not happening at this date: cancelled, postponed, or moved to another date."""
        return self.status in {self.Status.CANCELLED, self.Status.POSTPONED, self.Status.RESCHEDULED}

    @property
    def status_label(self):
        """Status in words; a past concert that was on sale or sold out is shown as performed."""
        if self.status in self.GOING_AHEAD and self.is_past:
            return _("Performed")
        # The choice's own label: get_status_display() makes the choices hashable on every call, 0.02 ms of
        # each listing row and admin changelist row.
        try:
            return str(self.Status(self.status).label)
        except ValueError:  # a value outside the choices, as get_status_display() shows it
            return self.status

    # --- Tickets ----------------------------------------------------------------------------------

    @property
    def shown_ticket_links(self):
        """The ticket links a visitor sees: none for a past or called-off concert; for a sold-out one only
        its returns/waiting-list links; else every link but those (a link not yet on sale says when)."""
        if self.is_past or self.is_called_off:
            return []
        sold_out = self.status == self.Status.SOLD_OUT
        return [link for link in self.ticket_links.all() if link.is_returns == sold_out]

    @property
    def ticket_url(self):
        """The first ticket link on sale now (the listing's "Tickets" button), or "". Listings load it with
        the concert (`ConcertQuerySet.with_ticket_url`); otherwise it is read from the links."""
        if "first_ticket_url" in self.__dict__:
            return self.first_ticket_url or ""
        return next((link.url for link in self.ticket_links.all()
                     if link.url and link.is_on_sale and not link.is_returns), "")

    @property
    def tickets_available(self):
        return tickets_on_offer(self.status, self.starts_at, self.ticket_url)

    @property
    def offers_calendar(self):
        """Whether "Add to calendar" makes sense: the concert is still to come and going ahead."""
        return not self.is_past and not self.is_called_off

    # --- Publication times are read and typed in the venue's zone, like the start -----------------

    @property
    def publication_zone(self):
        return self.venue.zone

    @property
    def publication_zone_label(self):
        return self.venue.time_label

    @property
    def picture(self):
        """What the concert page shows as its picture: the concert's own image, else the artist's portrait
        (`artist_portrait`, which the concert page sets from the page frame, so no query), else None. Either
        is a RenditionedImage for `{% picture %}`; the portrait stands in as decoration, so its alt text is
        empty."""
        if self.image:
            return self
        portrait = getattr(self, "artist_portrait", None)
        if portrait is None:
            return None
        return ArtistProfile(portrait=portrait.portrait.name, portrait_alt="", renditions=portrait.renditions or {},
                             focal_x=portrait.focal_x, focal_y=portrait.focal_y)

    @property
    def programme_highlights(self):
        """The composers of the first two works (distinct, in order), for a listing row: as loaded for
        listing rows (`load_what_rows_show`), or else read."""
        if "row_composers" in self.__dict__:
            return self.row_composers
        return _first_distinct((item.work.composer for item in self.programme.all()), 2)

    @property
    def main_performers(self):
        """The first two performers (an orchestra and its conductor, a pianist…), their records, for a
        listing row: as loaded for listing rows (`load_what_rows_show`), or else read."""
        if "row_main_performers" in self.__dict__:
            return self.row_main_performers
        return [person.performer for person in self.collaborators.all()[:2]]

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()]


class PreviousAddress(models.Model):
    """An address (slug) a published concert had before an editor changed it: it redirects to the concert,
    so that links, search results and calendar subscriptions keep working. Kept in concerts/signals.py."""

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="previous_addresses")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("previous address")
        verbose_name_plural = _("previous addresses")

    def __str__(self):
        return self.slug


def series_image_path(instance, filename):
    return generated_name("series", filename)


class SeriesQuerySet(models.QuerySet):
    def with_dates(self):
        """Each series with `first_starts_at` and `last_starts_at`: the first and last start of its published
        concerts (None when it has none), and those concerts' venue zones (`first_zone_name`,
        `last_zone_name`) for `Series.first_date` and `last_date`. A series' dates are its concerts', never
        typed."""
        # Subqueries per series on its own published concerts in start order (`concert_public_series_start`),
        # not a MIN/MAX grouped over a join with every published concert: the tours' list took 107 ms at
        # 100,000 concerts.
        concerts = Concert.objects.published().filter(series=models.OuterRef("pk"))
        first, last = concerts.order_by("starts_at", "pk"), concerts.order_by("-starts_at", "-pk")
        return self.annotate(
            first_starts_at=models.Subquery(first.values("starts_at")[:1]),
            last_starts_at=models.Subquery(last.values("starts_at")[:1]),
            first_zone_name=models.Subquery(first.values("venue__timezone")[:1]),
            last_zone_name=models.Subquery(last.values("venue__timezone")[:1]),
        )

    def public(self):
        """Series with at least one published concert: a series page lists its published concerts, so one
        without any has nothing to show (and an editor's draft tour stays unseen)."""
        return self.filter(models.Exists(Concert.objects.published().filter(series=models.OuterRef("pk"))))


class Series(RenditionedImage):
    """A tour, festival, residency or season cycle: concerts that belong together. Its dates come from
    its published concerts (`SeriesQuerySet.with_dates`)."""

    class Kind(models.TextChoices):
        TOUR = "tour", _("Tour")
        FESTIVAL = "festival", _("Festival")
        RESIDENCY = "residency", _("Residency")
        SEASON = "season", _("Season cycle")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=200, unique=True,
                            help_text=_("The series' address on the site, made from its name."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOUR)
    description = models.TextField(_("description"), blank=True)
    image = HardenedImageField(_("image"), upload_to=series_image_path, blank=True,
                               help_text=_("Optional picture for the series page and link previews."))
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    image_alt_field_name = "image_alt"
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("concerts:series", self.slug)

    def get_calendar_url(self):
        return slug_url("concerts:series_calendar", self.slug)

    def get_feed_url(self):
        return slug_url("concerts:series_feed", self.slug)

    @property
    def first_date(self):
        """The day the first concert starts, in its venue's zone (from `SeriesQuerySet.with_dates`)."""
        return local_time(self.first_starts_at, self.first_zone_name).date()

    @property
    def last_date(self):
        """The day the last concert starts, in its venue's zone: a New York concert at 20:00 on 31 October
        ends a tour on 31 October, not on 1 November (UTC)."""
        return local_time(self.last_starts_at, self.last_zone_name).date()

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()]


class RowsVersion(models.Model):
    """A version of the records a concert's listing row shows but its venue: the concert itself, its
    programme rows with their works and composers, its performer rows with their records, and the
    performances it moved to or replaces with their venues (on SQLite, its venue too). Triggers (migrations
    0025 and 0027 on PostgreSQL, concerts/row_versions.py on SQLite) give each concert a random version when
    it is made, and a new one in the same transaction as any change to one of those records, by save(),
    update(), delete() or SQL alike; `RowsDigest` reads it. Nothing else writes it, and backups leave it out
    (a restore makes new ones).

    Why triggers rather than a hash made when a page is read: that hash (joins and whole-row text of some
    ten records a row) cost PostgreSQL 1.3 ms of each listing's 1.5, on every request."""

    # No constraint: the triggers remove a deleted concert's version, and Django's deletions never wait on it.
    concert = models.OneToOneField(Concert, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                   related_name="+")
    version = models.UUIDField()

    class Meta:
        verbose_name = _("listing row version")
        verbose_name_plural = _("listing row versions")

    def __str__(self):
        return f"{self.concert_id}: {self.version}"


class TicketLinkQuerySet(models.QuerySet):
    def on_sale(self, now=None):
        """Links whose sale has begun (no on-sale moment, or one in the past)."""
        return self.filter(Q(on_sale_at__isnull=True) | Q(on_sale_at__lte=now or timezone.now()))


class TicketLink(models.Model):
    """One way to get tickets for a concert: a seller's page, its kind, its price and when sales open
    (`on_sale_at`, stored in UTC and entered in the venue's zone, like the concert's start)."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Tickets")
        PRESALE = "presale", _("Presale")
        MEMBERS = "members", _("Members")
        VIP = "vip", _("VIP")
        LIVESTREAM = "livestream", _("Livestream")
        RETURNS = "returns", _("Returns and waiting list")

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="ticket_links")
    seller = models.CharField(_("seller"), max_length=200, help_text=_("Who sells them, e.g. “Box office”."))
    url = models.URLField(_("link"), max_length=500, blank=True,
                          help_text=_("The seller's page for this concert; empty for tickets at the door only."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD,
                            help_text=_("“Returns and waiting list” is shown only when the concert is sold out."))
    price = models.DecimalField(_("lowest price"), max_digits=10, decimal_places=2, null=True, blank=True,
                                help_text=_("Number only, for search engines; the price text is what visitors read."))
    currency = models.CharField(
        _("currency"), max_length=3, blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code such as RUB, USD or EUR."))],
        help_text=_("ISO 4217 code, e.g. RUB, USD, EUR."),
    )
    price_text = models.CharField(_("price"), max_length=200, blank=True, help_text=_("e.g. “From 1 500 RUB”."))
    on_sale_at = models.DateTimeField(_("on sale from"), null=True, blank=True,
                                      help_text=_("Stored in UTC; entered in the venue's time zone. Empty: on sale now."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TicketLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        ordering = ["order", "pk"]
        # The page cache's next scheduled change looks up the next on-sale moment (fansite/page_cache.py).
        indexes = [models.Index(fields=["on_sale_at"], name="ticketlink_on_sale_at",
                                condition=Q(on_sale_at__isnull=False))]

    def __str__(self):
        return f"{self.seller} ({self.get_kind_display()})"

    def clean(self):
        super().clean()
        if self.price is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the lowest price.")})

    @property
    def is_on_sale(self):
        return self.on_sale_at is None or self.on_sale_at <= timezone.now()

    @property
    def is_returns(self):
        return self.kind == self.Kind.RETURNS

    @property
    def kind_note(self):
        """The kind in words beside the seller, except for ordinary tickets."""
        return "" if self.kind == self.Kind.STANDARD else self.get_kind_display()

    @property
    def action_label(self):
        """What its button says."""
        if self.kind == self.Kind.RETURNS:
            return _("Join the waiting list")
        if self.kind == self.Kind.LIVESTREAM:
            return _("Watch online")
        return _("Buy tickets")

    @property
    def local_on_sale_at(self):
        """When sales open, in the venue's zone (the concert's venue is loaded with it)."""
        return timezone.localtime(self.on_sale_at, self.concert.venue.zone) if self.on_sale_at else None

    @property
    def on_sale_text(self):
        """'Friday 3 March, 10:00 Moscow time': when sales open, in words, in the venue's zone."""
        when = self.local_on_sale_at
        if when is None:
            return ""
        day = long_date(when, gettext("l j F"))  # Friday 3 March (Russian: the genitive month)
        return f"{day}, {date_format(when, 'H:i')} {self.concert.venue.time_label}"


class CalendarEntry(models.Model):
    """
    A concert's VEVENT as the icalendar library serialised it, stored when the concert (or its venue, or
    the concert it moved to) is saved. A calendar feed is then one query and a join, however many
    concerts it holds: serialising 10,000 events takes icalendar seconds (see calendars.py).

    `revision` fingerprints what the text was made from (the concert's revision, the site address, the
    output format, the language); an entry whose fingerprint no longer matches is made again when a feed
    needs it, so rows written behind save()'s back (bulk_create, update()) are never served stale.
    One entry per concert and language: SUMMARY, DESCRIPTION and the dates in words are in that language.
    """

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="calendar_entries")
    language = models.CharField(_("language"), max_length=15)
    revision = models.CharField(_("revision"), max_length=64)
    vevent = models.TextField(_("vevent"))

    class Meta:
        verbose_name_plural = _("calendar entries")
        constraints = [
            models.UniqueConstraint(fields=["concert", "language"], name="calendar_entry_one_per_language"),
        ]

    def __str__(self):
        return _("Calendar entry of concert %(pk)s (%(language)s)") % {"pk": self.concert_id, "language": self.language}


class ProgrammeItem(ChangeTrackedModel):
    """One work on a concert's programme, in its place. What is played is a `Work` record shared by every
    concert that plays it (concerts/services.py: `concert_programme_set` finds or creates the records).
    A row given another work knows the one it had (`tracker`): the repertoire counts both again."""

    tracked_fields = frozenset({"work"})

    # Each indexed with the other (Meta.indexes), which serves its own lookups as well.
    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="programme", db_index=False)
    work = models.ForeignKey("Work", on_delete=models.PROTECT, related_name="performances", verbose_name=_("work"),
                             db_index=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name_plural = _("programme items")
        ordering = ["order", "pk"]
        verbose_name = _("programme item")
        indexes = [
            # A work's or composer's page walks the concerts in date order and asks of each whether it plays
            # the work: answered from this index alone. With the concert's index only, each probe read the
            # concert's programme rows from the table (at 100,000 concerts 613 probes, 2.9 → 1.1 ms).
            models.Index(fields=["concert", "work"], name="programme_concert_work"),
            # The repertoire's count of a work's concerts reads its programme rows' concerts from this index
            # alone (concerts.repertoire.refresh_entries; with the concerts' covering index of migration 0023).
            models.Index(fields=["work", "concert"], name="programme_work_concert"),
        ]

    def __str__(self):
        """'Composer: Work, Op. 35' (the site search index and the revision page read it)."""
        return self.work.programme_line


class Collaborator(models.Model):
    """Someone who performs with her at one concert, in a role: a `Performer` record shared by every concert
    with them (concerts/services.py: `concert_performers_set`)."""

    class Role(models.TextChoices):
        ORCHESTRA = "orchestra", _("Orchestra")
        CONDUCTOR = "conductor", _("Conductor")
        PIANIST = "pianist", _("Piano")
        ENSEMBLE = "ensemble", _("Ensemble")
        SOLOIST = "soloist", _("Soloist")
        OTHER = "other", _("Other")

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="collaborators")
    performer = models.ForeignKey(
        "Performer", on_delete=models.PROTECT, related_name="appearances", verbose_name=_("performer"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.performer.name} ({self.get_role_display()})"

    @property
    def name(self):
        """The performer's name in the page's language (the record's)."""
        return self.performer.name


# --- The programme as records: composers, works and performers shared by every concert -----------------

def lookup_key(*parts):
    """How two texts are told to be the same record: case, accents' composed form, spaces and the dots of
    abbreviations ("Op. 35", "op.35") do not count."""
    text = " ".join(unicodedata.normalize("NFKC", part or "") for part in parts)
    return " ".join(text.replace(".", " ").split()).casefold()


def default_language_value(obj, field):
    """`field` in the default language's column (`name_en`), whatever language is active: records are
    matched and addressed by it. Falls back to the field itself before translation columns exist."""
    return getattr(obj, f"{field}_{settings.LANGUAGE_CODE.replace('-', '_')}", None) or getattr(obj, field, "") or ""


class RepertoireEntry(models.Model):
    """What the repertoire page shows of one work, kept between requests (concerts/repertoire.py): how many
    published concerts that go ahead play it, and its first, latest and next of them, as computed at
    `computed_at`.

    It holds until `valid_until`, the next moment the clock alone changes it (one of those concerts starts,
    a scheduled publication begins or ends; at most a day ahead), unless an edit expired it since it was
    computed (`expired_at`, set by concerts/signals.py after the edit's commit). Derived data: left out of
    backups, made again by the page when missing or stale."""

    work = models.OneToOneField("Work", on_delete=models.CASCADE, related_name="repertoire_entry")
    times = models.PositiveIntegerField(default=0)
    first = models.ForeignKey(Concert, null=True, on_delete=models.SET_NULL, related_name="+")
    latest = models.ForeignKey(Concert, null=True, on_delete=models.SET_NULL, related_name="+")
    next = models.ForeignKey(Concert, null=True, on_delete=models.SET_NULL, related_name="+")
    computed_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    expired_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"Repertoire entry of work {self.work_id}"

    def is_current(self, now):
        return now < self.valid_until and (self.expired_at is None or self.expired_at < self.computed_at)


def performances(now=None):
    """Programme rows of published concerts that go ahead (not cancelled, postponed or moved away): what
    the repertoire counts."""
    return ProgrammeItem.objects.filter(
        published_q(now, prefix="concert__"), concert__status__in=Concert.GOING_AHEAD)


class WorkQuerySet(models.QuerySet):
    # Each of these asks, per record, whether one qualifying row exists (EXISTS, answered from the foreign
    # key's index, stopping at the first match), not whether the record is among all the ids the qualifying
    # rows name (IN, which reads every programme row of every published concert: 100-140 ms at 100,000
    # concerts for a handful of records).
    def in_repertoire(self, now=None):
        """Works performed or to be performed in a published concert, and works offered to presenters."""
        return self.filter(models.Q(models.Exists(performances(now).filter(work=models.OuterRef("pk"))))
                           | models.Q(is_offered=True))

    def with_public_concerts(self, now=None):
        """Works with a page: named in a published concert's programme (cancelled ones too, whose pages
        link to them), or offered. A work only in drafts stays unannounced."""
        named = ProgrammeItem.objects.filter(published_q(now, prefix="concert__"), work=models.OuterRef("pk"))
        return self.filter(models.Q(models.Exists(named)) | models.Q(is_offered=True))


class ComposerQuerySet(models.QuerySet):
    def in_repertoire(self, now=None):
        return self.filter(models.Exists(Work.objects.in_repertoire(now).filter(composer=models.OuterRef("pk"))))

    def with_public_concerts(self, now=None):
        """Composers with a page: of a work that has one (`WorkQuerySet.with_public_concerts`)."""
        return self.filter(models.Exists(Work.objects.with_public_concerts(now).filter(composer=models.OuterRef("pk"))))


class PerformerQuerySet(models.QuerySet):
    def with_public_concerts(self, now=None):
        """Performers of at least one published concert (their page lists it)."""
        return self.filter(models.Exists(Collaborator.objects.filter(
            published_q(now, prefix="concert__"), performer=models.OuterRef("pk"))))


class Composer(models.Model):
    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("name", "sort_name")

    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=200, help_text=_("As visitors read it, e.g. Pyotr Ilyich Tchaikovsky."))
    sort_name = models.CharField(
        _("sort name"), max_length=200, blank=True,
        help_text=_("How lists order it, e.g. Tchaikovsky, Pyotr Ilyich. Left empty, made from the name."))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(_("year of death"), null=True, blank=True)
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    key = models.CharField(max_length=200, unique=True, editable=False)

    objects = ComposerQuerySet.as_manager()

    class Meta:
        verbose_name = _("composer")
        verbose_name_plural = _("composers")
        ordering = ["sort_name", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("repertoire:composer", self.slug)

    def clean(self):
        super().clean()
        if Composer.objects.exclude(pk=self.pk).filter(key=lookup_key(default_language_value(self, "name"))).exists():
            raise ValidationError(_("There is already a composer with this name."))

    def save(self, *args, **kwargs):
        self.key = lookup_key(default_language_value(self, "name"))
        for code, _name in settings.LANGUAGES:
            suffix = code.replace("-", "_")
            name, sort_name = getattr(self, f"name_{suffix}", None), getattr(self, f"sort_name_{suffix}", None)
            if name and not sort_name and hasattr(self, f"sort_name_{suffix}"):
                setattr(self, f"sort_name_{suffix}", sort_name_of(name))
        super().save(*args, **kwargs)

    @property
    def dates(self):
        """'1840–1893', '1953–', '' : the years visitors see next to the name."""
        if self.birth_year and self.death_year:
            return f"{self.birth_year}–{self.death_year}"
        if self.birth_year:
            return f"{self.birth_year}–"
        return ""

    @property
    def short_name(self):
        """The family name alone (the sort name's first part): 'Tchaikovsky'."""
        return (self.sort_name or sort_name_of(self.name)).split(",")[0].strip()


def sort_name_of(name):
    """'Pyotr Ilyich Tchaikovsky' -> 'Tchaikovsky, Pyotr Ilyich'; a one-word name stays as it is."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name.strip()


class Work(models.Model):
    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("title", "composer.name", "catalogue_number")

    composer = models.ForeignKey(Composer, on_delete=models.PROTECT, related_name="works", verbose_name=_("composer"))
    title = models.CharField(_("title"), max_length=300, help_text=_("e.g. Violin Concerto in D major."))
    catalogue_number = models.CharField(
        _("catalogue number"), max_length=50, blank=True, help_text=_("e.g. Op. 64, BWV 1004"))
    is_offered = models.BooleanField(
        _("offered to presenters"), default=False,
        help_text=_("Listed on the repertoire page even before she has played it in a concert here."))
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    key = models.CharField(max_length=400, editable=False)

    objects = WorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["title", "catalogue_number"]
        constraints = [models.UniqueConstraint(fields=["composer", "key"], name="work_one_per_composer_title_number")]

    def __str__(self):
        return self.programme_line

    def get_absolute_url(self):
        return slug_url("repertoire:work", self.slug)

    def clean(self):
        super().clean()
        key = work_key(default_language_value(self, "title"), self.catalogue_number)
        if self.composer_id and Work.objects.exclude(pk=self.pk).filter(composer_id=self.composer_id, key=key).exists():
            raise ValidationError(_("This composer already has a work with this title and catalogue number."))

    def save(self, *args, **kwargs):
        self.key = work_key(default_language_value(self, "title"), self.catalogue_number)
        super().save(*args, **kwargs)

    @property
    def full_title(self):
        """'Violin Concerto in D major, Op. 35'."""
        return f"{self.title}, {self.catalogue_number}" if self.catalogue_number else self.title

    @property
    def programme_line(self):
        """'Pyotr Ilyich Tchaikovsky: Violin Concerto in D major, Op. 35'."""
        return f"{self.composer.name}: {self.full_title}"

    @property
    def times_text(self):
        """'3 performances', from `times`, the count `concerts.repertoire.current_entries` sets on the work:
        the repertoire row's words (a Jinja2 template, whose plurals makemessages does not extract)."""
        return ngettext("%(counter)s performance", "%(counter)s performances", self.times) % {"counter": self.times}


def work_key(title, catalogue_number):
    return lookup_key(title, "|", catalogue_number)


class Performer(models.Model):
    """An orchestra, ensemble, conductor, pianist… who performs with her, with a page of their concerts."""

    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("name",)

    name = models.CharField(pgettext_lazy("of a performer, a person or an ensemble", "name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Collaborator.Role.choices, default=Collaborator.Role.OTHER,
        help_text=_("What they usually are; each concert gives their role in it."))
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    key = models.CharField(max_length=200, unique=True, editable=False)

    objects = PerformerQuerySet.as_manager()

    class Meta:
        verbose_name = _("orchestra, ensemble or musician")
        verbose_name_plural = _("orchestras, ensembles and musicians")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("performers:detail", self.slug)

    def clean(self):
        super().clean()
        if Performer.objects.exclude(pk=self.pk).filter(key=lookup_key(default_language_value(self, "name"))).exists():
            raise ValidationError(_("There is already a performer with this name."))

    def save(self, *args, **kwargs):
        self.key = lookup_key(default_language_value(self, "name"))
        super().save(*args, **kwargs)
