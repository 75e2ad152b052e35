from django.utils.translation import gettext
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe
from django.db import models
from django.db.models import Case, F, When
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from fansite.caching import request_content_version
from fansite.fragment_cache import render_each, stored_values
from fansite.publishing import PublishedOrPreviewMixin
from fansite.seo import share_image
from fansite.seo.json_ld import to_json_ld

from .calendars import build_calendar, stored_events
from .filters import ConcertFilter
from .models import (SEARCH_DOCUMENT_FIELDS, Concert, PreviousAddress, Series, Venue, has_page_digest, is_versioned,
                     load_moves, programme_prefetches)
from .pagination import RowsByKeyPaginator, SingleQueryPaginator
from .templatetags.listing_rows import rows_of_listings
from .structured_data import event_series, portrait_url

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


class FilteredConcertListView(ListView):
    """A listing that reads ?city=, ?country=, ?venue=, ?series=, ?year= and ?season= (see filters.py), a page
    at a time."""

    template_name = "concerts/concert_list.html"
    context_object_name = "concerts"
    paginate_by = settings.CONCERTS_PER_PAGE
    paginator_class = RowsByKeyPaginator
    listing = None
    # What the page cache keys on (fansite/page_cache.py): the filters (filters.py) and the page number.
    query_parameters = ("city", "country", "venue", "series", "year", "season", "page")

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filter = ConcertFilter(self.base_queryset(), self.request.GET, listing=self.listing,
                                    version=request_content_version(self.request))
        return self.filter.queryset

    def get_context_data(self, **kwargs):
        # Both listings show the filter form (`filter.fields_html`), its choices from one grouped query,
        # which the page's title reads before it (a chosen venue's or series' name: `summary`).
        self.filter.facets
        return super().get_context_data(listing=self.listing, filter=self.filter, **kwargs)


class UpcomingConcertListView(FilteredConcertListView):
    listing = "upcoming"

    def base_queryset(self):
        return Concert.objects.published().upcoming().without_moved().row_keys()


class PastConcertListView(FilteredConcertListView):
    listing = "past"

    def base_queryset(self):
        return Concert.objects.published().past().row_keys()


class ConcertDetailView(PublishedOrPreviewMixin, DetailView):
    """Published concerts for visitors; staff may preview a draft or scheduled one with ?preview=1."""

    template_name = "concerts/concert_detail.html"
    query_parameters = ()  # ?preview=1 counts for staff only, who are never served from the page cache
    context_object_name = "concert"

    def get_queryset(self):
        # Made for each request, as its digest reads the clock; the preview mixin narrows it to what the
        # visitor may see.
        self.queryset = Concert.objects.for_page()
        return super().get_queryset()

    def get_object(self, queryset=None):
        concert = super().get_object(queryset)
        load_moves([concert])
        if concert.rescheduled_to_id and not has_page_digest(concert):
            # Read with its records (`for_detail`): the new date's links too, the ones a visitor can use.
            models.prefetch_related_objects([concert.rescheduled_to], "ticket_links")
        # The picture of a concert that has none of its own (`Concert.picture`): the artist's portrait,
        # from the page frame (her profile, or None when it has no portrait).
        concert.artist_portrait = self.request.site_frame.artist_portrait
        return concert

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An address an editor changed keeps working (concerts/signals.py records it).
            old = PreviousAddress.objects.filter(slug=kwargs["slug"]).select_related("concert").first()
            if old is not None and old.concert.is_public():
                return redirect(old.concert, permanent=True)
            raise

    def get_context_data(self, **kwargs):
        concert = self.object
        head, article = concert_page(concert, self.request.site_frame.artist_name)
        # Link previews: the concert's own picture, else (base.html) the site's default share image.
        image = share_image((concert.image, concert.image_alt))
        return super().get_context_data(concert_head=head, concert_page=article, share_image=image,
                                        og_type="article", **kwargs)


PAGE_TEMPLATE = "concerts/includes/concert_page.html"
PICTURE_TEMPLATE = "concerts/includes/concert_picture.html"
# Marks in the kept HTML, none of which any text of the page can hold: text is escaped, in HTML and JSON.
HEAD_END = mark_safe("<!-- /head -->")
PICTURE_SLOT = mark_safe("<!-- picture -->")
IMAGE_SLOT = "<!-- portrait -->"


def concert_page(concert, artist_name):
    """A concert page's structured data (its MusicEvent, for <head>) and article
    (concerts/includes/concert_page.html), as kept by the fragment cache (fansite/fragment_cache.py) under
    everything they show (`concert_page_inputs`), so that after a save of anything else the page renders
    only its frame. With the fragment cache on, the concert comes with a digest of its other records (`for_page`), which
    are then loaded only to render: a page in the cache is one query (4 before; one more for a concert
    that moved) and half the time it took.
    The picture and the portrait's address in the MusicEvent are put in on each request: with a private
    bucket their addresses are signed, and expire sooner than a kept fragment."""
    picture, portrait = concert.picture, portrait_url(concert)
    flags = {"artist_name": artist_name, "has_picture": picture is not None, "has_portrait": bool(portrait),
             "site_url": settings.SITE_URL, "head_end": HEAD_END, "picture_slot": PICTURE_SLOT,
             "image_slot": IMAGE_SLOT}
    [html] = render_each(PAGE_TEMPLATE, [concert], as_name="concert", context=flags, inputs=concert_page_inputs,
                         prepare=load_page_records)
    head, article = html.split(HEAD_END, 1)
    if portrait:  # the MusicEvent's last value (`concert_json_ld`): after any text an editor wrote
        before, _slot, after = head.rpartition(to_json_ld(IMAGE_SLOT))
        head = before + to_json_ld(portrait) + after
    figure = render_to_string(PICTURE_TEMPLATE, {"concert": concert, "picture": picture}) if picture else ""
    return mark_safe(head), mark_safe(article.replace(PICTURE_SLOT, figure, 1))


def load_page_records(concerts):
    """What a concert page shows beyond the concert, its venue and series, for concerts about to be rendered
    that were read without it (`for_page` with the fragment cache on): the programme and performers, the ticket links,
    and those of the performance it moved to (the ones a visitor can use). Three or four queries."""
    for concert in concerts:
        if not has_page_digest(concert):
            continue  # read with them (`for_detail`)
        models.prefetch_related_objects([concert], *programme_prefetches(), "ticket_links")
        if concert.rescheduled_to_id:
            models.prefetch_related_objects([concert.rescheduled_to], "ticket_links")


def concert_page_inputs(concert):
    """Everything concerts/includes/concert_page.html reads from a concert read for its page: the stored
    columns of the concert (but its search document, which the page does not read), its venue and series,
    whether it is past, and of its other records either the database's digest (`PageDigest`, with the
    fragment cache on) or, read with the concert, the records themselves: its ticket links, each with whether it
    is on sale, programme (works, composers), performers, and the performances it moved to or replaces
    with their venues and ticket links. No query. None (not kept) for a concert the database has no
    version of."""
    inputs = [stored_values(concert, leaving_out=SEARCH_DOCUMENT_FIELDS), stored_values(concert.venue),
              stored_values(concert.series), concert.is_past]
    if has_page_digest(concert):
        return [*inputs, concert.page_digest] if is_versioned(concert.page_digest) else None
    def performance(other):
        return [stored_values(other, leaving_out=SEARCH_DOCUMENT_FIELDS), stored_values(other.venue)]

    def links(performance):
        return [(stored_values(link), link.is_on_sale) for link in performance.ticket_links.all()]

    if concert.rescheduled_to_id:  # the new date, with the links a visitor can use
        inputs += [*performance(concert.rescheduled_to), *links(concert.rescheduled_to)]
    if (replaced := concert.replaced_concert) is not None:
        inputs += performance(replaced)
    inputs += links(concert)
    for item in concert.programme.all():
        inputs += [stored_values(item), stored_values(item.work), stored_values(item.work.composer)]
    for person in concert.collaborators.all():
        inputs += [stored_values(person), stored_values(person.performer)]
    return inputs


class VenueDetailView(DetailView):
    """The next concerts and the most recent ones at a venue, a bounded number of each whatever its
    history; the filtered listings (`?venue=`) page through the rest."""

    template_name = "concerts/venue_detail.html"
    query_parameters = ()
    context_object_name = "venue"
    model = Venue
    next_upcoming = settings.CONCERTS_PER_PAGE
    recent_past = 10

    def get_context_data(self, **kwargs):
        concerts = Concert.objects.published().filter(venue=self.object).for_rows()
        upcoming = list(concerts.upcoming()[: self.next_upcoming + 1])  # one more: are there others?
        past = list(concerts.past()[: self.recent_past])
        upcoming_rows, past_rows = rows_of_listings(upcoming[: self.next_upcoming], past, at_venue=True)
        return super().get_context_data(
            upcoming_rows=upcoming_rows,
            more_upcoming=len(upcoming) > self.next_upcoming,
            past_rows=past_rows,
            **kwargs,
        )


@require_safe
def calendar_feed(request):
    """The subscribable calendar: the next concerts and the recent past (`in_calendar_window`, bounded in
    number), optionally only one city, country, venue, series or season."""
    return filtered_calendar(request, Concert.objects.published(), "concerts", "inline", window=True)


@require_safe
def calendar_archive(request):
    """Every published concert ever, as a file to download (not to subscribe to: it grows with the archive)."""
    return filtered_calendar(request, Concert.objects.published(), "concerts-archive", "attachment")


def calendar_response(events, name, filename, disposition):
    """An .ics answer: `events` (stored VEVENTs) as the calendar `name`, to subscribe to ("inline") or to
    download ("attachment") as `filename`.ics."""
    response = HttpResponse(build_calendar(events, name), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.ics"'
    return response


def filtered_calendar(request, concerts, filename, disposition, window=False):
    concert_filter = ConcertFilter(concerts, request.GET)
    # The site's name (the artist's), from the page frame.
    name = gettext("%(site)s — concerts") % {"site": request.site_frame.title}
    if summary := concert_filter.summary():
        name += f" ({summary})"
    chosen = concert_filter.queryset
    if window:  # after the filters: a city's calendar holds that city's next concerts
        chosen = chosen.in_calendar_window()
    return calendar_response(stored_events(chosen), name, filename, disposition)


calendar_feed.query_parameters = ("city", "country", "venue", "series", "year", "season")
calendar_archive.query_parameters = calendar_feed.query_parameters


@require_safe
def concert_calendar(request, slug):
    """One concert as an .ics file to open in a calendar app ("Add to calendar")."""
    events = stored_events(Concert.objects.published().filter(slug=slug))
    if not events and (old := PreviousAddress.objects.filter(slug=slug).select_related("concert").first()):
        if old.concert.is_public():
            return redirect(old.concert.get_calendar_url(), permanent=True)
    if not events:
        raise Http404(gettext("No such concert."))
    return calendar_response(events, events[0].title, slug, "attachment")


concert_calendar.query_parameters = ()


class SeriesListView(ListView):
    """Every tour, festival and season cycle with a published concert, the latest first."""

    template_name = "concerts/series_list.html"
    context_object_name = "series_list"
    paginate_by = settings.CONCERTS_PER_PAGE
    paginator_class = SingleQueryPaginator
    query_parameters = ("page",)

    def get_queryset(self):
        return Series.objects.public().with_dates().order_by(F("last_starts_at").desc(nulls_last=True), "pk")


class SeriesDetailView(ListView):
    """A series and its published concerts: the upcoming ones first (soonest first), then the past ones
    (latest first), a page at a time, in one query per page after the series' own."""

    template_name = "concerts/series_detail.html"
    context_object_name = "concerts"
    paginate_by = settings.CONCERTS_PER_PAGE
    paginator_class = SingleQueryPaginator
    query_parameters = ("page",)

    def get_queryset(self):
        self.series = get_object_or_404(Series.objects.public().with_dates(), slug=self.kwargs["slug"])
        now = timezone.now()
        return (
            Concert.objects.published().filter(series=self.series).for_rows()
            .order_by(Case(When(starts_at__gte=now, then=0), default=1).asc(),
                      Case(When(starts_at__gte=now, then=F("starts_at"))).asc(nulls_last=True),
                      F("starts_at").desc(), "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(series=self.series, **kwargs)
        context["structured_data"] = event_series(self.series, context["concerts"])
        context["share_image"] = share_image((self.series.image, self.series.image_alt))
        return context


@require_safe
def series_calendar(request, slug):
    """Every published concert of a series as a calendar to subscribe to (a series is bounded: no window)."""
    series = get_object_or_404(Series.objects.public(), slug=slug)
    events = stored_events(Concert.objects.published().filter(series=series))
    name = gettext("%(site)s — %(series)s") % {"site": request.site_frame.title, "series": series.name}
    return calendar_response(events, name, series.slug, "inline")


series_calendar.query_parameters = ()
