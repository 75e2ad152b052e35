"""Changes to concerts that touch more than one row or any file: the admin, its actions and scripts call these.

Each saves the concerts it changes one by one, so that every change is recorded in the history and seen
by the receivers (calendar entries: concerts/signals.py; the page cache: fansite/signals.py).
"""

from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Collaborator, Concert, PreviousAddress, ProgrammeItem


def unique_concert_slug(base, *, exclude_pk=None):
    """`base`, or `base-2`, `base-3`… whichever no concert uses (or used, see PreviousAddress) yet."""
    slug, n = base[:190], 2
    others = Concert.objects.exclude(pk=exclude_pk)
    taken_before = PreviousAddress.objects.exclude(concert_id=exclude_pk)
    while others.filter(slug=slug).exists() or taken_before.filter(slug=slug).exists():
        slug, n = f"{base[:190]}-{n}", n + 1
    return slug


def concert_address(*, title, local_start, exclude_pk=None):
    """The address a concert gets from its title and local date: `tchaikovsky-in-tokyo-2027-05-20`."""
    return unique_concert_slug(slugify(f"{title} {local_start:%Y-%m-%d}")[:190], exclude_pk=exclude_pk)


@transaction.atomic
def concert_copy(*, concert, **changes):
    """A new concert with `concert`'s details, programme and collaborators; `changes` override fields.

    A copy is a new performance: its own revision history, its own picture files (deleting or replacing
    the copy's picture removes files, which must never be the original's), and not (yet) part of a move.
    """
    copy = Concert.objects.get(pk=concert.pk)
    copy.pk = None
    copy._state.adding = True
    copy.sequence = 0
    copy.rescheduled_to = None
    copy.renditions = {}
    if concert.image:
        with concert.image.open("rb") as source:
            copy.image.save(PurePosixPath(concert.image.name).name, ContentFile(source.read()), save=False)
    if copy.status == Concert.Status.RESCHEDULED:
        copy.status = Concert.Status.ON_SALE
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(concert=copy, composer=i.composer, work=i.work, catalogue_number=i.catalogue_number, order=i.order)
        for i in concert.programme.all()
    )
    Collaborator.objects.bulk_create(
        Collaborator(concert=copy, name=c.name, role=c.role, order=c.order) for c in concert.collaborators.all()
    )
    return copy


def concert_duplicate(*, concert, starts_at=None, venue=None):
    """An unpublished copy at `starts_at` (default: a week later), for the editor to check and publish.

    Its address comes from its title and new date, and follows its title until it is first published."""
    venue = venue or concert.venue
    starts_at = starts_at or concert.starts_at + timedelta(weeks=1)
    return concert_copy(
        concert=concert, venue=venue, starts_at=starts_at, is_published=False, first_published_at=None,
        slug=concert_address(title=concert.title, local_start=timezone.localtime(starts_at, venue.zone)),
        status=Concert.Status.ON_SALE,
    )


@transaction.atomic
def concert_reschedule(*, concert, starts_at, venue=None):
    """Move the concert: a new performance at `starts_at` (same programme), `concert` marked rescheduled and
    linked to it. Its page keeps its URL and its original date. Returns the new performance."""
    venue = venue or concert.venue
    new = concert_copy(
        concert=concert,
        starts_at=starts_at,
        venue=venue,
        slug=unique_concert_slug(f"{concert.slug[:170]}-{timezone.localtime(starts_at, venue.zone):%Y-%m-%d}"),
        status=concert.status if concert.status == Concert.Status.SOLD_OUT else Concert.Status.ON_SALE,
    )
    concert.status = Concert.Status.RESCHEDULED
    concert.rescheduled_to = new
    concert.full_clean()
    concert.save()
    return new


@transaction.atomic
def concert_set_status(*, concerts, status):
    """Give every concert of `concerts` (a queryset) `status`, unlinking any move; how many were saved."""
    saved = 0
    for concert in concerts:
        concert.status = status
        concert.rescheduled_to = None
        concert.save()
        saved += 1
    return saved


def concert_revision_parts(*, record):
    """The programme and performers a concert had at its revision `record` (a historical row), as unsaved
    instances: their state just before the concert's next revision (the admin saves the concert first and
    its programme after it, in the same request), or now for the latest revision."""
    following = record.next_record
    moment = following.history_date - timedelta(microseconds=1) if following else timezone.now()
    programme = ProgrammeItem.history.as_of(moment).filter(concert_id=record.id).order_by("order", "id")
    performers = Collaborator.history.as_of(moment).filter(concert_id=record.id).order_by("order", "id")
    return list(programme), list(performers)


@transaction.atomic
def concert_restore_parts(*, concert, programme, performers):
    """Make `concert`'s programme and performers exactly `programme` and `performers` (from
    `concert_revision_parts`), each change recorded in their history."""
    for model, items in ((ProgrammeItem, programme), (Collaborator, performers)):
        keep = {item.pk for item in items}
        for gone in model.objects.filter(concert=concert).exclude(pk__in=keep):
            gone.delete()
        for item in items:
            item.concert = concert
            item.save()
