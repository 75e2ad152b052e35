"""Concerts and venues as spreadsheet rows, for the admin's import and export (django-import-export).

One row per concert. Its date and time are the venue's wall-clock time, as in the admin form. The venue is
named by its name and city; a venue not yet on the site is created from the row (its zone from the
`timezone` column, or told from the country and city). The programme is one work per line, written
“Composer: Work, Op. 35”; performers one per line, “Name (role)”; ticket links one per line, “Seller (kind):
URL | price text | 1500 RUB | on sale 2031-09-01 10:00”. Programme and performers become the shared
composer, work and performer records, and ticket links their own rows, through the services that own them
(concerts/services.py).

Rows are matched to concerts by their `slug` (the concert's web address, written by the export); a row
without one is matched by the address the concert gets from its title and local date, as the admin
gives it. Importing the same file again therefore finds the same concerts, sees nothing to change and
saves nothing. Text columns are the default language's; the other languages' texts are left as they are.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy as _, override
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from modeltranslation.utils import build_localized_fieldname

from fansite.editor_fields import DATE_ERROR, DATE_INPUT_FORMATS, TIME_ERROR, TIME_INPUT_FORMATS
from fansite.spreadsheets.resources import SpreadsheetResource, is_blank, yes_no

from .forms import nonexistent_time_message
from .countries import country_code, country_name
from .models import Collaborator, Concert, Series, TicketLink, Venue, programme_prefetches
from .calendars import refresh_entries
from .services import concert_performers_set, concert_programme_set, concert_ticket_links_set
from .search import search_documents_deferred
from .timezones import NonexistentLocalTime, get_zone, make_aware_in, suggest_zone


def unique_slug(model, base):
    """`base`, or `base-2`, `base-3`… whichever no row of `model` uses yet."""
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unknown_zone_message(zone):
    """Why `zone` cannot be a venue's zone, or None if it can."""
    try:
        get_zone(zone)
    except (ValueError, KeyError, OSError):
        return gettext("Unknown time zone “%(zone)s”: use an IANA name such as Europe/Moscow.") % {"zone": zone}
    return None


def default_column(name):
    """`title_en`: the column of a translated field in the default language, whatever the editor's language."""
    return build_localized_fieldname(name, settings.LANGUAGE_CODE)


def text(value):
    """A cell as text: numbers and dates as a spreadsheet shows them, empty cells as ""."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def lines(value):
    """The non-empty lines of a multi-line cell, trimmed, in order."""
    return [line.strip() for line in text(value).replace("\r\n", "\n").split("\n") if line.strip()]


# --- Dates and times: the forms the admin form accepts (fansite/editor_fields.py) ---------------

def parse_local_date(value):
    """A date from a cell (a spreadsheet date, or text such as 20/05/2027 or 2027-05-20); ValueError if none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for form in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text(value), form).date()
        except ValueError:
            continue
    raise ValueError(f"“{text(value)}” {DATE_ERROR}" if text(value) else str(_("Give the concert's date.")))


def parse_local_time(value):
    """A time from a cell (a spreadsheet time, or text such as 19:30 or 7:30 pm); ValueError if none."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    for form in TIME_INPUT_FORMATS:
        try:
            return datetime.strptime(text(value).upper(), form).time()
        except ValueError:
            continue
    raise ValueError(f"“{text(value)}” {TIME_ERROR}" if text(value) else str(_("Give the concert's start time.")))


# --- The programme, performers and ticket links as lines ----------------------------------------

# The last part of "Work, Op. 35" that is a catalogue number: a known catalogue's abbreviation and a number.
CATALOGUE = re.compile(
    r",\s*((?:Op|Opus|BWV|KV|K|D|Hob|RV|WoO|HWV|TWV|Sz|BB|TrV|FP|JW|Wq|S|L|M|H)\b\.?\s*[^,]*\d[^,]*)$")


def programme_line(composer, work, catalogue_number):
    return f"{composer}: {work}, {catalogue_number}" if catalogue_number else f"{composer}: {work}"


def parse_programme(value):
    """[(composer, work, catalogue number)] from “Composer: Work, Op. 35” lines; ValueError naming a bad line."""
    entries = []
    for line in lines(value):
        composer, colon, rest = line.partition(":")
        if not colon or not composer.strip() or not rest.strip():
            raise ValueError(gettext("Programme line “%(line)s”: write “Composer: Work, Op. 35”.") % {"line": line})
        match = CATALOGUE.search(rest)
        work, catalogue = (rest[:match.start()], match[1]) if match else (rest, "")
        entries.append((composer.strip(), work.strip(), catalogue.strip()))
    return entries


def spellings(choices):
    """Every way a value of `choices` (a TextChoices) may be written: its code and its label in each language,
    lower case, each mapped to the code."""
    names = {}
    for choice in choices:
        names[choice.value] = choice.value
        for language, _name in settings.LANGUAGES:
            with override(language):
                names[str(choice.label).lower()] = choice.value
    return names


@lru_cache(maxsize=1)
def role_names():
    return spellings(Collaborator.Role)


PERFORMER = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$")


def parse_performers(value):
    """[(name, role)] from “Name (role)” lines (a line without a role: “other”); ValueError on an unknown role."""
    roles, entries = role_names(), []
    for line in lines(value):
        match = PERFORMER.match(line)
        if match is None:
            entries.append((line, Collaborator.Role.OTHER.value))
            continue
        role = roles.get(match["role"].strip().lower())
        if role is None:
            raise ValueError(gettext("Performer “%(line)s”: the role in brackets is one of %(roles)s.") % {
                "line": line, "roles": ", ".join(role.value for role in Collaborator.Role)})
        entries.append((match["name"].strip(), role))
    return entries


@lru_cache(maxsize=1)
def kind_names():
    return spellings(TicketLink.Kind)


URL = re.compile(r"^https?://\S+$")
TICKET_HEAD = re.compile(r"^(?P<seller>.+?)(?:\s*\((?P<kind>[^()]+)\))?(?:\s*:\s*(?P<url>https?://\S+))?$")
PRICE = re.compile(r"^(?P<price>\d+(?:[.,]\d+)?)\s*(?P<currency>[A-Za-z]{3})$")
ON_SALE = re.compile(r"^on sale\s+(?P<date>\S+)\s+(?P<time>.+)$", re.IGNORECASE)


def parse_tickets(value):
    """[link dict] from lines “Seller (kind): https://… | price text | 1500 RUB | on sale 2031-09-01 10:00”
    (all but the seller or address optional; a bare address is sold by its site), as
    `concerts.services.concert_ticket_links_set` takes them; ValueError naming a bad line."""
    kinds, entries = kind_names(), []
    for line in lines(value):
        head, *details = [part.strip() for part in line.split(" | ")]
        if URL.match(head):
            seller, kind, url = urlsplit(head).hostname or head, None, head
        else:
            match = TICKET_HEAD.match(head)
            if match is None:
                raise ValueError(gettext("Ticket line “%(line)s”: write “Seller: https://…”.") % {"line": line})
            seller, kind, url = match["seller"], match["kind"], match["url"] or ""
        link = {"seller": seller.strip(), "url": url, "kind": TicketLink.Kind.STANDARD.value, "price": None,
                "currency": "", "price_text": "", "on_sale_local": None}
        if kind is not None:
            link["kind"] = kinds.get(kind.strip().lower())
            if link["kind"] is None:
                raise ValueError(gettext("Ticket line “%(line)s”: the kind in brackets is one of %(kinds)s.") % {
                    "line": line, "kinds": ", ".join(kind.value for kind in TicketLink.Kind)})
        for detail in details:
            if match := PRICE.match(detail):
                link["price"] = Decimal(match["price"].replace(",", "."))
                link["currency"] = match["currency"].upper()
            elif match := ON_SALE.match(detail):
                link["on_sale_local"] = datetime.combine(parse_local_date(match["date"]), parse_local_time(match["time"]))
            elif detail:
                link["price_text"] = detail
        entries.append(link)
    return entries


def ticket_line(link):
    """The line `parse_tickets` reads back as `link`."""
    head = link["seller"] + (f" ({link['kind']})" if link["kind"] != TicketLink.Kind.STANDARD else "")
    parts = [f"{head}: {link['url']}" if link["url"] else head]
    if link["price_text"]:
        parts.append(link["price_text"])
    if link["price"] is not None:
        parts.append(f"{link['price']} {link['currency']}")
    if link["on_sale_local"] is not None:
        parts.append(f"on sale {link['on_sale_local']:%Y-%m-%d %H:%M}")
    return " | ".join(parts)


# --- What this site stores for those lines (kept small: other branches change these models) ------

def concert_programme_entries(concert):
    return [(getattr(item.work.composer, default_column("name")) or "", getattr(item.work, default_column("title")) or "",
             item.work.catalogue_number) for item in concert.programme.all()]


def concert_programme_lines(concert):
    return [programme_line(*entry) for entry in concert_programme_entries(concert)]


def concert_performer_entries(concert):
    return [(getattr(person.performer, default_column("name")) or "", person.role)
            for person in concert.collaborators.all()]


def concert_performer_lines(concert):
    return [f"{name} ({role})" for name, role in concert_performer_entries(concert)]


def concert_ticket_entries(concert):
    return [{
        # An empty translation column may be NULL (a row made in code) or "" (a form): the same text.
        "seller": getattr(link, default_column("seller")) or "", "url": link.url, "kind": link.kind,
        "price": link.price, "currency": link.currency, "price_text": getattr(link, default_column("price_text")) or "",
        "on_sale_local": timezone.localtime(link.on_sale_at, concert.venue.zone).replace(
            tzinfo=None, second=0, microsecond=0) if link.on_sale_at else None,
    } for link in concert.ticket_links.all()]


def concert_ticket_lines(concert):
    return [ticket_line(link) for link in concert_ticket_entries(concert)]


def concert_tickets_check(concert, entries):
    """ValidationError in words if `entries` are not valid ticket links for `concert`, checked as
    `concert_ticket_links_set` checks them, without saving (the dry run saves nothing)."""
    messages = []
    for entry in entries:
        on_sale_local = entry["on_sale_local"]
        link = TicketLink(concert=concert, **{key: value for key, value in entry.items() if key != "on_sale_local"})
        if on_sale_local is not None:
            try:
                link.on_sale_at = make_aware_in(on_sale_local, concert.venue.timezone)
            except NonexistentLocalTime:
                messages.append(nonexistent_time_message(on_sale_local, concert.venue.timezone))
        try:
            link.full_clean(exclude=["concert"])
        except ValidationError as error:
            messages.extend(f"{entry['seller']}: {message}" for message in error.messages)
    if messages:
        raise ValidationError(messages)


def concert_tickets_store(concert, entries):
    # The service writes the active language's columns; the file holds the default language's.
    with override(settings.LANGUAGE_CODE):
        try:
            concert_ticket_links_set(concert=concert, links=entries)
        except ValidationError as error:
            raise ValidationError({"tickets": error.messages})
        except NonexistentLocalTime as error:
            raise ValidationError({"tickets": nonexistent_time_message(error.args[0], concert.venue.timezone)})


# The multi-line columns: (column, parse the cell, the concert's stored entries, what of them is compared,
# the stored entries as the export writes them).
PARTS = (
    ("programme", parse_programme, concert_programme_entries, list, concert_programme_lines),
    ("performers", parse_performers, concert_performer_entries, list, concert_performer_lines),
    ("tickets", parse_tickets, concert_ticket_entries, list, concert_ticket_lines),
)


# --- Widgets ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def status_names():
    """Every way a status may be written: its code and its label in each language, lower case."""
    names = {}
    for status in Concert.Status:
        names[status.value] = status.value
        for language, _name in settings.LANGUAGES:
            with override(language):
                names[str(status.label).lower()] = status.value
    return names


class StatusWidget(widgets.Widget):
    """A status as its code (`sold_out`, what the export writes) or its label in any language."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        found = status_names().get(text(value).lower())
        if found is None:
            raise ValueError(gettext("“%(value)s” is not a status: write one of %(statuses)s.") % {
                "value": text(value), "statuses": ", ".join(status.value for status in Concert.Status)})
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return yes_no(value)

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class TextWidget(widgets.CharWidget):
    """Text cells trimmed; numbers a spreadsheet typed into a text column read as it shows them."""

    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CountryWidget(widgets.Widget):
    """A country by its name in English or Russian, or its ISO code; written as its English name."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        code = country_code(text(value))
        if not code:
            raise ValueError(unknown_country_message(text(value)))
        return code

    def render(self, value, obj=None, **kwargs):
        return country_name(str(value or ""), settings.LANGUAGE_CODE)


def unknown_country_message(value):
    return gettext("Unknown country “%(country)s”: write its name (e.g. Japan) or its ISO code (e.g. JP).") % {
        "country": value}


# --- Venues -----------------------------------------------------------------------------------

class VenueResource(SpreadsheetResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=TextWidget())
    name = fields.Field(attribute=default_column("name"), column_name="name", widget=TextWidget())
    city = fields.Field(attribute=default_column("city"), column_name="city", widget=TextWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    timezone = fields.Field(attribute="timezone", column_name="timezone", widget=TextWidget())
    address = fields.Field(attribute=default_column("address"), column_name="address", widget=TextWidget())
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=widgets.DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=widgets.DecimalWidget())
    website = fields.Field(attribute="website", column_name="website", widget=TextWidget())

    required_columns = ("name", "city", "country")
    column_help = {
        "slug": _("the venue's web address; empty: made from the name"),
        "name": _("name"),
        "city": _("city"),
        "country": _("country"),
        "timezone": _("IANA time zone, e.g. Europe/Moscow; empty: told from the country and city"),
        "address": _("street and postcode"),
        "latitude": _("degrees north"),
        "longitude": _("degrees east"),
        "website": _("website address"),
    }

    class Meta:
        model = Venue
        fields = ["slug", "name", "city", "country", "timezone", "address", "latitude", "longitude", "website"]
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader
        store_instance = True
        store_row_values = True
        report_skipped = True
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        slugs, names = dataset.headers.index("slug"), dataset.headers.index("name")
        for number, row in enumerate(dataset):
            if is_blank(row[slugs]) and not is_blank(row[names]):
                values = list(row)
                values[slugs] = slugify(text(row[names]))[:200]
                dataset[number] = values

    def import_related(self, instance, row, errors, notes):
        if instance.timezone and "timezone" not in errors:
            if message := unknown_zone_message(instance.timezone):
                errors["timezone"] = [message]
        if not instance.timezone and "timezone" not in errors:
            zone = suggest_zone(str(instance.country or ""), getattr(instance, default_column("city")) or "")
            if zone is None:
                errors.setdefault("timezone", []).append(gettext(
                    "Give the venue's time zone: it could not be told from the country and city."))
            else:
                instance.timezone = zone


# --- Concerts ---------------------------------------------------------------------------------

class ConcertResource(SpreadsheetResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=TextWidget())
    title = fields.Field(attribute=default_column("title"), column_name="title", widget=TextWidget())
    venue = fields.Field(column_name="venue")
    city = fields.Field(column_name="city")
    country = fields.Field(column_name="country")
    timezone = fields.Field(column_name="timezone")
    date = fields.Field(column_name="date")
    time = fields.Field(column_name="time")
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget(),
                          default=Concert.Status.ON_SALE.value)
    published = fields.Field(attribute="is_published", column_name="published", widget=YesNoWidget(), default=False)
    duration_minutes = fields.Field(attribute="duration_minutes", column_name="duration_minutes",
                                    widget=widgets.IntegerWidget())
    tickets = fields.Field(column_name="tickets")
    series = fields.Field(column_name="series")
    programme = fields.Field(column_name="programme")
    performers = fields.Field(column_name="performers")
    description = fields.Field(attribute=default_column("description"), column_name="description", widget=TextWidget())

    required_columns = ("title", "venue", "date", "time")
    column_help = {
        "slug": _("the concert's web address; empty: made from the title and date (the key that finds the "
                  "concert again when the file is imported again)"),
        "title": _("title"),
        "venue": _("the venue's name; a venue not yet on the site is created"),
        "city": _("the venue's city"),
        "country": _("the venue's country (for a new venue)"),
        "timezone": _("the venue's IANA time zone, e.g. Europe/Moscow (for a new venue; empty: told from the "
                      "country and city)"),
        "date": _("date at the venue, e.g. 2027-05-20 or 20/05/2027"),
        "time": _("start at the venue, in its own time zone, e.g. 19:30"),
        "status": _("on_sale, sold_out, cancelled, postponed or rescheduled; empty: on sale"),
        "published": _("yes or no; empty: a draft"),
        "duration_minutes": _("length in minutes, including the interval"),
        "tickets": _("one ticket link per line: “Seller (kind): https://… | price text | 1500 RUB | on sale "
                     "2031-09-01 10:00”; all but the seller or the address may be left out; kind one of standard, "
                     "presale, members, vip, livestream, returns"),
        "series": _("the tour, festival or season it belongs to; a series not yet on the site is created"),
        "programme": _("one work per line: “Composer: Work, Op. 35”"),
        "performers": _("one per line: “Name (role)”, role one of orchestra, conductor, pianist, ensemble, "
                        "soloist, other"),
        "description": _("description"),
    }

    class Meta:
        model = Concert
        fields = ["slug", "title", "venue", "city", "country", "timezone", "date", "time", "status", "published",
                  "duration_minutes", "tickets", "series", "programme",
                  "performers", "description"]
        import_id_fields = ["slug"]
        instance_loader_class = CachedInstanceLoader
        store_instance = True
        store_row_values = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Concert.objects.select_related("venue", "series").prefetch_related(*programme_prefetches(),
                                                                                  "ticket_links")

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset.select_related("venue", "series").prefetch_related(
            *programme_prefetches(), "ticket_links"), **kwargs)

    # --- The file: venues known, keys derived ---------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.venues = list(Venue.objects.all())
        self.saved_pks = []
        self.series = list(Series.objects.all())
        headers = dataset.headers
        slugs, titles, dates = headers.index("slug"), headers.index("title"), headers.index("date")
        for number, row in enumerate(dataset):
            if not is_blank(row[slugs]) or is_blank(row[titles]):
                continue
            try:
                local_date = parse_local_date(row[dates])
            except ValueError:
                continue
            values = list(row)
            values[slugs] = slugify(f"{text(row[titles])} {local_date:%Y-%m-%d}")[:190]
            dataset[number] = values

    # --- One row ----------------------------------------------------------------------------

    def import_related(self, instance, row, errors, notes):
        previous_venue_id = instance.venue_id
        venue = self.row_venue(row, errors, notes)
        if venue is not None:
            instance.venue = venue
        self.import_start(instance, row, venue, previous_venue_id, errors)
        if "series" in row:
            instance.series = self.row_series(row, errors, notes)
        if not instance.slug and not errors:
            errors["slug"] = [gettext("Give the concert a slug, or a title and a date to make one from.")]
        instance.import_parts = {}
        for column, parse, stored, key, stored_lines in PARTS:
            if column not in row:
                continue  # not in the file: left as it is
            if instance.pk and lines(row[column]) == stored_lines(instance):
                continue  # as exported (even where the text reads two ways: “Caprice, Op. 1” as a title)
            try:
                entries = parse(row[column])
            except ValueError as error:
                errors.setdefault(column, []).append(str(error))
                continue
            if instance.pk and key(entries) == key(stored(instance)):
                continue  # as stored
            instance.import_parts[column] = entries
        if "tickets" in instance.import_parts and venue is not None:
            try:
                concert_tickets_check(instance, instance.import_parts["tickets"])
            except ValidationError as error:
                errors.setdefault("tickets", []).extend(error.messages)

    def row_venue(self, row, errors, notes):
        """The row's venue: found by name (and city), or made from the row (a note says so); None if it
        cannot be, with the reason in `errors`."""
        name, city, country, zone = (text(row.get(column)) for column in ("venue", "city", "country", "timezone"))
        if not name:
            errors.setdefault("venue", []).append(gettext("Give the venue's name."))
            return None
        same_name = [venue for venue in self.venues
                     if getattr(venue, default_column("name")).casefold() == name.casefold()]
        found = [venue for venue in same_name if getattr(venue, default_column("city")).casefold() == city.casefold()]
        if not city and len(same_name) == 1:
            found = same_name
        if found:
            venue = found[0]
            if zone and zone != venue.timezone:
                errors.setdefault("timezone", []).append(gettext(
                    "%(venue)s is in %(venue_zone)s, not %(zone)s: change the venue's zone on its page, or leave "
                    "this column empty.") % {"venue": venue, "venue_zone": venue.timezone, "zone": zone})
            return venue
        return self.new_venue(name, city, country, zone, errors, notes)

    def row_series(self, row, errors, notes):
        """The row's series, found by name or made (a note says so); None for an empty cell."""
        name = text(row.get("series"))
        if not name:
            return None
        for series in self.series:
            if getattr(series, default_column("name")).casefold() == name.casefold():
                return series
        series = Series(slug=unique_slug(Series, slugify(name)[:190] or "series"), **{default_column("name"): name})
        try:
            series.full_clean()
        except ValidationError as error:
            errors.setdefault("series", []).extend(error.messages)
            return None
        series.save()
        self.series.append(series)
        notes.append(gettext("New series “%(series)s” will be created.") % {"series": name})
        return series

    def new_venue(self, name, city, country, zone, errors, notes):
        faults = []
        if not city:
            faults.append(gettext("Give the city of the new venue “%(name)s”.") % {"name": name})
        if not country:
            faults.append(gettext("Give the country of the new venue “%(name)s”.") % {"name": name})
        elif not country_code(country):
            errors.setdefault("country", []).append(unknown_country_message(country))
            return None
        country = country_code(country)
        if zone:
            if message := unknown_zone_message(zone):
                errors.setdefault("timezone", []).append(message)
                return None
        elif city and country:
            zone = suggest_zone(country, city)
            if zone is None:
                faults.append(gettext("Give the time zone of the new venue “%(name)s”: it could not be told from "
                                      "the country and city.") % {"name": name})
        if faults:
            errors.setdefault("venue", []).extend(faults)
            return None
        venue = Venue(slug=unique_slug(Venue, slugify(name)[:190] or "venue"), timezone=zone, country=country, **{
            default_column("name"): name, default_column("city"): city})
        try:
            venue.full_clean()
        except ValidationError as error:
            errors.setdefault("venue", []).extend(
                gettext("The new venue “%(name)s” cannot be created: %(reason)s") % {"name": name, "reason": message}
                for message in error.messages)
            return None
        venue.save()
        self.venues.append(venue)
        notes.append(gettext("New venue “%(venue)s” will be created (time zone %(zone)s).") % {
            "venue": venue, "zone": zone})
        return venue

    def import_start(self, instance, row, venue, previous_venue_id, errors):
        """The start from the row's local date and time in the venue's zone. A start as the export wrote it
        (minutes) keeps the stored instant exactly, so an unchanged row is not a change."""
        naive = None
        try:
            local_date = parse_local_date(row.get("date"))
        except ValueError as error:
            errors.setdefault("date", []).append(str(error))
            local_date = None
        try:
            local_time = parse_local_time(row.get("time"))
        except ValueError as error:
            errors.setdefault("time", []).append(str(error))
            local_time = None
        if local_date and local_time:
            naive = datetime.combine(local_date, local_time).replace(second=0, microsecond=0)
        if naive is None or venue is None:
            return
        if instance.starts_at is not None and previous_venue_id == venue.pk:
            shown = timezone.localtime(instance.starts_at, venue.zone).replace(tzinfo=None, second=0, microsecond=0)
            if shown == naive:
                return
        try:
            instance.starts_at = make_aware_in(naive, venue.timezone)
        except NonexistentLocalTime:
            errors.setdefault("time", []).append(nonexistent_time_message(naive, venue.timezone))

    def related_changed(self, instance):
        return bool(instance.import_parts)

    def import_data_inner(self, *args, **kwargs):
        """Search documents are made once per saved concert, at the end, inside the import's transaction
        (concerts/search.py `search_documents_deferred`)."""
        with search_documents_deferred():
            return super().import_data_inner(*args, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        """A dry run saves no concert: every row was validated (`validate_instance`, the ticket links in
        `import_related`) and the preview reads the programme, performers and links from the row; so a
        1,000-row dry run is quick enough to run again for each page of the preview."""
        if kwargs.get("dry_run"):
            return
        # Calendar entries are made once for the whole file (after_import), a few queries per language
        # instead of a query and a serialisation per concert and language.
        instance.defer_calendar_entry = True
        super().save_instance(instance, is_create, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            refresh_entries(Concert.objects.filter(
                Q(pk__in=[pk for pk in self.saved_pks if pk]) | Q(rescheduled_to__in=self.saved_pks)))

    def after_save_instance(self, instance, row, **kwargs):
        self.saved_pks.append(instance.pk)
        parts = instance.import_parts
        for column, store in (("programme", concert_programme_set), ("performers", concert_performers_set)):
            if column in parts:
                try:
                    store(concert=instance, entries=parts[column])
                except ValidationError as error:
                    raise ValidationError({column: error.messages})
        if "tickets" in parts:
            concert_tickets_store(instance, parts["tickets"])
        getattr(instance, "_prefetched_objects_cache", {}).clear()  # the dry run shows what was saved

    # --- Export (and the dry run's "as it will be saved") -------------------------------------

    def dehydrate_venue(self, concert):
        return getattr(concert.venue, default_column("name")) if concert.venue_id else ""

    def dehydrate_city(self, concert):
        return getattr(concert.venue, default_column("city")) if concert.venue_id else ""

    def dehydrate_country(self, concert):
        return country_name(str(concert.venue.country), settings.LANGUAGE_CODE) if concert.venue_id else ""

    def dehydrate_series(self, concert):
        return getattr(concert.series, default_column("name")) if concert.series_id else ""

    def dehydrate_timezone(self, concert):
        return concert.venue.timezone if concert.venue_id else ""

    def dehydrate_date(self, concert):
        return f"{concert.local_starts_at:%Y-%m-%d}" if concert.venue_id and concert.starts_at else ""

    def dehydrate_time(self, concert):
        return f"{concert.local_starts_at:%H:%M}" if concert.venue_id and concert.starts_at else ""

    # The preview shows a row's programme, performers and links as read from the file where they change.

    def dehydrate_programme(self, concert):
        if "programme" in getattr(concert, "import_parts", {}):
            return "\n".join(programme_line(*entry) for entry in concert.import_parts["programme"])
        return "\n".join(concert_programme_lines(concert)) if concert.pk else ""

    def dehydrate_performers(self, concert):
        if "performers" in getattr(concert, "import_parts", {}):
            return "\n".join(f"{name} ({role})" for name, role in concert.import_parts["performers"])
        return "\n".join(concert_performer_lines(concert)) if concert.pk else ""

    def dehydrate_tickets(self, concert):
        if "tickets" in getattr(concert, "import_parts", {}):
            return "\n".join(ticket_line(link) for link in concert.import_parts["tickets"])
        return "\n".join(concert_ticket_lines(concert)) if concert.pk else ""
