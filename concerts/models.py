from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .timezones import get_zone, timezone_choices, validate_timezone, zone_city


class Venue(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    address = models.CharField(max_length=300, blank=True, help_text="Street and postcode.")
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=100)
    timezone = models.CharField(
        "time zone",
        max_length=64,
        choices=timezone_choices,
        validators=[validate_timezone],
        help_text="IANA time zone of the venue, e.g. Europe/Moscow. Concert times are entered and shown in it.",
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def zone(self):
        return get_zone(self.timezone)

    @property
    def time_label(self):
        """'Moscow time', 'New York time': how the page names the zone of the times it shows."""
        return f"{zone_city(self.timezone)} time"


class ConcertQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def for_listing(self):
        return self.select_related("venue")

    def for_detail(self):
        return self.select_related("venue").prefetch_related("programme", "collaborators")


class Concert(models.Model):
    class Status(models.TextChoices):
        ON_SALE = "on_sale", "On sale"
        SOLD_OUT = "sold_out", "Sold out"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="concerts")
    starts_at = models.DateTimeField("starts", db_index=True, help_text="Stored in UTC; entered in the venue's time zone.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ON_SALE)
    ticket_url = models.URLField("ticket link", blank=True)
    price_text = models.CharField("price", max_length=200, blank=True, help_text="e.g. “From 1 500 RUB”.")
    description = models.TextField(blank=True)
    is_published = models.BooleanField("published", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConcertQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"], name="concert_published_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("concerts:detail", kwargs={"slug": self.slug})

    @property
    def local_starts_at(self):
        """The start in the venue's zone, for display and for the admin form."""
        return timezone.localtime(self.starts_at, self.venue.zone)

    @property
    def local_starts_at_iso(self):
        """ISO 8601 start with the venue's offset, whole seconds: HTML's datetime allows at most 3 decimals."""
        return self.local_starts_at.replace(microsecond=0).isoformat()

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def status_label(self):
        """Status in words; a past concert that was simply on sale is shown as performed."""
        if self.status == self.Status.ON_SALE and self.is_past:
            return "Performed"
        return self.get_status_display()

    @property
    def tickets_available(self):
        return self.status == self.Status.ON_SALE and bool(self.ticket_url) and not self.is_past

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ProgrammeItem(models.Model):
    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="programme")
    composer = models.CharField(max_length=200)
    work = models.CharField(max_length=300)
    catalogue_number = models.CharField(max_length=50, blank=True, help_text="e.g. Op. 64, BWV 1004")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "programme item"

    def __str__(self):
        work = f"{self.work}, {self.catalogue_number}" if self.catalogue_number else self.work
        return f"{self.composer}: {work}"


class Collaborator(models.Model):
    class Role(models.TextChoices):
        ORCHESTRA = "orchestra", "Orchestra"
        CONDUCTOR = "conductor", "Conductor"
        PIANIST = "pianist", "Piano"
        ENSEMBLE = "ensemble", "Ensemble"
        SOLOIST = "soloist", "Soloist"
        OTHER = "other", "Other"

    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="collaborators")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
