"""Calendar and search bookkeeping after saves, connected in ConcertsConfig.ready().

A concert's stored VEVENT (models.CalendarEntry, calendars.py) is made again whenever what it is made from
changes: the concert itself, its venue, or the concert it moved to. Raw saves (loaddata, a restore) are left
alone: the first feed that needs the entries, or `manage.py refresh_calendar`, makes them.

A concert's search document (concerts/search.py) is made again when the concert, its venue, or one of its
programme items or performers is saved or deleted, and when a composer, work or performer record it names
is saved (a name corrected or translated on the record's own page). A composer's save also remakes its
works' own documents (fansite/text_search.py), which hold its name.

The repertoire's entry of a work (models.RepertoireEntry, repertoire.py) expires when a programme row
names the work or stops naming it, when a concert playing it changes its status, date or publication, and
after the bulk actions (every work's entry).
"""

from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from fansite.caching import content_changed_in_bulk
from fansite.text_search import refresh_documents

from .calendars import refresh_entries
from .models import Collaborator, Composer, Concert, Performer, PreviousAddress, ProgrammeItem, Venue, Work
from .repertoire import expire_entries
from .search import refresh_search_document_of, refresh_search_documents


def concert_saved(sender, instance, raw=False, **kwargs):
    """Its calendar entry, and that of a concert moved to this one (its description names this date).
    A concert saved with `defer_calendar_entry` set is left to its saver, which refreshes many at once
    (the spreadsheet import: concerts/resources.py)."""
    if not raw and not getattr(instance, "defer_calendar_entry", False):
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


def concert_search_document(sender, instance, created=False, raw=False, **kwargs):
    """Only what the document holds: the title (any language) and which venue; a new concert always."""
    if not raw and (created or {"title", "venue"} & set(instance.tracker.changed())):
        refresh_search_document_of(instance.pk)


def venue_search_documents(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created) and instance.tracker.changed():
        refresh_search_documents(instance.concerts.all())


def part_search_document(sender, instance, raw=False, **kwargs):
    """A programme item or performer saved or deleted: its concert's document (none when the concert
    itself is being deleted)."""
    if not raw:
        refresh_search_document_of(instance.concert_id)


# Which concerts name a record, by the record's model.
CONCERTS_NAMING = {
    Composer: "programme__work__composer",
    Work: "programme__work",
    Performer: "collaborators__performer",
}


def record_search_documents(sender, instance, created=False, raw=False, **kwargs):
    """A composer, work or performer record saved: the documents of the concerts that name it (a new record
    is named by none yet)."""
    if not (raw or created):
        refresh_search_documents(Concert.objects.filter(pk__in=Concert.objects.filter(
            **{CONCERTS_NAMING[sender]: instance}).values("pk")))


def composer_works_documents(sender, instance, created=False, raw=False, **kwargs):
    """A composer saved: the search documents of its works, which hold its name (fansite/text_search.py;
    the composer's own document follows every save of a documented model)."""
    if not (raw or created):
        refresh_documents(Work.objects.filter(composer=instance))


# What a concert's RepertoireEntry figures depend on.
REPERTOIRE_FIELDS = {"status", "starts_at", "is_published", "publish_from", "publish_until"}


def concert_repertoire(sender, instance, created=False, raw=False, **kwargs):
    """A concert's new status, date or publication: the entries of the works on its programme (a new
    concert has none yet: its programme rows are saved after it, each expiring its work's)."""
    if not (raw or created) and REPERTOIRE_FIELDS & set(instance.tracker.changed()):
        expire_entries(list(ProgrammeItem.objects.filter(concert=instance).values_list("work_id", flat=True)))


def programme_item_repertoire(sender, instance, raw=False, **kwargs):
    """A programme row saved or deleted: its work's entry, and that of the work it named before."""
    if not raw:
        expire_entries({instance.work_id, instance.tracker.previous("work") or instance.work_id})


def concerts_changed_in_bulk(sender, **kwargs):
    """The bulk actions (concerts/services.py) change many concerts with update(): every entry."""
    if sender is Concert:
        expire_entries()


def connect():
    post_save.connect(concert_saved, sender=Concert, dispatch_uid="concerts-calendar-concert")
    post_save.connect(concert_address_kept, sender=Concert, dispatch_uid="concerts-previous-address")
    post_save.connect(venue_saved, sender=Venue, dispatch_uid="concerts-calendar-venue")
    post_save.connect(concert_search_document, sender=Concert, dispatch_uid="concerts-search-concert")
    post_save.connect(venue_search_documents, sender=Venue, dispatch_uid="concerts-search-venue")
    for part in (ProgrammeItem, Collaborator):
        for signal in (post_save, post_delete):
            signal.connect(part_search_document, sender=part, dispatch_uid=f"concerts-search-{part.__name__}")
    for record in CONCERTS_NAMING:
        post_save.connect(record_search_documents, sender=record, dispatch_uid=f"concerts-search-{record.__name__}")
    post_save.connect(composer_works_documents, sender=Composer, dispatch_uid="concerts-search-composer-works")
    post_save.connect(concert_repertoire, sender=Concert, dispatch_uid="concerts-repertoire-concert")
    for signal in (post_save, post_delete):
        signal.connect(programme_item_repertoire, sender=ProgrammeItem, dispatch_uid=f"concerts-repertoire-item-{signal}")
    content_changed_in_bulk.connect(concerts_changed_in_bulk, dispatch_uid="concerts-repertoire-bulk")
