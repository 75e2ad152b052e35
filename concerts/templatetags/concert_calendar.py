"""`{% calendar_subscription as links %}`: the ways to add every concert to a calendar app, for the home page's
"follow" band and anywhere else that offers the subscription; `{% calendar_subscription_buttons title %}`:
the titled band of buttons the concert listings and a series page show."""

from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.urls import reverse

from fansite.seo import absolute_url

register = template.Library()


@dataclass(frozen=True)
class CalendarSubscription:
    """One calendar, three doors: the .ics file to download (`path`), its address as webcal:// (calendar apps
    on phones and desktops subscribe on a click, so later changes reach the visitor) and Google Calendar's
    add-by-address link, which subscribes in one click too."""

    path: str
    webcal: str
    google: str


@register.simple_tag
def calendar_subscription(path=None):
    """The doors to the calendar of every concert, or to the one at `path` (a series' calendar)."""
    path = path or reverse("concerts:calendar")
    webcal = "webcal://" + absolute_url(path).split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
    return CalendarSubscription(path=path, webcal=webcal, google=google)


@register.inclusion_tag("concerts/includes/calendar_subscription.html")
def calendar_subscription_buttons(title, path=None):
    """The heading `title` (id `subscribe-title`, for the caller's `aria-labelledby`), a line on what
    subscribing does, and the three buttons for the calendar at `path` (default: every concert)."""
    return {"title": title, "calendar": calendar_subscription(path)}
