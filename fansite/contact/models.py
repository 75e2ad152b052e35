from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class Topic(models.TextChoices):
    BOOKING = "booking", _("Booking and management")
    PRESS = "press", _("Press")
    FANS = "fans", _("Fan mail")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (see last error)")


class ContactMessage(models.Model):
    """A visitor's message, stored before anything is mailed. `recipient` is where its topic was routed when
    it arrived (site settings may change later; the message says where it went)."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100)
    email = models.EmailField(_("e-mail address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=150)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=10, blank=True)
    recipient = models.EmailField(_("sent to"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.get_topic_display()}: {self.subject}"
