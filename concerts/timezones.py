"""Venue time zones: IANA names, validated, and turned into words a visitor understands."""

from django.utils.translation import gettext, gettext_lazy as _
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError


@lru_cache(maxsize=1)
def timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


@lru_cache(maxsize=None)
def get_zone(name):
    return zoneinfo.ZoneInfo(name)


def validate_timezone(name):
    try:
        get_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("“%(name)s” is not an IANA time zone such as Europe/Moscow."), params={"name": name})


def zone_city(name):
    """'America/New_York' -> 'New York', the form used in “19:30 New York time”."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


# How the zones of the halls she plays in are named after a time. Russian says “19:30 по московскому
# времени” with an adjective made from the city, which cannot be built from the name: the usual zones are
# listed (each translated on its own), any other is “local time (City)” in Russian.
ZONE_LABELS = {
    "Europe/Moscow": _("Moscow time"),
    "Europe/London": _("London time"),
    "Europe/Paris": _("Paris time"),
    "Europe/Berlin": _("Berlin time"),
    "Europe/Vienna": _("Vienna time"),
    "Europe/Amsterdam": _("Amsterdam time"),
    "Europe/Rome": _("Rome time"),
    "Europe/Prague": _("Prague time"),
    "Europe/Minsk": _("Minsk time"),
    "America/New_York": _("New York time"),
    "America/Chicago": _("Chicago time"),
    "America/Los_Angeles": _("Los Angeles time"),
    "Asia/Tokyo": _("Tokyo time"),
    "Asia/Yekaterinburg": _("Yekaterinburg time"),
    "Asia/Novosibirsk": _("Novosibirsk time"),
}


def zone_label(name):
    """'Moscow time' / 'по московскому времени': the words after a time shown in zone `name`."""
    label = ZONE_LABELS.get(name)
    if label is not None:
        return str(label)
    return gettext("%(city)s time") % {"city": zone_city(name)}


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change (e.g. 02:30 on a spring-forward night)."""


def make_aware_in(naive, zone_name):
    """Attach a venue zone to a naive local datetime, refusing times that do not exist there."""
    zone = get_zone(zone_name)
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise NonexistentLocalTime(naive)
    return aware
