"""schema.org MusicEvent for a concert page, following Google's event guidelines.

The status a visitor reads on the page, the JSON-LD `eventStatus`/`offers.availability` and the iCalendar
STATUS all come from `Concert.status`; the mappings live here (JSON-LD) and in calendars.py (iCalendar).

A rescheduled concert keeps its own page. Its JSON-LD describes the performance as it now stands: the new
date and place, `previousStartDate` the original date, `url` the new performance's page. The new
performance's own page says the same, so search engines see one event that moved, not two.
"""

from django.utils import translation
from django.utils.translation import gettext
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from fansite.seo import absolute_url

from .models import Collaborator, Concert, TicketLink
from .timezones import local_time

SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    Concert.Status.ON_SALE: "EventScheduled",
    Concert.Status.SOLD_OUT: "EventScheduled",
    Concert.Status.CANCELLED: "EventCancelled",
    Concert.Status.POSTPONED: "EventPostponed",
    Concert.Status.RESCHEDULED: "EventRescheduled",
}

AVAILABILITY = {
    Concert.Status.ON_SALE: "InStock",
    Concert.Status.SOLD_OUT: "SoldOut",
    Concert.Status.CANCELLED: "Discontinued",
    Concert.Status.POSTPONED: "OutOfStock",  # tickets stay valid, but none are sold until a new date is set
}

GROUP_ROLES = {Collaborator.Role.ORCHESTRA, Collaborator.Role.ENSEMBLE}


def music_event(concert, artist_name):
    """The MusicEvent for `concert`, loaded as the concert page renders it (`Concert.objects.for_detail()`,
    or `for_page` and then `load_page_records` in concerts/views.py, and `load_moves`; no further
    queries), performed by the artist `artist_name` (with her portrait as its
    image when the page sets `artist_portrait`). Its addresses come from SITE_URL, like the canonical
    link, whatever Host the request came in on."""
    absolute = absolute_url
    moved = concert.status == Concert.Status.RESCHEDULED and concert.rescheduled_to
    # The performance that actually takes place: for a rescheduled concert, the one at the new date.
    happening = concert.rescheduled_to if moved else concert

    data = {
        "@context": "https://schema.org",
        "@type": "MusicEvent",
        "name": concert.title,
        "inLanguage": translation.get_language(),  # the language of this text, as the page's <html lang>
        "url": absolute(happening.get_absolute_url()),
        "startDate": happening.local_starts_at.isoformat(),
        "eventStatus": SCHEMA + event_status(concert),
        "eventAttendanceMode": SCHEMA + attendance_mode(happening),
        "location": place(happening.venue, absolute),
        "description": concert.description or gettext("%(title)s at %(venue)s, %(city)s.") % {
            "title": concert.title, "venue": concert.venue.name, "city": concert.venue.city,
        },
        "offers": offers(happening, absolute),
        "performer": performers(concert, artist_name, absolute),
    }
    if happening.local_ends_at:
        data["endDate"] = happening.local_ends_at.isoformat()
    previous = concert.previous_starts_at
    if previous:
        data["previousStartDate"] = previous.isoformat()
    image = portrait_url(concert)
    if image:
        data["image"] = [image]
    if concert.organizer_name:
        data["organizer"] = {"@type": "Organization", "name": concert.organizer_name}
        if concert.organizer_url:
            data["organizer"]["url"] = concert.organizer_url
    if concert.series_id:
        data["superEvent"] = series_reference(concert.series, absolute)
    works = [composition(item, absolute) for item in concert.programme.all()]
    if works:
        data["workPerformed"] = works
    return data


def portrait_url(concert):
    """The address of the artist's portrait, a concert's image in its MusicEvent, when the page set
    `artist_portrait`; else "". With a private bucket it is signed, and expires."""
    portrait = getattr(concert, "artist_portrait", None)
    return absolute_url(default_storage.url(portrait.portrait.name)) if portrait else ""


def event_status(concert):
    if concert.status == Concert.Status.ON_SALE or concert.status == Concert.Status.SOLD_OUT:
        # A performance that replaces an earlier date is itself the rescheduled event.
        return "EventRescheduled" if concert.replaced_concert else "EventScheduled"
    return EVENT_STATUS[concert.status]


def attendance_mode(concert):
    """Online too when one of its ticket links is a livestream."""
    if any(link.kind == TicketLink.Kind.LIVESTREAM for link in concert.ticket_links.all()):
        return "MixedEventAttendanceMode"
    return "OfflineEventAttendanceMode"


def offers(concert, absolute):
    """One Offer per ticket link (returns and waiting lists are not offers), in the links' order; a concert
    without links still has one pointing at its page, as search engines expect an offer."""
    links = [link for link in concert.ticket_links.all() if not link.is_returns]
    if not links:
        return [{"@type": "Offer", "url": absolute(concert.get_absolute_url()),
                 "availability": SCHEMA + AVAILABILITY.get(concert.status, "OutOfStock"),
                 "validFrom": concert.created_at.isoformat()}]
    return [ticket_offer(concert, link, absolute) for link in links]


def ticket_offer(concert, link, absolute):
    availability = AVAILABILITY.get(concert.status, "OutOfStock")
    if availability == "InStock" and not link.is_on_sale:
        availability = "PreOrder"
    valid_from = link.on_sale_at or concert.created_at
    data = {
        "@type": "Offer",
        "url": link.url or absolute(concert.get_absolute_url()),
        "availability": SCHEMA + availability,
        "validFrom": timezone.localtime(valid_from, concert.venue.zone).isoformat(),
        "seller": {"@type": "Organization", "name": link.seller},
        "category": link.kind,
    }
    if link.price is not None and link.currency:
        data["price"] = f"{link.price:.2f}"
        data["priceCurrency"] = link.currency
    if link.price_text:
        data["description"] = link.price_text
    return data


def series_reference(series, absolute):
    return {"@type": "EventSeries", "name": series.name, "url": absolute(series.get_absolute_url())}


def event_series(series, concerts):
    """The EventSeries of a series page, its `subEvent`s the concerts the page lists (loaded with their venues)."""
    absolute = absolute_url
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": series.name,
        "url": absolute(series.get_absolute_url()),
        "inLanguage": translation.get_language(),
        "subEvent": [{
            "@type": "MusicEvent",
            "name": concert.title,
            "url": absolute(concert.get_absolute_url()),
            "startDate": concert.local_starts_at.isoformat(),
            # The status alone: whether a performance replaced another is on its own page.
            "eventStatus": SCHEMA + EVENT_STATUS[concert.status],
            "location": place(concert.venue, absolute),
        } for concert in concerts],
    }
    if series.description:
        data["description"] = series.description
    if series.first_starts_at:  # with the offset of the venue where each end of the series takes place
        data["startDate"] = local_time(series.first_starts_at, series.first_zone_name).isoformat()
        data["endDate"] = local_time(series.last_starts_at, series.last_zone_name).isoformat()
    return data


def place(venue, absolute):
    address = {"@type": "PostalAddress", "addressLocality": venue.city, "addressCountry": venue.country.code}
    if venue.address:
        address["streetAddress"] = venue.address
    data = {"@type": "Place", "name": venue.name, "address": address, "url": absolute(venue.get_absolute_url())}
    if venue.latitude is not None and venue.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(venue.latitude), "longitude": float(venue.longitude)}
    return data


def performers(concert, artist_name, absolute):
    people = []
    if artist_name:
        people.append({"@type": "Person", "name": artist_name, "url": absolute(reverse("profiles:about"))})
    for collaborator in concert.collaborators.all():
        kind = "MusicGroup" if collaborator.role in GROUP_ROLES else "Person"
        people.append({"@type": kind, "name": collaborator.performer.name,
                       "url": absolute(collaborator.performer.get_absolute_url())})
    return people


def composition(item, absolute):
    work = item.work
    return {"@type": "MusicComposition", "name": work.full_title, "url": absolute(work.get_absolute_url()),
            "composer": {"@type": "Person", "name": work.composer.name,
                         "url": absolute(work.composer.get_absolute_url())}}
