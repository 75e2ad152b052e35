"""Venue time zones: IANA names, validated, and turned into words a visitor understands."""

from django.utils.translation import gettext, gettext_lazy as _
import zoneinfo
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone


# Old spellings and administrative groupings that tzdata keeps only as aliases of a canonical zone.
LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")


def _tab_rows(name):
    """Rows of a tzdata table (zone.tab, iso3166.tab) from the system's zoneinfo folders, or []."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            return [line.split("\t") for line in lines if line and not line.startswith("#")]
    return []


@lru_cache(maxsize=1)
def zones_by_country():
    """{'JP': ['Asia/Tokyo'], 'RU': ['Europe/Moscow', …]}: canonical zones per ISO country code (tzdata's
    zone.tab), or {} where the system has no tzdata tables."""
    found = {}
    for row in _tab_rows("zone.tab"):
        found.setdefault(row[0], []).append(row[2])
    return found


@lru_cache(maxsize=1)
def country_codes():
    """{'japan': 'JP', 'russia': 'RU', 'united states': 'US', …} from tzdata's iso3166.tab."""
    codes = {row[1].strip().lower(): row[0] for row in _tab_rows("iso3166.tab") if len(row) > 1}
    codes.update({"russian federation": "RU", "usa": "US", "uk": "GB", "united kingdom": "GB"})
    return codes


@lru_cache(maxsize=1)
def canonical_zones():
    """The zones editors choose from: tzdata's canonical zones (no obsolete aliases such as Africa/Asmera),
    plus UTC. Without tzdata's tables: every zone with a region, less the legacy groupings."""
    listed = {zone for zones in zones_by_country().values() for zone in zones}
    if not listed:
        listed = {name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith(LEGACY_PREFIXES)}
    return sorted(listed | {"UTC"})


def timezone_choices():
    return [(name, name.replace("_", " ")) for name in canonical_zones()]


def suggest_zone(country_code, city):
    """The zone a venue in `city`, in the country of ISO code `country_code`, most likely uses, or None: the
    country's canonical zone named after the city, else the country's only zone, else any zone named after
    the city."""
    def key(text):
        return text.strip().lower().replace(" ", "_")
    country_zones = zones_by_country().get(str(country_code or "").upper(), [])
    for zone in country_zones or canonical_zones():
        if city and key(zone.rsplit("/", 1)[-1]) == key(city):
            return zone
    if len(country_zones) == 1:
        return country_zones[0]
    return None


@lru_cache(maxsize=None)
def get_zone(name):
    return zoneinfo.ZoneInfo(name)


def local_time(moment, zone_name):
    """`moment` (aware) on the wall clock of zone `zone_name`: how a concert's start is shown, in its venue's zone."""
    return timezone.localtime(moment, get_zone(zone_name))


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
