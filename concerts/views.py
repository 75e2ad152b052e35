from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from fansite.publishing import PublishedOrPreviewMixin
from fansite.seo import share_image

from .calendars import build_calendar, stored_events
from .filters import ConcertFilter
from .models import Concert, Venue
from .pagination import SingleQueryPaginator
from .structured_data import music_event

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


class FilteredConcertListView(ListView):
    """A listing that reads ?city=, ?country=, ?venue= and ?year= (see filters.py), a page at a time."""

    template_name = "concerts/concert_list.html"
    context_object_name = "concerts"
    paginate_by = settings.CONCERTS_PER_PAGE
    paginator_class = SingleQueryPaginator
    listing = None
    # What the page cache keys on (fansite/page_cache.py): the filters (filters.py) and the page number.
    query_parameters = ("city", "country", "venue", "year", "page")

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filter = ConcertFilter(self.base_queryset(), self.request.GET)
        return self.filter.queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(listing=self.listing, filter=self.filter, **kwargs)


class UpcomingConcertListView(FilteredConcertListView):
    listing = "upcoming"

    def base_queryset(self):
        return Concert.objects.published().upcoming().for_listing()


class PastConcertListView(FilteredConcertListView):
    listing = "past"

    def base_queryset(self):
        return Concert.objects.published().past().for_listing()

    def get_context_data(self, **kwargs):
        # The archive shows the filter form, so its choices are needed (one grouped query).
        self.filter.form.set_choices(self.filter.facets, newest_first=True)
        return super().get_context_data(**kwargs)


class ConcertDetailView(PublishedOrPreviewMixin, DetailView):
    """Published concerts for visitors; staff may preview a draft or scheduled one with ?preview=1."""

    template_name = "concerts/concert_detail.html"
    query_parameters = ()  # ?preview=1 counts for staff only, who are never served from the page cache
    context_object_name = "concert"
    queryset = Concert.objects.for_detail()

    def get_context_data(self, **kwargs):
        concert = self.object
        # Link previews: the concert's own picture, else (base.html) the site's default share image.
        image = share_image((concert.image, concert.image_alt))
        return super().get_context_data(
            structured_data=music_event(concert), share_image=image, og_type="article", **kwargs
        )


class VenueDetailView(DetailView):
    template_name = "concerts/venue_detail.html"
    query_parameters = ()
    context_object_name = "venue"
    model = Venue
    recent_past = 10

    def get_context_data(self, **kwargs):
        concerts = Concert.objects.published().filter(venue=self.object).select_related("rescheduled_to__venue")
        upcoming = list(concerts.upcoming())
        past = list(concerts.past()[: self.recent_past])
        for concert in upcoming + past:
            concert.venue = self.object  # already loaded: no join, no extra query
        return super().get_context_data(upcoming_concerts=upcoming, past_concerts=past, **kwargs)


@require_safe
def calendar_feed(request):
    """All published concerts as a subscribable calendar, optionally only one city, country or venue."""
    concert_filter = ConcertFilter(Concert.objects.published(), request.GET)
    name = f"{request.site_frame.title} — concerts"  # the site's name (the artist's), from the page frame
    if summary := concert_filter.summary():
        name += f" ({summary})"
    body = build_calendar(stored_events(concert_filter.queryset), name)
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="concerts.ics"'
    return response


calendar_feed.query_parameters = ("city", "country", "venue", "year")


@require_safe
def concert_calendar(request, slug):
    """One concert as an .ics file to open in a calendar app ("Add to calendar")."""
    events = stored_events(Concert.objects.published().filter(slug=slug))
    if not events:
        raise Http404("No such concert")
    response = HttpResponse(build_calendar(events, events[0].title), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slug}.ics"'
    return response


concert_calendar.query_parameters = ()
