"""Atom feed of upcoming concerts (django.contrib.syndication), linked from every page's <head>.

Django's Atom writer marks every entry's summary `type="html"`, so feed readers read it as markup: the
description is written as HTML made of escaped text (an editor's `<img onerror=…>` stays words). The
feed's author is the site (RFC 4287: a feed without one needs one in every entry); its addresses come from
SITE_URL. Whatever is stored,
the text goes out without the control characters XML 1.0 cannot hold (fansite/plain_text.py).
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from fansite.plain_text import clean_text
from fansite.seo import absolute_url

from .calendars import uid_host
from .models import Concert, Series


class UpcomingConcertsFeed(Feed):
    """The site's name (the artist's, unless the editor set another) comes from the page frame
    (`request.site_frame`), as on every page."""

    feed_type = Atom1Feed
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)
    limit = 100

    # Addresses from SITE_URL, like canonical links and the feed's entry ids, whatever Host the request used.
    def link(self):
        return absolute_url(reverse("concerts:upcoming"))

    def feed_url(self):
        return absolute_url(reverse("concerts:feed"))

    def item_link(self, concert):
        return absolute_url(concert.get_absolute_url())

    def get_object(self, request, *args, **kwargs):
        return request.site_frame

    def title(self, site):
        return clean_text(gettext("%(site)s — upcoming concerts") % {"site": site.title}, single_line=True)

    def subtitle(self, site):
        return clean_text(
            gettext("Upcoming concerts of %(site)s. Times are the venue's local time.") % {"site": site.title},
            single_line=True,
        )

    def author_name(self, site):
        return clean_text(site.title, single_line=True)

    def items(self):
        return Concert.objects.published().upcoming().for_entries()[: self.limit]

    def item_title(self, concert):
        status = "" if concert.status == Concert.Status.ON_SALE else f" ({concert.status_label})"
        when = date_format(concert.local_starts_at, gettext("j F Y"))
        return clean_text(f"{concert.title}, {when}, {concert.venue.city}{status}", single_line=True)

    def item_description(self, concert):
        """HTML whose every character from the database is escaped text; lines end in <br>."""
        lines = [
            concert.local_start_text,
            f"{concert.venue.name}, {concert.venue.city}, {concert.venue.country_name}",
            gettext("Status: %(status)s") % {"status": concert.status_label},
        ]
        if concert.status == Concert.Status.RESCHEDULED and concert.rescheduled_to:
            lines.append(gettext("New date: %(when)s") % {"when": concert.rescheduled_to.local_start_text})
        if concert.description:
            lines.append(concert.description)
        return "<br>\n".join(escape(clean_text(line)).replace("\n", "<br>\n") for line in lines)

    def item_pubdate(self, concert):
        return concert.created_at

    def item_updateddate(self, concert):
        return concert.updated_at

    def item_guid(self, concert):
        # Atom ids must be IRIs that never change, even when an editor changes the title or slug.
        return f"tag:{uid_host()},2026:concert-{concert.pk}"

    item_guid_is_permalink = False


@dataclass(frozen=True)
class SeriesFeedSubject:
    site: object  # the page frame: the site's name
    series: Series


class SeriesConcertsFeed(UpcomingConcertsFeed):
    """The concerts of one series, the latest start first (a series is bounded, so past ones stay in)."""

    def get_object(self, request, slug):
        return SeriesFeedSubject(request.site_frame, get_object_or_404(Series.objects.public(), slug=slug))

    def link(self, subject):
        return absolute_url(subject.series.get_absolute_url())

    def feed_url(self, subject):
        return absolute_url(subject.series.get_feed_url())

    def title(self, subject):
        names = {"site": subject.site.title, "series": subject.series.name}
        return clean_text(gettext("%(site)s — %(series)s") % names, single_line=True)

    def subtitle(self, subject):
        return clean_text(gettext("Concerts of %(series)s. Times are the venue's local time.") % {
            "series": subject.series.name}, single_line=True)

    def author_name(self, subject):
        return clean_text(subject.site.title, single_line=True)

    def items(self, subject):
        return Concert.objects.published().filter(series=subject.series).for_entries().order_by("-starts_at", "-pk")[
            : self.limit]
