import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..mailing.guard import no_line_breaks
from ..news.models import NewsPost
from ..page_markup import render_body_in_every_language


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)


class Subscriber(models.Model):
    """One address. `key` is what signed links carry (random, never the id nor the address); the consent
    fields record when, from which form and with what text the person asked to receive the newsletter."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING)
    created_at = models.DateTimeField(_("first request"), auto_now_add=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_source = models.CharField(_("consent given on"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.status == SubscriberStatus.CONFIRMED


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    subject = models.CharField(_("subject"), max_length=150, validators=[no_line_breaks])
    body = models.TextField(
        _("text"), help_text=_("Markdown: blank line between paragraphs, ## for a heading, [text](https://…) for a link."),
    )
    body_html = models.TextField(editable=False, blank=True)
    news_post = models.ForeignKey(
        NewsPost, verbose_name=_("news post"), null=True, blank=True, on_delete=models.SET_NULL,
        help_text=_("Optional: the post's title, summary and link are added after the text."),
    )
    include_concerts = models.BooleanField(_("add the upcoming concerts"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        # Rendered and sanitised once, on save, in every language (fansite/newsletter/translation.py).
        render_body_in_every_language(self)
        super().save(*args, **kwargs)

    @property
    def is_draft(self):
        return self.status == NewsletterStatus.DRAFT

    def get_preview_url(self):
        return reverse("admin:newsletter_newsletter_preview", args=[self.pk])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused by the mail server")
    UNCERTAIN = "uncertain", _("Interrupted while sending: not sent again")
    SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")


class Delivery(models.Model):
    """One newsletter to one subscriber: created when sending starts, claimed by the worker before the
    message is handed to the mail server, so no newsletter ever goes twice to one person."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["newsletter", "subscriber"], name="one_delivery_per_person")]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self):
        return f"{self.newsletter} → {self.subscriber}"
