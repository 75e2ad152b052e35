"""Listing filters: city, country, venue, series, year and season, read from the query string (a plain GET
form).

Years are the venue's local years: a New Year's Eve concert at 20:00 in New York (01:00 UTC on 1 January)
belongs to the old year. A concert season runs from 1 September to 31 August at the venue (`?season=2025-26`;
the summer counts with the season it ends). Countries are ISO codes (`?country=RU`); a country's name in
any language (`?country=Russia`, the links of old) stands for its code. The choices come from one grouped
query, whatever the number of concerts.

Cache: that grouped query and its rows were the largest cost of an uncached archive page (at 10,000 concerts,
one third of it; 60 ms at 100,000 on PostgreSQL). A listing's choices change only when content is saved or
when a concert starts (it moves from upcoming to past) or a scheduled item appears or goes, so they are kept
in the shared cache under the content version (fansite/caching.py; every content save replaces it) and the
language, until the next such moment (`cached_facets`). The calendar feeds, which read the choices only for
`?year=`, compute them uncached.
"""

import html
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from django import forms
from django.conf import settings
from django.db.models import CharField, F, Max, Min, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from fansite.caching import KeptInProcess, content_version
from fansite.publishing import published_q
from fansite.text_search import in_every_language

from .countries import country_code, country_name
from .timezones import get_zone

SEASON_START_MONTH = 9  # September


def season_of(moment):
    """The first year of the concert season `moment` (a local datetime) falls in: 2025 for 2025-26."""
    return moment.year if moment.month >= SEASON_START_MONTH else moment.year - 1


def season_label(first_year):
    return f"{first_year}-{(first_year + 1) % 100:02d}"


class SeasonField(forms.CharField):
    """`2025-26` → 2025 (the season's first year); anything else is invalid."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        first, _sep, second = value.partition("-")
        if not (first.isascii() and first.isdigit() and len(first) == 4 and second.isascii() and second.isdigit()
                and len(second) == 2 and (int(first) + 1) % 100 == int(second)):
            raise forms.ValidationError(_("A season is written like 2025-26."), code="invalid")
        return int(first)


# The layout's own version ("v3": the facets and their validity, `KeptInProcess.read_or_build`) is in the key,
# so that after a deploy no entry stored by the previous code, in another shape, is read back.
FACETS_KEY = "concerts:facets:v3:{listing}:{language}:{version}"
FACETS_MAX_SECONDS = 24 * 3600
kept_here = KeptInProcess(max_age=FACETS_MAX_SECONDS)  # this process's copy of the entries it read


class ChoiceListSelect(forms.Select):
    """A `<select>` with the markup of Django's, its options joined in Python.

    Django renders every option through a template of its own (about 0.1 ms each); the archive's venue,
    city, country and year lists hold some 260 options at 200 venues, which was a third of an uncached
    archive page. Each option is escaped and joined as a plain string (format_html per option took 2 ms
    of a page), with the standard library's `html.escape`, which is what Django's `escape` calls before
    marking the result safe: the same text at a fifth of the cost (0.7 ms a listing page). Flat choices
    only (no option groups), which is all the filters have."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = mark_safe("".join(
            f'\n  <option value="{html.escape(str(choice))}"{" selected" if str(choice) in selected else ""}>'
            f'{html.escape(str(label))}</option>'
            for choice, label in self.choices
        ))
        # Django's order: the name first, then the other attributes (flatatt sorts them).
        return format_html('<select name="{}"{}>{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


class ConcertFilterForm(forms.Form):
    city = forms.CharField(label=_("City"), required=False, widget=ChoiceListSelect)
    country = forms.CharField(label=_("Country"), required=False, widget=ChoiceListSelect)
    venue = forms.SlugField(label=_("Venue"), required=False, widget=ChoiceListSelect)
    series = forms.SlugField(label=_("Series"), required=False, widget=ChoiceListSelect)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1, max_value=9999, widget=ChoiceListSelect)
    season = SeasonField(label=_("Season"), required=False, widget=ChoiceListSelect)

    def clean_country(self):
        """The ISO code, from a code or a name in any language; "" stays "", an unknown name is kept (and
        matches nothing)."""
        value = self.cleaned_data["country"]
        return country_code(value) or value

    def set_choices(self, facets, newest_first):
        years = sorted(facets.years, reverse=newest_first)
        seasons = sorted(facets.seasons, reverse=newest_first)
        self.fields["city"].widget.choices = [("", _("All cities")), *((c, c) for c in facets.cities)]
        self.fields["country"].widget.choices = [("", _("All countries")), *facets.countries]
        self.fields["venue"].widget.choices = [("", _("All venues")), *facets.venues]
        self.fields["series"].widget.choices = [("", _("All series")), *facets.series]
        self.fields["year"].widget.choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["season"].widget.choices = [("", _("All seasons")),
                                                *((season_label(s), season_label(s)) for s in seasons)]
        if not facets.series:  # no concert of the listing belongs to one: the box would offer nothing
            del self.fields["series"]


@dataclass
class Facets:
    cities: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # (ISO code, name)
    venues: list = field(default_factory=list)  # (slug, "Name, City")
    series: list = field(default_factory=list)  # (slug, name)
    years: set = field(default_factory=set)
    seasons: set = field(default_factory=set)  # first years: 2025 for 2025-26
    zones: set = field(default_factory=set)
    # The filter form's fields rendered from these choices, by language and values (`ConcertFilter.fields_html`).
    rendered: dict = field(default_factory=dict, compare=False, repr=False)

    def choice_values(self):
        """Each filter's values as the form's choices write them (its "all" choice, "", included)."""
        if "_choice_values" not in self.__dict__:
            self._choice_values = {
                "city": {"", *self.cities}, "country": {"", *(code for code, _name in self.countries)},
                "venue": {"", *(slug for slug, _name in self.venues)},
                "series": {"", *(slug for slug, _name in self.series)},
                "year": {"", *map(str, self.years)}, "season": {"", *map(season_label, self.seasons)},
            }
        return self._choice_values


class UtcYear(ExtractYear):
    """The UTC year of a datetime column. On SQLite, read from the stored text ('YYYY-MM-DD HH:MM:SS' in
    UTC) instead of Django's Python function called once per row: the past archive's facets at 10,000
    concerts take 16 ms instead of 39."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


def facets_for(queryset):
    """Cities, countries, venues, series, local years and seasons, and time zones present in `queryset`:
    one query.

    Rows are grouped per venue, series and UTC year with the first and last start in each group. Within one
    venue (one zone) local year only ever moves forward with time, and one UTC year overlaps at most two
    local years, so the local years of the first and last start are exactly the local years in that group;
    the same holds for seasons (a UTC year overlaps at most two: the one ending and the one starting in
    September).
    """
    rows = (
        queryset.order_by()
        .values("venue__slug", "venue__timezone", "venue__country", "series__slug", utc_year=UtcYear("starts_at"),
                series__name=shown("series__name"),
                **{f"venue__{name}": shown(f"venue__{name}") for name in ("name", "city")})
        .annotate(first=Min("starts_at"), last=Max("starts_at"))
    )
    facets, cities, countries, venues, series = Facets(), set(), set(), {}, {}
    for row in rows:
        zone = get_zone(row["venue__timezone"])
        cities.add(row["venue__city"])
        countries.add(row["venue__country"])
        venues[row["venue__slug"]] = f'{row["venue__name"]}, {row["venue__city"]}'
        if row["series__slug"]:
            series[row["series__slug"]] = row["series__name"]
        facets.zones.add(row["venue__timezone"])
        first, last = row["first"].astimezone(zone), row["last"].astimezone(zone)
        facets.years.update({first.year, last.year})
        facets.seasons.update({season_of(first), season_of(last)})
    facets.cities = sorted(cities)
    facets.countries = sorted(((code, country_name(code) or code) for code in countries), key=lambda item: item[1])
    facets.venues = sorted(venues.items(), key=lambda item: item[1])
    facets.series = sorted(series.items(), key=lambda item: item[1])
    return facets


def cached_facets(listing, queryset, now=None, version=None):
    """`facets_for(queryset)`, kept per listing name ("past", "upcoming"), language and content version
    until the next concert starts or the next scheduled publication change (see the module's docstring).
    `queryset` must be the listing `listing` names; computed uncached when the cache server is down.
    `version`: the content version the request read (`request_content_version`), else it is read here.
    This process keeps a copy of the entries it has read (`fansite.caching.KeptInProcess`)."""
    version = version or content_version()
    now = now or timezone.now()
    key = (FACETS_KEY.format(listing=listing, language=translation.get_language() or "", version=version)
           if version is not None else None)
    return kept_here.read_or_build(key, lambda: facets_for(queryset),
                                   lambda _facets: next_listing_change(queryset.model, now), now)


def next_listing_change(model, now):
    """The first moment after `now` at which a listing's concerts change with no edit: a published
    concert starts (it leaves the upcoming listing for the past one), or a concert's scheduled publication
    or withdrawal comes; None when nothing is due. One aggregate query."""
    found = model.objects.aggregate(
        start=Min("starts_at", filter=published_q(now) & Q(starts_at__gt=now)),
        publish_from=Min("publish_from", filter=Q(is_published=True, publish_from__gt=now)),
        publish_until=Min("publish_until", filter=Q(is_published=True, publish_until__gt=now)),
    )
    return min(filter(None, found.values()), default=None)


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

    def __init__(self, queryset, data, listing=None, version=None):
        """`listing` names the listing `queryset` is ("past", "upcoming") for the cached choices; None
        computes them for this request only. `version`: the content version the request read."""
        self.base = queryset
        self.listing = listing
        self.version = version
        self.form = ConcertFilterForm({key: data.get(key, "") for key in ConcertFilterForm.base_fields})

    @property
    def is_active(self):
        return any(self.form.data.values())

    # How many renderings of the form each listing's choices keep (one per language and choice asked).
    KEPT_RENDERINGS = 64

    def fields_html(self):
        """The form's fields with their labels and choices (concerts/includes/filter_fields.html), the
        current values selected. Rendered once per language and set of chosen values and kept with the
        choices they were made of (`Facets.rendered`), which this process keeps until the content or the
        listing changes (`cached_facets`): some 260 options at 200 venues, rendered, were 0.9 ms of each
        listing page. What the fields show depends on nothing else: of each value, only whether it is one
        of the choices (then selected) or else whether it is invalid (`aria-invalid`), so a value that is
        neither is kept as "other", and made-up queries cannot fill the kept renderings. Past
        KEPT_RENDERINGS of them, a form is rendered and not kept."""
        facets = self.facets
        choices = facets.choice_values()
        errors = self.form.errors
        key = (translation.get_language(), tuple(
            value if value in choices[name] else ("invalid" if name in errors else "other")
            for name, value in self.form.data.items()))
        html = facets.rendered.get(key)
        if html is None:
            self.form.set_choices(facets, newest_first=self.listing == "past")
            html = render_to_string("concerts/includes/filter_fields.html", {"form": self.form})
            if len(facets.rendered) < self.KEPT_RENDERINGS:
                facets.rendered[key] = html
        return mark_safe(html)

    @cached_property
    def facets(self):
        if self.listing is None:
            return facets_for(self.base)
        return cached_facets(self.listing, self.base, version=self.version)

    @cached_property
    def queryset(self):
        if not self.form.is_valid():
            return self.base.none()
        values = self.form.cleaned_data
        queryset = self.base
        if values["city"]:
            queryset = queryset.filter(in_any_language("venue__city", values["city"]))
        if values["country"]:
            queryset = queryset.filter(venue__country=values["country"])
        if values["venue"]:
            queryset = queryset.filter(venue__slug=values["venue"])
        if values["series"]:
            queryset = queryset.filter(series__slug=values["series"])
        if values["year"]:
            queryset = queryset.filter(self.local_year_q(values["year"]))
        if values["season"]:
            queryset = queryset.filter(self.local_season_q(values["season"]))
        return queryset

    def local_season_q(self, first_year):
        """Concerts of the season starting in September of `first_year`, as counted at their venue (see
        `local_year_q`: a season no concert of the listing falls in matches nothing, without a range)."""
        if first_year not in self.facets.seasons or first_year >= 9999:
            return Q(pk__in=[])
        condition = Q(pk__in=[])
        for name in sorted(self.facets.zones):
            zone = get_zone(name)
            start = datetime(first_year, SEASON_START_MONTH, 1, tzinfo=zone)
            end = datetime(first_year + 1, SEASON_START_MONTH, 1, tzinfo=zone)
            condition |= Q(venue__timezone=name, starts_at__gte=start, starts_at__lt=end)
        return condition

    @property
    def country_label(self):
        """The chosen country's name in the active language (or the value as given)."""
        value = self.form.cleaned_data.get("country", "") if self.form.is_valid() else ""
        return country_name(value) or value

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
        loaded = "facets" in self.__dict__
        venue_names = dict(self.facets.venues) if values["venue"] and loaded else {}
        series_names = dict(self.facets.series) if values["series"] and loaded else {}
        parts = [values["city"], self.country_label, venue_names.get(values["venue"], values["venue"]),
                 series_names.get(values["series"], values["series"]), str(values["year"] or ""),
                 season_label(values["season"]) if values["season"] else ""]
        return " · ".join(p for p in parts if p)
