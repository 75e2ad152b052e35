"""Listing filters: city, country, venue and year, read from the query string (a plain GET form).

Years are the venue's local years: a New Year's Eve concert at 20:00 in New York (01:00 UTC on 1 January)
belongs to the old year. The choices come from one grouped query, whatever the number of concerts.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from django import forms
from django.conf import settings
from django.db.models import CharField, F, Max, Min, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils import translation

from fansite.text_search import in_every_language

from .timezones import get_zone


class ConcertFilterForm(forms.Form):
    city = forms.CharField(label=_("City"), required=False, widget=forms.Select)
    country = forms.CharField(label=_("Country"), required=False, widget=forms.Select)
    venue = forms.SlugField(label=_("Venue"), required=False, widget=forms.Select)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1, max_value=9999, widget=forms.Select)

    def set_choices(self, facets, newest_first):
        years = sorted(facets.years, reverse=newest_first)
        self.fields["city"].widget.choices = [("", _("All cities")), *((c, c) for c in facets.cities)]
        self.fields["country"].widget.choices = [("", _("All countries")), *((c, c) for c in facets.countries)]
        self.fields["venue"].widget.choices = [("", _("All venues")), *facets.venues]
        self.fields["year"].widget.choices = [("", _("All years")), *((y, y) for y in years)]


@dataclass
class Facets:
    cities: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    venues: list = field(default_factory=list)  # (slug, "Name, City")
    years: set = field(default_factory=set)
    zones: set = field(default_factory=set)


class UtcYear(ExtractYear):
    """The UTC year of a datetime column. On SQLite, read from the stored text ('YYYY-MM-DD HH:MM:SS' in
    UTC) instead of Django's Python function called once per row: the past archive's facets at 10,000
    concerts take 16 ms instead of 39."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


def facets_for(queryset):
    """Cities, countries, venues, local years and time zones present in `queryset`: one query.

    Rows are grouped per venue and UTC year with the first and last start in each group. Within one venue
    (one zone) local year only ever moves forward with time, and one UTC year overlaps at most two local
    years, so the local years of the first and last start are exactly the local years in that group.
    """
    rows = (
        queryset.order_by()
        .values("venue__slug", "venue__timezone", utc_year=UtcYear("starts_at"), **{
            f"venue__{name}": shown(f"venue__{name}") for name in ("name", "city", "country")
        })
        .annotate(first=Min("starts_at"), last=Max("starts_at"))
    )
    facets, cities, countries, venues = Facets(), set(), set(), {}
    for row in rows:
        zone = get_zone(row["venue__timezone"])
        cities.add(row["venue__city"])
        countries.add(row["venue__country"])
        venues[row["venue__slug"]] = f'{row["venue__name"]}, {row["venue__city"]}'
        facets.zones.add(row["venue__timezone"])
        facets.years.update({row["first"].astimezone(zone).year, row["last"].astimezone(zone).year})
    facets.cities = sorted(cities)
    facets.countries = sorted(countries)
    facets.venues = sorted(venues.items(), key=lambda item: item[1])
    return facets


def shown(path):
    """The translated column `path` as the page shows it: the current language's text, else the default
    language's (django-modeltranslation's fallback, which `values()` across a relation does not apply)."""
    default = F(f"{path}_{settings.LANGUAGE_CODE}")
    language = (translation.get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    if language == settings.LANGUAGE_CODE:
        return default
    text = CharField()
    return Coalesce(NullIf(F(f"{path}_{language}"), Value(""), output_field=text), default, output_field=text)


def in_any_language(path, value):
    """`?city=Moscow` and `?city=Москва` both work on every page: a link or a bookmark keeps working
    when the visitor switches language."""
    condition = Q()
    for column in in_every_language(path):
        condition |= Q(**{f"{column}__iexact": value})
    return condition


class ConcertFilter:
    """Applies the query string to a concert queryset; unknown values simply match nothing."""

    def __init__(self, queryset, data):
        self.base = queryset
        self.form = ConcertFilterForm({key: data.get(key, "") for key in ConcertFilterForm.base_fields})

    @property
    def is_active(self):
        return any(self.form.data.values())

    @cached_property
    def facets(self):
        return facets_for(self.base)

    @cached_property
    def queryset(self):
        if not self.form.is_valid():
            return self.base.none()
        values = self.form.cleaned_data
        queryset = self.base
        if values["city"]:
            queryset = queryset.filter(in_any_language("venue__city", values["city"]))
        if values["country"]:
            queryset = queryset.filter(in_any_language("venue__country", values["country"]))
        if values["venue"]:
            queryset = queryset.filter(venue__slug=values["venue"])
        if values["year"]:
            queryset = queryset.filter(self.local_year_q(values["year"]))
        return queryset

    def local_year_q(self, year):
        """Concerts in `year` as counted at their venue: one date range per time zone in use.

        A year in which no concert of the listing falls (the facets know every local year present) matches
        nothing without a range being built: years near 1 or 9999 have no range a datetime can hold in
        every zone (1 January of year 1 in Moscow is before the first UTC moment)."""
        if year not in self.facets.years:
            return Q(pk__in=[])
        condition = Q(pk__in=[])
        for name in sorted(self.facets.zones):
            zone = get_zone(name)
            start = datetime(year, 1, 1, tzinfo=zone)
            # The year after 9999 has no datetime: an open end then.
            end = datetime(year + 1, 1, 1, tzinfo=zone) if year < 9999 else None
            condition |= Q(venue__timezone=name, starts_at__gte=start, **({"starts_at__lt": end} if end else {}))
        return condition

    def summary(self):
        """Words for the active filters, e.g. 'Moscow · 2030'."""
        if not self.form.is_valid():
            return ""
        values = self.form.cleaned_data
        venue_names = dict(self.facets.venues) if values["venue"] and "facets" in self.__dict__ else {}
        parts = [values["city"], values["country"], venue_names.get(values["venue"], values["venue"]),
                 str(values["year"] or "")]
        return " · ".join(p for p in parts if p)
