from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from fansite.publishing import Publishable, PublishableQuerySet

from .uploads import cover_path, photo_path, portrait_path


class ArtistProfileQuerySet(models.QuerySet):
    def current(self):
        """The one profile of the site, or None before any content exists."""
        return self.first()


class ArtistProfile(models.Model):
    """The artist. There is exactly one per site: a unique constant column enforces it in the database."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=200, blank=True, help_text="One line under the name, e.g. “Violinist”.")
    short_bio = models.TextField(help_text="Two or three sentences for the home page.")
    long_bio = models.TextField(help_text="The full biography. Separate paragraphs with a blank line.")
    birth_place = models.CharField(max_length=200, blank=True)
    portrait = models.ImageField(upload_to=portrait_path, blank=True)
    portrait_alt = models.CharField(
        "portrait description", max_length=300, blank=True, help_text="Describes the portrait for screen readers."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArtistProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "artist profile"
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="artist_profile_singleton")]

    def __str__(self):
        return self.name

    def clean(self):
        if ArtistProfile.objects.exclude(pk=self.pk).exists():
            raise ValidationError("The site already has an artist profile; edit that one instead.")

    def get_absolute_url(self):
        return reverse("profiles:about")

    @property
    def long_bio_paragraphs(self):
        return [p.strip() for p in self.long_bio.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Milestone(models.Model):
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Leave empty when the year is not known.")
    period = models.CharField(
        max_length=50, blank=True, help_text="Shown when the year is not known, e.g. “Age five” or “Early years”."
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the timeline (lowest first).")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "year", "pk"]

    def __str__(self):
        return f"{self.when} – {self.title}" if self.when else self.title

    @property
    def when(self):
        return str(self.year) if self.year else self.period


class Award(models.Model):
    class Result(models.TextChoices):
        NOMINATED = "nominated", "Nominated"
        WON = "won", "Won"

    name = models.CharField(max_length=200, help_text="e.g. Grammy Award")
    category = models.CharField(max_length=200, blank=True, help_text="e.g. Best Classical Instrumental Album")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.NOMINATED)
    recording = models.ForeignKey(
        "Recording", null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "-year", "pk"]

    def __str__(self):
        parts = [self.name, self.category, str(self.year) if self.year else ""]
        return " – ".join(p for p in parts if p) + f" ({self.get_result_display().lower()})"


class PressQuoteQuerySet(PublishableQuerySet):
    def featured_first(self):
        return self.order_by("-featured", "order", "pk")


class PressQuote(Publishable):
    quote = models.TextField()
    source = models.CharField(max_length=200, help_text="Publication or critic, e.g. “Critics”.")
    url = models.URLField(blank=True)
    date = models.DateField(null=True, blank=True)
    featured = models.BooleanField(default=False, help_text="Featured quotes are shown on the home page.")
    order = models.PositiveSmallIntegerField(default=0)

    objects = PressQuoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"“{self.quote[:60]}” — {self.source}"


class Recording(Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    label = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    cover = models.ImageField(upload_to=cover_path, blank=True)
    cover_alt = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "-year", "pk"]

    def __str__(self):
        return self.title


class RecordingLink(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=100, help_text="e.g. Listen on a streaming service, Buy the CD")
    url = models.URLField()
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Photo(Publishable):
    image = models.ImageField(upload_to=photo_path)
    alt_text = models.CharField(max_length=300, help_text="Describes the photo for people who cannot see it.")
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text
