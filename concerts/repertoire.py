"""The repertoire as visitors read it: every work on the programme of a published concert that goes ahead
(or offered by the editors), grouped by composer; a page per work, composer and performer listing the
concerts with them.

Each page is a fixed number of queries whatever the size of the archive: the repertoire is its works with
their stored entries and the concerts they name (three more for the works whose entries are stale); the
other pages are their record and one page of concerts (`for_rows`), whose rows load their programmes and
performers for the page in two more queries.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from fansite.caching import pending_commit_callback
from fansite.publishing import published_q

from .models import Composer, Concert, Performer, ProgrammeItem, RepertoireEntry, Work, performances
from .pagination import SingleQueryPaginator, UpcomingThenPast
from .templatetags.listing_rows import work_rows
from .timezones import local_time

logger = logging.getLogger(__name__)


@dataclass
class ComposerGroup:
    composer: Composer
    works: list = field(default_factory=list)
    rows: str = ""  # the works' rows, rendered (RepertoireView)


def repertoire_works(now=None):
    """Works performed or to be performed (or offered), each with `times` (concerts that play it),
    `first`, `latest` (past) and `next` (upcoming) concerts (`ConcertDate`), and `composer`.

    Read from the works' `RepertoireEntry` rows: two queries (every work with its composer and entry, then
    the concerts the entries name). Entries missing or no longer current are computed first, for those
    works only (`refresh_entries`). What this saves, measured at 100,000 concerts: computing every work's
    figures is a pass over all 300,000 programme rows, 210 ms, after each edit; a concert saved now
    expires only the entries of the works on its programme, each a pass over that work's own rows."""
    now = now or timezone.now()
    works = list(Work.objects.select_related("composer", "repertoire_entry"))
    entries = current_entries(works, now, every_work=True)
    chosen = [work for work in works if work.times or work.is_offered]
    ids = {pk for work in chosen for pk in (entries[work.pk].first_id, entries[work.pk].latest_id,
                                            entries[work.pk].next_id) if pk}
    concerts = ConcertDate.of(ids)
    for work in chosen:
        entry = entries[work.pk]
        work.first, work.latest, work.next = (concerts.get(pk) for pk in (entry.first_id, entry.latest_id, entry.next_id))
    return chosen


@dataclass(frozen=True)
class ConcertDate:
    """A work's first, latest or next concert as its repertoire row shows it (includes/repertoire_work.html):
    a link and the date at the venue. Read as four columns rather than as Concert and Venue instances: the
    page names some 300 concerts, and making model instances of them was a tenth of its time."""

    pk: int
    slug: str
    starts_at: datetime
    timezone: str

    @classmethod
    def of(cls, ids):
        """{id: ConcertDate} of the concerts of `ids`, in one query."""
        if not ids:
            return {}
        rows = Concert.objects.filter(pk__in=ids).values_list("pk", "slug", "starts_at", "venue__timezone")
        return {row[0]: cls(*row) for row in rows}

    @property
    def local_starts_at(self):
        return local_time(self.starts_at, self.timezone)

    def get_absolute_url(self):
        return Concert.url_of(self.slug)


def current_entries(works, now, every_work=False):
    """{work id: RepertoireEntry} of `works` (read with `select_related("repertoire_entry")`), each current as
    of `now`: the stale or missing ones computed and stored first (`refresh_entries`), for those works only.
    Sets each work's `times`. `every_work`: `works` are all the works there are, so when all of them are
    stale one pass over the programme rows computes them (no `IN` list of every work)."""
    entries = {work.pk: entry_of(work) for work in works}
    stale = [pk for pk, entry in entries.items() if entry is None or not entry.is_current(now)]
    if stale:
        entries.update(refresh_entries(stale, now, every_work=every_work and len(stale) == len(works)))
    for work in works:
        work.times = entries[work.pk].times
    return entries


def entry_of(work):
    """The work's RepertoireEntry as read with it, or None."""
    try:
        return work.repertoire_entry
    except RepertoireEntry.DoesNotExist:
        return None


# How long an entry holds at most when the clock changes nothing in it: a change made behind the
# receivers' back (SQL by hand) shows within this.
ENTRY_MAX_AGE = timedelta(days=1)


def refresh_entries(work_ids, now, every_work=False):
    """Compute and store the RepertoireEntry of each work of `work_ids` as of `now`; {work id: entry}.

    Three queries: the programme rows of those works grouped by work give the counts, the dates and the
    next moment the clock changes them; the concerts at those dates (keys only) give the first and next
    concert (lowest id at that start) and the latest (highest id), as the concert order (start, then id)
    has it; then one upsert. A write that fails (a work deleted meanwhile) keeps the entries computed for
    this request only; the next request computes them again."""
    window = published_q(now, prefix="concert__")
    past, upcoming = Q(concert__starts_at__lt=now), Q(concert__starts_at__gte=now)
    rows = ProgrammeItem.objects.filter(concert__is_published=True, concert__status__in=Concert.GOING_AHEAD)
    if not every_work:
        rows = rows.filter(work_id__in=work_ids)
    figures = {
        row["work_id"]: row
        for row in rows.order_by().values("work_id").annotate(
            times=Count("concert_id", distinct=True, filter=window),
            first_at=Min("concert__starts_at", filter=window & past),
            latest_at=Max("concert__starts_at", filter=window & past),
            next_at=Min("concert__starts_at", filter=window & upcoming),
            # When the clock next changes what is counted: a concert's publication begins or ends.
            appears_at=Min("concert__publish_from", filter=Q(concert__publish_from__gt=now)),
            disappears_at=Min("concert__publish_until", filter=Q(concert__publish_until__gt=now)),
        )
    }
    moments = {row[name] for row in figures.values() for name in ("first_at", "latest_at", "next_at") if row[name]}
    at_moments = {}  # (work id, start) -> [ids of the concerts of that work starting then, in order]
    if moments:
        # Keys only: the starts are shared by other works' concerts (a season of 19:30 starts), so this
        # matches several times the rows needed.
        keys = (performances(now).filter(work_id__in=list(figures), concert__starts_at__in=moments)
                .order_by("concert__starts_at", "concert_id").values_list("work_id", "concert__starts_at", "concert_id"))
        for work_id, starts_at, concert_id in keys:
            at_moments.setdefault((work_id, starts_at), []).append(concert_id)
    entries = {}
    for work_id in work_ids:
        row = figures.get(work_id, {})
        changes = [row.get(name) for name in ("next_at", "appears_at", "disappears_at")]
        entries[work_id] = RepertoireEntry(
            work_id=work_id, times=row.get("times", 0), computed_at=now,
            first_id=(at_moments.get((work_id, row.get("first_at"))) or [None])[0],
            latest_id=(at_moments.get((work_id, row.get("latest_at"))) or [None])[-1],
            next_id=(at_moments.get((work_id, row.get("next_at"))) or [None])[0],
            valid_until=min([moment for moment in changes if moment] + [now + ENTRY_MAX_AGE]),
        )
    try:
        with transaction.atomic():
            # `expired_at` is not written: an edit committed while this request computed keeps its mark,
            # and the entry computed before it is not current (`RepertoireEntry.is_current`).
            RepertoireEntry.objects.bulk_create(
                entries.values(), update_conflicts=True, unique_fields=["work"],
                update_fields=["times", "first", "latest", "next", "computed_at", "valid_until"])
    except DatabaseError:
        pass
    return entries


def expire_entries(work_ids=None):
    """After an edit: the entries of the works of `work_ids` (every work's with None) are no longer current,
    nor is an entry that a request computed from what it read before the edit's commit. Marked at once, for
    the editor's own transaction, and once more after its commit (`RepertoireEntry.is_current`): one
    update per transaction however many rows it saves (`_ExpiryAfterCommit`). The marks compare moments
    taken on different app servers: their clocks are kept in step (NTP), as the page cache's scheduled
    changes need too.

    Once committed, the entries of `work_ids` are made again at once (`_remake`), so the visitor who next
    opens the repertoire reads them instead of computing them: at 100,000 concerts that was 25 ms of their
    request for a concert's three works, and is now the editor's save's. Every work's (`work_ids` None:
    the bulk actions) is left to the next request, a pass over every programme row."""
    if work_ids is not None and not work_ids:
        return
    _mark_expired(work_ids)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # saved already: marked after the commit
        _remake(work_ids)
        return
    pending = pending_commit_callback(connection, lambda callback: isinstance(callback, _ExpiryAfterCommit))
    if pending is None:
        transaction.on_commit(_ExpiryAfterCommit(work_ids), robust=True)
    else:
        pending.add(work_ids)


class _ExpiryAfterCommit:
    """The works whose entries one transaction's edits expire, marked once after its commit (found again
    with `pending_commit_callback`)."""

    def __init__(self, work_ids):
        self.work_ids = None if work_ids is None else set(work_ids)

    def add(self, work_ids):
        if self.work_ids is not None:
            self.work_ids = None if work_ids is None else self.work_ids | set(work_ids)

    def __call__(self):
        _mark_expired(self.work_ids)
        _remake(self.work_ids)


def _mark_expired(work_ids):
    entries = RepertoireEntry.objects.all() if work_ids is None else RepertoireEntry.objects.filter(work_id__in=work_ids)
    entries.update(expired_at=timezone.now())


def _remake(work_ids):
    """The entries of `work_ids` (unless None: every work's), computed after their marks and so current.
    The edit is saved whatever happens here: a database that fails now leaves them to the next request."""
    if work_ids is None:
        return
    try:
        refresh_entries(sorted(work_ids), timezone.now())
    except DatabaseError:
        logger.warning("repertoire entries of works %s left to the next request", sorted(work_ids), exc_info=True)


def by_composer(works):
    """Works grouped by composer, composers in their sort name's order, works by title, in the page's language."""
    groups = {}
    for work in works:
        groups.setdefault(work.composer_id, ComposerGroup(work.composer)).works.append(work)
    for group in groups.values():
        group.works.sort(key=lambda w: (w.title.casefold(), w.catalogue_number))
    return sorted(groups.values(), key=lambda g: (g.composer.sort_name or g.composer.name).casefold())


class RepertoireView(TemplateView):
    template_name = "concerts/repertoire.html"
    query_parameters = ()

    def get_context_data(self, **kwargs):
        works = repertoire_works()
        groups = by_composer(works)
        for group, rows in zip(groups, work_rows(*(group.works for group in groups))):
            group.rows = rows
        return super().get_context_data(
            groups=groups, work_count=len(works),
            performance_count=sum(work.times for work in works), **kwargs)


class ConcertsWithView(ListView):
    """A record's page (work, composer or performer) with the published concerts that have it, a page at
    a time: upcoming first, then the archive."""

    context_object_name = "concerts"
    paginate_by = settings.CONCERTS_PER_PAGE
    paginator_class = SingleQueryPaginator
    query_parameters = ("page",)
    model = None
    record_name = None

    def get_record_queryset(self):
        """Only records named in a published concert (or offered works): a record of a draft tour 404s."""
        return self.model.objects.with_public_concerts()

    def concerts_with(self, record):
        raise NotImplementedError

    def get_queryset(self):
        self.record = get_object_or_404(self.get_record_queryset(), slug=self.kwargs["slug"])
        return self.concerts_with(self.record).published().for_rows()

    def get_paginator(self, queryset, *args, **kwargs):
        return super().get_paginator(UpcomingThenPast(queryset, timezone.now(), whole_from_the_start=True),
                                     *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.record_name: self.record, "now": timezone.now()}, **kwargs)


class WorkDetailView(ConcertsWithView):
    template_name = "concerts/work_detail.html"
    model = Work
    record_name = "work"

    def get_record_queryset(self):
        return Work.objects.with_public_concerts().select_related("composer")

    def concerts_with(self, work):
        return Concert.objects.filter(pk__in=ProgrammeItem.objects.filter(work=work).values("concert_id"))


class ComposerDetailView(ConcertsWithView):
    template_name = "concerts/composer_detail.html"
    model = Composer
    record_name = "composer"

    def concerts_with(self, composer):
        return Concert.objects.filter(pk__in=ProgrammeItem.objects.filter(work__composer=composer).values("concert_id"))

    def get_context_data(self, **kwargs):
        # Each work's count from its stored repertoire entry, as the repertoire page shows it: counting
        # them here read every programme row of the composer's works with its concert, 43 ms at 100,000
        # concerts for a composer on a tenth of the programmes.
        works = list(Work.objects.filter(composer=self.record).select_related("repertoire_entry"))
        current_entries(works, timezone.now())
        works = sorted((work for work in works if work.times or work.is_offered),
                       key=lambda w: (w.title.casefold(), w.catalogue_number))
        for work in works:
            work.composer = self.record
        return super().get_context_data(works=works, **kwargs)


class PerformerDetailView(ConcertsWithView):
    template_name = "concerts/performer_detail.html"
    model = Performer
    record_name = "performer"

    def concerts_with(self, performer):
        return Concert.objects.filter(pk__in=performer.appearances.values("concert_id"))
