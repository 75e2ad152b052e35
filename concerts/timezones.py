"""Venue time zones: IANA names, validated, and turned into words a visitor understands."""

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
        raise ValidationError("“%(name)s” is not an IANA time zone such as Europe/Moscow.", params={"name": name})


def zone_city(name):
    """'America/New_York' -> 'New York', the form used in “19:30 New York time”."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


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
