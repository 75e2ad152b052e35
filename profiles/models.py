import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from fansite.images.hardening import HardenedImageField
from fansite.images.models import RenditionedImage
from fansite.images.uploads import generated_name
from fansite.publishing import Publishable, PublishableQuerySet, list_preview_url

from .media import parse_media_url


def word_count(text):
    return len(re.findall(r"\S+", text or ""))


def portrait_path(instance, filename):
    return generated_name("portraits", filename)


def photo_path(instance, filename):
    return generated_name("photos", filename)


def cover_path(instance, filename):
    return generated_name("covers", filename)


class ArtistProfileQuerySet(models.QuerySet):
    def current(self):
        """The one profile of the site, or None before any content exists."""
        return self.first()


class ArtistProfile(RenditionedImage):
    """The artist. There is exactly one per site: a unique constant column enforces it in the database."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=200, blank=True, help_text="One line under the name, e.g. “Violinist”.")
    short_bio = models.TextField(help_text="Two or three sentences for the home page and the press kit.")
    medium_bio = models.TextField(
        blank=True, help_text="About 150 words for the press kit, for programmes and listings. Optional."
    )
    long_bio = models.TextField(help_text="The full biography. Separate paragraphs with a blank line.")
    birth_place = models.CharField(max_length=200, blank=True)
    portrait = HardenedImageField(upload_to=portrait_path, blank=True)
    portrait_alt = models.CharField(
        "portrait description", max_length=300, blank=True, help_text="Describes the portrait for screen readers."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArtistProfileQuerySet.as_manager()
    history = HistoricalRecords()

    image_field_name = "portrait"
    image_alt_field_name = "portrait_alt"

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

    def press_bios(self):
        """The press kit's bios, shortest first, each with its word count; empty ones are left out."""
        bios = [("short", "Short biography", self.short_bio), ("medium", "Medium biography", self.medium_bio),
                ("long", "Long biography", self.long_bio)]
        return [{"key": key, "label": label, "text": text.strip(), "words": word_count(text)}
                for key, label, text in bios if text.strip()]


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

    def get_preview_url(self):
        """Quotes appear on the biography page (and featured ones in the press kit)."""
        return list_preview_url(self, reverse("profiles:about"))


class RecordingQuerySet(PublishableQuerySet):
    def for_discography(self):
        """Everything the discography shows, in a fixed number of queries however many recordings exist."""
        return self.prefetch_related("tracks", "links", "awards", "media")


class Recording(Publishable, RenditionedImage):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    label = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    cover = HardenedImageField(upload_to=cover_path, blank=True)
    cover_alt = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = RecordingQuerySet.as_manager()

    image_field_name = "cover"
    image_alt_field_name = "cover_alt"

    class Meta:
        ordering = ["order", "-year", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("profiles:recordings") + f"#{self.slug}"

    def get_preview_url(self):
        return list_preview_url(self, reverse("profiles:recordings"), anchor=self.slug)


class Track(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="tracks")
    position = models.PositiveSmallIntegerField(help_text="Track number on the album.")
    title = models.CharField(max_length=300)
    composer = models.CharField(max_length=200, blank=True)
    duration = models.DurationField(null=True, blank=True, help_text="Minutes and seconds, e.g. 4:32. Optional.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def _duration_parts(self):
        """(hours, minutes, seconds) of the track's length."""
        hours, rest = divmod(int(self.duration.total_seconds()), 3600)
        return (hours, *divmod(rest, 60))

    @property
    def duration_display(self):
        """4:32 or 1:02:05, as printed on a sleeve."""
        if self.duration is None:
            return ""
        hours, minutes, seconds = self._duration_parts()
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def duration_iso(self):
        """ISO 8601 duration for schema.org, e.g. PT4M32S."""
        if self.duration is None:
            return ""
        hours, minutes, seconds = self._duration_parts()
        return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{seconds}S"


class MediaEmbed(models.Model):
    """A video or audio link shown click-to-load: nothing is fetched from the host until the visitor asks."""

    title = models.CharField(max_length=200)
    url = models.URLField(
        "link", max_length=500,
        help_text="A YouTube or Vimeo video page, or an audio file (.mp3, .m4a, .ogg, .opus, .wav).",
    )
    recording = models.ForeignKey(
        Recording, null=True, blank=True, on_delete=models.SET_NULL, related_name="media",
        help_text="Shown with this recording; leave empty to show it under “Videos and audio”.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "video or audio"
        verbose_name_plural = "videos and audio"

    def __str__(self):
        return self.title

    def clean(self):
        if self.url and parse_media_url(self.url) is None:
            raise ValidationError(
                {"url": "Use a YouTube or Vimeo video link, or a link to an audio file (.mp3, .m4a, .ogg, .opus, .wav)."}
            )

    @property
    def embed(self):
        return parse_media_url(self.url)


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


class Photo(Publishable, RenditionedImage):
    image = HardenedImageField(upload_to=photo_path)
    alt_text = models.CharField(max_length=300, help_text="Describes the photo for people who cannot see it.")
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer.")
    copyright = models.CharField(
        max_length=200, blank=True, help_text="Rights holder and terms, e.g. “© Jane Doe, free for press use with credit”."
    )
    in_press_kit = models.BooleanField(
        "offer in the press kit", default=True, help_text="Offer the full-resolution file for download on the press page."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text

    def get_preview_url(self):
        return list_preview_url(self, reverse("profiles:photos"))
