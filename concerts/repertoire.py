"""The repertoire as visitors read it: every work on the programme of a published concert that goes ahead
(or offered by the editors), grouped by composer; a page per work, composer and performer listing the
concerts with them.

Each page is a fixed number of queries whatever the size of the archive: the repertoire is one aggregate
query over the performances, one for the works and two for the concerts it names; the other pages are their record and one page of
concerts with its programmes and performers (`for_listing`).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from fansite.publishing import published_q

from .models import Composer, Concert, Performer, ProgrammeItem, Work, performances
from .pagination import SingleQueryPaginator, UpcomingThenPast


@dataclass
class ComposerGroup:
    composer: Composer
    works: list = field(default_factory=list)


def repertoire_works(now=None):
    """Works performed or to be performed (or offered), each with `times` (concerts that play it),
    `first`, `latest` (past) and `next` (upcoming) concerts as instances, and `composer`.

    The counts and dates come from one pass over the performances grouped by work; the works (with their
    composers) are read by key after it, and the concerts at those dates in a third query, each work
    taking the lowest id at its first and next date and the highest at its latest, as the concert order
    (start, then id) has it; the concerts chosen are read whole by key at the end. Four queries. Grouping
    the performances by work alone, rather than the works joined to every performance, halves the pass:
    at 100,000 concerts 440 -> 210 ms (a subquery per work and figure took 6.2 s)."""
    now = now or timezone.now()
    past, upcoming = Q(concert__starts_at__lt=now), Q(concert__starts_at__gte=now)
    figures = {
        row["work_id"]: row
        for row in performances(now).order_by().values("work_id").annotate(
            times=Count("concert_id", distinct=True),
            first_at=Min("concert__starts_at", filter=past),
            latest_at=Max("concert__starts_at", filter=past),
            next_at=Min("concert__starts_at", filter=upcoming),
        )
    }
    works = list(Work.objects.filter(Q(pk__in=list(figures)) | Q(is_offered=True)).select_related("composer"))
    for work in works:
        row = figures.get(work.pk, {})
        work.times = row.get("times", 0)
        work.first_at, work.latest_at, work.next_at = row.get("first_at"), row.get("latest_at"), row.get("next_at")
    moments = {at for work in works for at in (work.first_at, work.latest_at, work.next_at) if at}
    at_moments = {}  # (work id, start) -> [ids of the concerts of that work starting then]
    if moments:
        # Keys only: the starts are shared by other works' concerts (a season of 19:30 starts), so this
        # matches several times the rows needed; only the chosen concerts are then read whole.
        rows = (performances(now).filter(work__in=[work.pk for work in works], concert__starts_at__in=moments)
                .order_by("concert__starts_at", "concert_id").values_list("work_id", "concert__starts_at", "concert_id"))
        for work_id, starts_at, concert_id in rows:
            at_moments.setdefault((work_id, starts_at), []).append(concert_id)
    chosen = {}
    for work in works:
        chosen[work.pk] = (
            (at_moments.get((work.pk, work.first_at)) or [None])[0],
            (at_moments.get((work.pk, work.latest_at)) or [None])[-1],
            (at_moments.get((work.pk, work.next_at)) or [None])[0],
        )
    ids = {concert_id for three in chosen.values() for concert_id in three if concert_id}
    concerts = Concert.objects.select_related("venue").in_bulk(ids) if ids else {}
    for work in works:
        work.first, work.latest, work.next = (concerts.get(concert_id) for concert_id in chosen[work.pk])
    return works


def performed_q(now):
    """On works: the condition on their programme rows that `performances` (what the repertoire counts)
    puts on programme rows."""
    return Q(performances__concert__status__in=(Concert.Status.ON_SALE, Concert.Status.SOLD_OUT)) & published_q(
        now, prefix="performances__concert__")


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
        return super().get_context_data(
            groups=by_composer(works), work_count=len(works),
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
        return self.concerts_with(self.record).published().for_listing()

    def get_paginator(self, queryset, *args, **kwargs):
        return super().get_paginator(UpcomingThenPast(queryset, timezone.now()), *args, **kwargs)

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
        works = (
            Work.objects.filter(composer=self.record)
            .annotate(times=Count("performances__concert", filter=performed_q(timezone.now()), distinct=True))
            .filter(Q(times__gt=0) | Q(is_offered=True))
        )
        works = sorted(works, key=lambda w: (w.title.casefold(), w.catalogue_number))
        for work in works:
            work.composer = self.record
        return super().get_context_data(works=works, **kwargs)


class PerformerDetailView(ConcertsWithView):
    template_name = "concerts/performer_detail.html"
    model = Performer
    record_name = "performer"

    def concerts_with(self, performer):
        return Concert.objects.filter(pk__in=performer.appearances.values("concert_id"))
