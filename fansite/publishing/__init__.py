"""Draft / scheduled / published content, decided by the clock inside the query.

A `Publishable` item is public when it is marked published, its `publish_from` has passed and its optional
`publish_until` has not. Nothing has to run at the scheduled moment: every public listing filters on the
current time, so a scheduled item appears the first request after it is due. Caches must not outlive the
next such moment; `next_publication_change()` tells them when that is.
"""

from django.utils.translation import gettext, gettext_lazy as _
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


def published_q(now=None, prefix=""):
    """The condition "public at `now`", usable on related models too (prefix="recording__")."""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}is_published": True, f"{prefix}publish_from__lte": now})
        & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": now}))
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Items visitors may see at `now` (default: this instant)."""
        return self.filter(published_q(now))

    def scheduled(self, now=None):
        return self.filter(is_published=True, publish_from__gt=now or timezone.now())

    def drafts(self):
        return self.filter(is_published=False)

    def expired(self, now=None):
        return self.filter(is_published=True, publish_until__lte=now or timezone.now())


class Publishable(models.Model):
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Untick to keep this as a draft that only editors can preview.")
    )
    publish_from = models.DateTimeField(
        _("publish from"), default=timezone.now, blank=True, db_index=True,
        help_text=_("Visitors see it from this moment (empty: now). Set a future time to schedule it."),
    )
    publish_until = models.DateTimeField(
        _("publish until"), null=True, blank=True, help_text=_("Optional: hide it again from this moment.")
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.publish_until and self.publish_from and self.publish_until <= self.publish_from:
            raise ValidationError({"publish_until": _("The end of publication must come after its start.")})

    def save(self, *args, **kwargs):
        if self.publish_from is None:  # left empty in a form: publish from the moment of saving
            self.publish_from = timezone.now()
        super().save(*args, **kwargs)

    def publication_state(self, now=None):
        now = now or timezone.now()
        if not self.is_published:
            return PublicationState.DRAFT
        if self.publish_from and self.publish_from > now:
            return PublicationState.SCHEDULED
        if self.publish_until and self.publish_until <= now:
            return PublicationState.EXPIRED
        return PublicationState.PUBLISHED

    def is_public(self, now=None):
        return self.publication_state(now) == PublicationState.PUBLISHED

    @property
    def publication_label(self):
        """'Scheduled for 3 May 2030 18:00 UTC' — words for admin lists and the preview banner."""
        state = self.publication_state()
        if state == PublicationState.SCHEDULED:
            when = date_format(timezone.localtime(self.publish_from), gettext("j M Y H:i"))
            return gettext("Scheduled for %(when)s UTC") % {"when": when}
        return state.label


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def next_publication_change(now=None):
    """The nearest future moment at which any item appears or disappears, or None.

    One aggregate query per Publishable model (a fixed number). Drafts are ignored: a draft only goes
    public by being saved, and saving already invalidates caches.
    """
    now = now or timezone.now()
    moments = []
    for model in publishable_models():
        found = model._default_manager.filter(is_published=True).aggregate(
            next_from=Min("publish_from", filter=Q(publish_from__gt=now)),
            next_until=Min("publish_until", filter=Q(publish_until__gt=now)),
        )
        moments.extend(value for value in found.values() if value is not None)
    return min(moments, default=None)


# --- Preview -----------------------------------------------------------------------------------

PREVIEW_PARAMETER = "preview"


def is_preview_request(request):
    """Staff asked to see unpublished content on the public template (`?preview=1`)."""
    return PREVIEW_PARAMETER in request.GET and request.user.is_authenticated and request.user.is_staff


def preview_url(obj):
    return f"{obj.get_absolute_url()}?{PREVIEW_PARAMETER}=1"


class PublishedOrPreviewMixin:
    """For detail views: visitors get published items only (else 404); staff with ?preview=1 get any.

    A preview response is private and never stored by a cache, so a draft cannot leak to visitors.
    """

    def is_preview(self):
        return is_preview_request(self.request)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.is_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_preview():
            context["preview_object"] = self.object
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if is_preview_request(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
