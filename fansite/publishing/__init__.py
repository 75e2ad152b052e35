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
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext, gettext_lazy as _


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
    def publication_zone(self):
        """The zone editors read and type this item's publication times in (concerts: their venue's)."""
        return timezone.get_default_timezone()

    @property
    def publication_zone_label(self):
        """How the admin names that zone: 'UTC', 'Tokyo time'."""
        name = str(self.publication_zone)
        return "UTC" if name == "UTC" else gettext("%(city)s time") % {"city": name.rsplit("/", 1)[-1].replace("_", " ")}

    def publication_time_text(self, moment):
        """'Thu 20 May 2027, 19:00 Tokyo time': a publication moment in the item's own zone, zone named."""
        when = date_format(timezone.localtime(moment, self.publication_zone), gettext("D j M Y, H:i"))
        return f"{when} {self.publication_zone_label}"

    @property
    def publication_label(self):
        """The state in words with its time, for admin lists, the change form and the preview banner:
        'Draft', 'Scheduled for Thu 20 May 2027, 19:00 Tokyo time (in 3 days)', 'Published 2 hours ago',
        'Expired since …'."""
        now = timezone.now()
        state = self.publication_state(now)
        if state == PublicationState.SCHEDULED:
            return gettext("Scheduled for %(when)s (in %(delta)s)") % {
                "when": self.publication_time_text(self.publish_from), "delta": timeuntil(self.publish_from, now, depth=1)}
        if state == PublicationState.PUBLISHED:
            if self.publish_until:
                return gettext("Published until %(when)s") % {"when": self.publication_time_text(self.publish_until)}
            return gettext("Published %(delta)s ago") % {"delta": timesince(self.publish_from, now, depth=1)}
        if state == PublicationState.EXPIRED:
            return gettext("Expired since %(when)s") % {"when": self.publication_time_text(self.publish_until)}
        return gettext("Draft")


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def next_publication_change(now=None, models=None):
    """The nearest future moment at which any item (of `models`, default every Publishable model) appears
    or disappears, or None.

    One aggregate query per model (a fixed number). Drafts are ignored: a draft only goes public by being
    saved, and saving already invalidates caches.
    """
    now = now or timezone.now()
    moments = []
    for model in models or publishable_models():
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


def with_preview(url, value="1"):
    """`url` with the preview parameter; the query goes before any #fragment, where browsers send it."""
    path, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{PREVIEW_PARAMETER}={value}{hash_mark}{fragment}"


def preview_url(obj):
    """Where staff see `obj` on its public template: its own page, or (`get_preview_url()`) the list page
    that shows it, e.g. a recording in the discography."""
    if hasattr(obj, "get_preview_url"):
        return obj.get_preview_url()
    return with_preview(obj.get_absolute_url())


def list_preview_url(obj, list_url, anchor=None):
    """The preview address of an item shown on a list page: `?preview=<model>-<pk>#<anchor>` (the anchor
    defaults to `<model>-<pk>`, the id its list template gives it)."""
    key = f"{obj._meta.model_name}-{obj.pk}"
    return with_preview(f"{list_url}#{anchor or key}", key)


def previewed_pk(request, model):
    """The pk of the `model` item staff asked to preview on a list page (`?preview=photo-3`), or None."""
    if not is_preview_request(request):
        return None
    prefix, _dash, pk = request.GET[PREVIEW_PARAMETER].rpartition("-")
    return int(pk) if prefix == model._meta.model_name and pk.isdigit() else None


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


class PreviewInListMixin:
    """For list pages: visitors see published items; staff with `?preview=<model>-<pk>` also see that one
    item, first, with the preview banner. Such an answer is private and never cached."""

    preview_object = None

    def published_with_preview(self, queryset):
        """`queryset`'s published items, plus the one previewed (put first, so it is on page one)."""
        pk = previewed_pk(self.request, queryset.model)
        if pk is None:
            return queryset.published()
        found = queryset.filter(pk=pk).first()
        if found is None:
            return queryset.published()
        self.preview_object = found
        first = models.Case(models.When(pk=pk, then=0), default=1)
        return queryset.filter(published_q() | Q(pk=pk)).order_by(first, *queryset.query.order_by or queryset.model._meta.ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.preview_object is not None:
            context["preview_object"] = self.preview_object
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if is_preview_request(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
