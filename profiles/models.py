from django.utils.translation import gettext_lazy as _, pgettext_lazy
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

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

    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("name", "short_bio", "long_bio")

    singleton = models.BooleanField(_("singleton"), default=True, unique=True, editable=False)
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True, help_text=_("One line under the name, e.g. “Violinist”."))
    short_bio = models.TextField(_("short bio"), help_text=_("Two or three sentences for the home page and the press kit."))
    medium_bio = models.TextField(_("medium bio"),
        blank=True, help_text=_("About 150 words for the press kit, for programmes and listings. Optional.")
    )
    long_bio = models.TextField(_("long bio"), help_text=_("The full biography. Separate paragraphs with a blank line."))
    birth_place = models.CharField(_("birth place"), max_length=200, blank=True)
    portrait = HardenedImageField(_("portrait"), upload_to=portrait_path, blank=True)
    portrait_alt = models.CharField(
        _("portrait description"), max_length=300, blank=True, help_text=_("Describes the portrait for screen readers.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArtistProfileQuerySet.as_manager()

    image_field_name = "portrait"
    image_alt_field_name = "portrait_alt"

    class Meta:
        verbose_name_plural = _("artist profiles")
        verbose_name = _("artist profile")
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="artist_profile_singleton")]

    def __str__(self):
        return self.name

    def clean(self):
        if ArtistProfile.objects.exclude(pk=self.pk).exists():
            raise ValidationError(_("The site already has an artist profile; edit that one instead."))

    def get_absolute_url(self):
        return reverse("profiles:about")

    @property
    def long_bio_paragraphs(self):
        return [p.strip() for p in self.long_bio.replace("\r\n", "\n").split("\n\n") if p.strip()]

    def press_bios(self):
        """The press kit's bios, shortest first, each with its word count; empty ones are left out."""
        bios = [("short", _("Short biography"), self.short_bio), ("medium", _("Medium biography"), self.medium_bio),
                ("long", _("Long biography"), self.long_bio)]
        return [{"key": key, "field": f"{key}_bio", "label": label, "text": text.strip(), "words": word_count(text)}
                for key, label, text in bios if text.strip()]


class Milestone(models.Model):
    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("title", "description", "period")

    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text=_("Leave empty when the year is not known."))
    period = models.CharField(_("period"),
        max_length=50, blank=True, help_text=_("Shown when the year is not known, e.g. “Age five” or “Early years”.")
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Position in the timeline (lowest first)."))


    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "year", "pk"]

    def __str__(self):
        return f"{self.when} – {self.title}" if self.when else self.title

    @property
    def when(self):
        return str(self.year) if self.year else self.period


class Award(models.Model):
    class Result(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        WON = "won", _("Won")

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Grammy Award"))
    category = models.CharField(_("category"), max_length=200, blank=True, help_text=_("e.g. Best Classical Instrumental Album"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, default=Result.NOMINATED)
    recording = models.ForeignKey(
        "Recording", null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)


    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["order", "-year", "pk"]

    def __str__(self):
        parts = [self.name, self.category, str(self.year) if self.year else ""]
        return " – ".join(p for p in parts if p) + f" ({self.get_result_display().lower()})"


class PressQuoteQuerySet(PublishableQuerySet):
    def featured_first(self):
        return self.order_by("-featured", "order", "pk")


class PressQuote(Publishable):
    quote = models.TextField(_("quote"))
    source = models.CharField(_("source"), max_length=200, help_text=_("Publication or critic, e.g. “Critics”."))
    url = models.URLField(_("url"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False, help_text=_("Featured quotes are shown on the home page."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PressQuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("press quote")
        verbose_name_plural = _("press quotes")
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
    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("title", "description", "label")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    cover = HardenedImageField(_("cover"), upload_to=cover_path, blank=True)
    cover_alt = models.CharField(_("cover alt"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)


    objects = RecordingQuerySet.as_manager()

    image_field_name = "cover"
    image_alt_field_name = "cover_alt"

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["order", "-year", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("profiles:recordings") + f"#{self.slug}"

    def get_preview_url(self):
        return list_preview_url(self, reverse("profiles:recordings"), anchor=self.slug)


class Track(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="tracks")
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Track number on the album."))
    title = models.CharField(_("title"), max_length=300)
    composer = models.CharField(_("composer"), max_length=200, blank=True)
    duration = models.DurationField(null=True, blank=True, help_text=_("Minutes and seconds, e.g. 4:32. Optional."))


    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
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

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("link"), max_length=500,
        help_text=_("A YouTube or Vimeo video page, or an audio file (.mp3, .m4a, .ogg, .opus, .wav)."),
    )
    recording = models.ForeignKey(
        Recording, null=True, blank=True, on_delete=models.SET_NULL, related_name="media",
        help_text=_("Shown with this recording; leave empty to show it under “Videos and audio”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)


    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("video or audio")
        verbose_name_plural = _("videos and audio")

    def __str__(self):
        return self.title

    def clean(self):
        if self.url and parse_media_url(self.url) is None:
            raise ValidationError(
                {"url": _("Use a YouTube or Vimeo video link, or a link to an audio file (.mp3, .m4a, .ogg, .opus, .wav).")}
            )

    @property
    def embed(self):
        return parse_media_url(self.url)


class RecordingLink(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=100, help_text=_("e.g. Listen on a streaming service, Buy the CD"))
    url = models.URLField(_("url"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)


    class Meta:
        verbose_name = _("listening link")
        verbose_name_plural = _("listening links")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Photo(Publishable, RenditionedImage):
    image = HardenedImageField(_("image"), upload_to=photo_path)
    alt_text = models.CharField(_("alt text"), max_length=300, help_text=_("Describes the photo for people who cannot see it."))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True,
                              help_text=_("The photographer, or “Illustration” for a drawing."))
    copyright = models.CharField(_("copyright"),
        max_length=200, blank=True, help_text=_("Rights holder and terms, e.g. “© Jane Doe, free for press use with credit”.")
    )
    in_press_kit = models.BooleanField(
        _("offer in the press kit"), default=True, help_text=_("Offer the full-resolution file for download on the press page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)


    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text

    def get_absolute_url(self):
        return reverse("profiles:photo", kwargs={"pk": self.pk})

    def get_preview_url(self):
        return list_preview_url(self, reverse("profiles:photos"))
