"""Venues, concerts (stored in UTC, shown in the venue's zone), their programmes and performers.

Saving a row derives only that row's own fields (a concert's SEQUENCE). Work on other rows lives in
services.py (copy, reschedule, status changes) and signals.py (calendar entries and the SEQUENCE of a
venue's concerts when the venue changes).
"""

from datetime import timedelta

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy as _
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.models import HistoricalRecords

from fansite.change_tracking import ChangeTrackedModel
from fansite.templatetags.translated import long_date
from fansite.images.hardening import HardenedImageField
from fansite.images.models import RenditionedImage
from fansite.images.uploads import generated_name
from fansite.publishing import Publishable, PublishableQuerySet
from profiles.models import ArtistProfile

from .timezones import get_zone, timezone_choices, validate_timezone, zone_label


def concert_image_path(instance, filename):
    return generated_name("concerts", filename)


class Venue(ChangeTrackedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True, help_text=_("Street and postcode."))
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=timezone_choices,
        validators=[validate_timezone],
        help_text=_("IANA time zone of the venue, e.g. Europe/Moscow. Concert times are entered and shown in it."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    # The venue's name, address and zone are part of every concert's calendar entry, so an edit of these
    # is a revision of those events too (concerts/signals.py).
    tracked_fields = ("name", "address", "city", "country", "timezone", "latitude", "longitude")

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    def get_absolute_url(self):
        return reverse("venues:detail", kwargs={"slug": self.slug})

    @property
    def full_address(self):
        """One line for calendar LOCATION; the city is left out when the street address already names it."""
        city = "" if self.city and self.city in self.address else self.city
        return ", ".join(part for part in (self.name, self.address, city, self.country) if part)

    @property
    def zone(self):
        return get_zone(self.timezone)

    @property
    def time_label(self):
        """'Moscow time', 'New York time': how the page names the zone of the times it shows."""
        return zone_label(self.timezone)


class ConcertQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def for_listing(self):
        # The linked performances come in the same query: listings say "moved to …" without extra queries.
        return self.select_related("venue", "rescheduled_to__venue")

    def for_detail(self):
        # The artist's name and portrait (for the page's JSON-LD performer and image) ride along in the
        # same query as subqueries, so the page keeps its query count.
        # The name in the active language's column, else the default language's (as the profile's own
        # `name` reads): named explicitly, since a subquery cannot take django-modeltranslation's fallback.
        artist = ArtistProfile.objects.order_by("pk")
        default = f"name_{settings.LANGUAGE_CODE.replace('-', '_')}"
        current = f"name_{(translation.get_language() or settings.LANGUAGE_CODE).replace('-', '_')}"
        name = models.Subquery(artist.values(default)[:1])
        if current != default and hasattr(ArtistProfile, current):
            name = Coalesce(NullIf(models.Subquery(artist.values(current)[:1]), models.Value("")), name,
                            output_field=models.CharField())
        return (
            self.select_related("venue", "rescheduled_to__venue", "rescheduled_from__venue")
            .prefetch_related("programme", "collaborators")
            .annotate(artist_name=name, artist_portrait=models.Subquery(artist.values("portrait")[:1]))
        )

    def in_calendar_window(self, now=None):
        """What a calendar subscriber needs: upcoming concerts and those of the last CALENDAR_PAST_DAYS
        days, so the subscribed calendar stops growing with the archive (the archive download has all)."""
        return self.filter(starts_at__gte=(now or timezone.now()) - timedelta(days=settings.CALENDAR_PAST_DAYS))

    def for_calendar(self):
        return self.select_related("venue", "rescheduled_to__venue").order_by("starts_at", "pk")


class Concert(ChangeTrackedModel, Publishable, RenditionedImage):
    class Status(models.TextChoices):
        ON_SALE = "on_sale", _("On sale")
        SOLD_OUT = "sold_out", _("Sold out")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="concerts")
    starts_at = models.DateTimeField(_("starts"), db_index=True, help_text=_("Stored in UTC; entered in the venue's time zone."))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), null=True, blank=True, help_text=_("Approximate length including interval; leave empty if not known.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ON_SALE)
    rescheduled_to = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rescheduled_from",
        verbose_name=_("new performance"),
        help_text=_("For a rescheduled concert: the concert at the new date. This page keeps its URL and links to it."),
    )
    ticket_url = models.URLField(_("ticket link"), blank=True)
    price_text = models.CharField(_("price"), max_length=200, blank=True, help_text=_("e.g. “From 1 500 RUB”."))
    price_min = models.DecimalField(
        _("lowest price"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("Number only, for search engines; the price text above is what visitors read."),
    )
    price_currency = models.CharField(
        _("currency"), max_length=3, blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code such as RUB, USD or EUR."))],
        help_text=_("ISO 4217 code, e.g. RUB, USD, EUR."),
    )
    tickets_on_sale = models.DateField(_("tickets on sale from"), null=True, blank=True)
    organizer_name = models.CharField(_("organizer"), max_length=200, blank=True)
    organizer_url = models.URLField(_("organizer website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    sequence = models.PositiveIntegerField(_("sequence"),
        default=0, editable=False, help_text=_("Revision number of the calendar entry (iCalendar SEQUENCE).")
    )
    image = HardenedImageField(_("image"),
        upload_to=concert_image_path, blank=True,
        help_text=_("Optional picture for the concert page and link previews (else the artist portrait is used)."),
    )
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    image_alt_field_name = "image_alt"
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False,
        help_text=_("When the concert was first saved as published; until then its address follows its title."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ConcertQuerySet.as_manager()

    class Meta:
        verbose_name = _("concert")
        verbose_name_plural = _("concerts")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"], name="concert_published_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("concerts:detail", kwargs={"slug": self.slug})

    def get_calendar_url(self):
        return reverse("concerts:concert_calendar", kwargs={"slug": self.slug})

    # --- Revisions ----------------------------------------------------------------------------
    # Calendar apps only replace an event they already hold when its SEQUENCE grows, so every save
    # that changes the concert raises it. Bookkeeping and derived fields are not changes.
    untracked_fields = frozenset({"id", "sequence", "created_at", "updated_at", "renditions", "first_published_at"})

    @property
    def has_changes(self):
        """Whether a field visitors or calendars see differs from the row as loaded or last saved."""
        return bool(self.tracker.changed())

    def save(self, *args, **kwargs):
        if self.is_published and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        if not self._state.adding and self.has_changes:
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.price_min is not None and not self.price_currency:
            raise ValidationError({"price_currency": _("Give the currency of the lowest price.")})
        if self.status == self.Status.RESCHEDULED and not self.rescheduled_to_id:
            raise ValidationError({"rescheduled_to": _("Choose the concert at the new date (add it first if needed).")})
        if self.rescheduled_to_id and self.status != self.Status.RESCHEDULED:
            raise ValidationError(
                {"rescheduled_to": _("Only a rescheduled concert links to a new performance: set the status to "
                                     "“Rescheduled” or clear this field.")}
            )
        if self.rescheduled_to_id and self.is_published and not self.rescheduled_to.is_published:
            raise ValidationError({"rescheduled_to": _("Publish the new performance first: visitors are sent to it.")})
        if self.rescheduled_to_id:
            seen, step = {self.pk}, self.rescheduled_to_id
            while step is not None:  # A → B → A would send visitors in circles
                if step in seen:
                    raise ValidationError({"rescheduled_to": _("This would link the concert back to itself.")})
                seen.add(step)
                step = Concert.objects.filter(pk=step).values_list("rescheduled_to_id", flat=True).first()

    # --- Time -----------------------------------------------------------------------------------

    @property
    def local_starts_at(self):
        """The start in the venue's zone, for display and for the admin form."""
        return timezone.localtime(self.starts_at, self.venue.zone)

    @property
    def local_ends_at(self):
        if self.duration_minutes:
            return self.local_starts_at + timedelta(minutes=self.duration_minutes)
        return None

    @property
    def local_starts_at_iso(self):
        """ISO 8601 start with the venue's offset, whole seconds: HTML's datetime allows at most 3 decimals."""
        return self.local_starts_at.replace(microsecond=0).isoformat()

    @property
    def local_start_text(self):
        """'Tuesday 10 March 2030, 19:30 Moscow time': the start in words, for feeds and calendar text."""
        when = self.local_starts_at
        return f"{long_date(when, gettext('l j F Y'))}, {date_format(when, 'H:i')} {self.venue.time_label}"

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def replaced_concert(self):
        """The earlier performance this one replaces (reverse side of `rescheduled_to`), or None."""
        try:
            return self.rescheduled_from
        except Concert.DoesNotExist:
            return None

    @property
    def previous_starts_at(self):
        """When the performance that really takes place was first meant to start, in that first venue's
        local time; None unless the concert moved. For a concert moved away, its own start; for the
        performance at the new date (still going ahead), the start of the concert it replaces."""
        if self.status == self.Status.RESCHEDULED and self.rescheduled_to:
            return self.local_starts_at
        old = self.replaced_concert
        if old is not None and self.status in (self.Status.ON_SALE, self.Status.SOLD_OUT):
            return old.local_starts_at
        return None

    @property
    def is_called_off(self):
        """Not happening at this date: cancelled, postponed, or moved to another date."""
        return self.status in {self.Status.CANCELLED, self.Status.POSTPONED, self.Status.RESCHEDULED}

    @property
    def status_label(self):
        """Status in words; a past concert that was on sale or sold out is shown as performed."""
        if self.status in (self.Status.ON_SALE, self.Status.SOLD_OUT) and self.is_past:
            return _("Performed")
        return self.get_status_display()

    @property
    def tickets_available(self):
        return self.status == self.Status.ON_SALE and bool(self.ticket_url) and not self.is_past

    @property
    def offers_calendar(self):
        """Whether "Add to calendar" makes sense: the concert is still to come and going ahead."""
        return not self.is_past and not self.is_called_off

    # --- Publication times are read and typed in the venue's zone, like the start -----------------

    @property
    def publication_zone(self):
        return self.venue.zone

    @property
    def publication_zone_label(self):
        return self.venue.time_label

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()]


class PreviousAddress(models.Model):
    """An address (slug) a published concert had before an editor changed it: it redirects to the concert,
    so that links, search results and calendar subscriptions keep working. Kept in concerts/signals.py."""

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="previous_addresses")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("previous address")
        verbose_name_plural = _("previous addresses")

    def __str__(self):
        return self.slug


class CalendarEntry(models.Model):
    """
    A concert's VEVENT as the icalendar library serialised it, stored when the concert (or its venue, or
    the concert it moved to) is saved. A calendar feed is then one query and a join, however many
    concerts it holds: serialising 10,000 events takes icalendar seconds (see calendars.py).

    `revision` fingerprints what the text was made from (the concert's revision, the site address, the
    output format, the language); an entry whose fingerprint no longer matches is made again when a feed
    needs it, so rows written behind save()'s back (bulk_create, update()) are never served stale.
    One entry per concert and language: SUMMARY, DESCRIPTION and the dates in words are in that language.
    """

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="calendar_entries")
    language = models.CharField(_("language"), max_length=15)
    revision = models.CharField(_("revision"), max_length=64)
    vevent = models.TextField(_("vevent"))

    class Meta:
        verbose_name_plural = _("calendar entries")
        constraints = [
            models.UniqueConstraint(fields=["concert", "language"], name="calendar_entry_one_per_language"),
        ]

    def __str__(self):
        return _("Calendar entry of concert %(pk)s (%(language)s)") % {"pk": self.concert_id, "language": self.language}


class ProgrammeItem(models.Model):
    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="programme")
    composer = models.CharField(_("composer"), max_length=200)
    work = models.CharField(_("work"), max_length=300)
    catalogue_number = models.CharField(_("catalogue number"), max_length=50, blank=True, help_text=_("e.g. Op. 64, BWV 1004"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)


    class Meta:
        verbose_name_plural = _("programme items")
        ordering = ["order", "pk"]
        verbose_name = _("programme item")

    def __str__(self):
        work = f"{self.work}, {self.catalogue_number}" if self.catalogue_number else self.work
        return f"{self.composer}: {work}"


class Collaborator(models.Model):
    class Role(models.TextChoices):
        ORCHESTRA = "orchestra", _("Orchestra")
        CONDUCTOR = "conductor", _("Conductor")
        PIANIST = "pianist", _("Piano")
        ENSEMBLE = "ensemble", _("Ensemble")
        SOLOIST = "soloist", _("Soloist")
        OTHER = "other", _("Other")

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="collaborators")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
