"""Calendar bookkeeping after saves, connected in ConcertsConfig.ready().

A concert's stored VEVENT (models.CalendarEntry, calendars.py) is made again whenever what it is made from
changes: the concert itself, its venue, or the concert it moved to. Raw saves (loaddata, a restore) are left
alone: the first feed that needs the entries, or `manage.py refresh_calendar`, makes them.
"""

from django.db.models import F, Q
from django.db.models.signals import post_save
from django.utils import timezone

from .calendars import refresh_entries
from .models import Concert, PreviousAddress, Venue


def concert_saved(sender, instance, raw=False, **kwargs):
    """Its calendar entry, and that of a concert moved to this one (its description names this date)."""
    if not raw:
        refresh_entries(Concert.objects.filter(Q(pk=instance.pk) | Q(rescheduled_to=instance.pk)))


def concert_address_kept(sender, instance, raw=False, **kwargs):
    """A published concert whose address an editor changed keeps its old one as a redirect; an address
    taken back is no longer a redirect. A draft's address may change freely: no one has linked to it."""
    if raw or not instance.tracker.has_changed("slug"):
        return
    PreviousAddress.objects.filter(slug=instance.slug).delete()
    old = instance.tracker.previous("slug")
    if old and instance.tracker.previous("first_published_at") is not None:
        PreviousAddress.objects.update_or_create(slug=old, defaults={"concert": instance})


def venue_saved(sender, instance, created=False, raw=False, **kwargs):
    """An edit of the venue's name, address or zone is a revision of its concerts' events: their SEQUENCE
    and LAST-MODIFIED move on, and their entries (and those of concerts moved to a date here) are remade."""
    if raw or created or not instance.tracker.changed():
        return
    instance.concerts.update(sequence=F("sequence") + 1, updated_at=timezone.now())
    refresh_entries(Concert.objects.filter(Q(venue=instance) | Q(rescheduled_to__venue=instance)))


def connect():
    post_save.connect(concert_saved, sender=Concert, dispatch_uid="concerts-calendar-concert")
    post_save.connect(concert_address_kept, sender=Concert, dispatch_uid="concerts-previous-address")
    post_save.connect(venue_saved, sender=Venue, dispatch_uid="concerts-calendar-venue")
