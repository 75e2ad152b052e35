"""Atom feed of upcoming concerts (django.contrib.syndication), linked from every page's <head>."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.feedgenerator import Atom1Feed

from .calendars import uid_host
from .models import Concert


class UpcomingConcertsFeed(Feed):
    """The site's name (the artist's, unless the editor set another) comes from the page frame
    (`request.site_frame`), as on every page."""

    feed_type = Atom1Feed
    limit = 100

    def get_object(self, request, *args, **kwargs):
        return request.site_frame

    def title(self, site):
        return gettext("%(site)s — upcoming concerts") % {"site": site.title}

    def subtitle(self, site):
        return gettext("Upcoming concerts of %(site)s. Times are the venue's local time.") % {"site": site.title}

    def link(self):
        return reverse("concerts:upcoming")

    def items(self):
        return Concert.objects.published().upcoming().for_listing()[: self.limit]

    def item_title(self, concert):
        status = "" if concert.status == Concert.Status.ON_SALE else f" ({concert.status_label})"
        when = date_format(concert.local_starts_at, gettext("j F Y"))
        return f"{concert.title}, {when}, {concert.venue.city}{status}"

    def item_description(self, concert):
        # Plain text: the feed generator escapes it, so nothing from the database becomes markup.
        lines = [
            concert.local_start_text,
            f"{concert.venue.name}, {concert.venue.city}, {concert.venue.country}",
            gettext("Status: %(status)s") % {"status": concert.status_label},
        ]
        if concert.status == Concert.Status.RESCHEDULED and concert.rescheduled_to:
            lines.append(gettext("New date: %(when)s") % {"when": concert.rescheduled_to.local_start_text})
        if concert.description:
            lines.append(concert.description)
        return "\n".join(lines)

    def item_pubdate(self, concert):
        return concert.created_at

    def item_updateddate(self, concert):
        return concert.updated_at

    def item_guid(self, concert):
        # Atom ids must be IRIs that never change, even when an editor changes the title or slug.
        return f"tag:{uid_host()},2026:concert-{concert.pk}"

    item_guid_is_permalink = False
