"""Changes to concerts that touch more than one row or any file: the admin, its actions and scripts call these.

The services for one concert save it with save(), so that every change is recorded in the history and seen
by the receivers (calendar entries and search documents: concerts/signals.py; the page cache:
fansite/signals.py). The admin's bulk actions (`concerts_set_status`, `concerts_duplicate`) change many
concerts in a fixed number of queries, however many are selected: they write with update() and
bulk_create(), which send no signal, so they do the receivers' work themselves, once per action.
"""

from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils import translation
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from fansite.caching import content_changed_in_bulk
from fansite.images import renditions

from .calendars import refresh_entries
from .models import (
    Collaborator, Composer, Concert, Performer, PreviousAddress, ProgrammeItem, TicketLink, Work, lookup_key, work_key,
)
from .search import refresh_search_documents
from .timezones import make_aware_in


def unique_concert_slug(base, *, exclude_pk=None):
    """`base`, or `base-2`, `base-3`… whichever no concert uses (or used, see PreviousAddress) yet."""
    slug, n = base[:190], 2
    others = Concert.objects.exclude(pk=exclude_pk)
    taken_before = PreviousAddress.objects.exclude(concert_id=exclude_pk)
    while others.filter(slug=slug).exists() or taken_before.filter(slug=slug).exists():
        slug, n = f"{base[:190]}-{n}", n + 1
    return slug


def unique_concert_slugs(bases):
    """For each of `bases` in turn, what `unique_concert_slug` would give, none given twice: two queries
    for the lot (the addresses in use or used that start with one of them)."""
    bases = [base[:190] for base in bases]
    if not bases:
        return []
    starts = Q()
    for base in set(bases):
        starts |= Q(slug__startswith=base)
    taken = set(Concert.objects.filter(starts).values_list("slug", flat=True))
    taken |= set(PreviousAddress.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def concert_address(*, title, local_start, exclude_pk=None):
    """The address a concert gets from its title and local date: `tchaikovsky-in-tokyo-2027-05-20`."""
    return unique_concert_slug(slugify(f"{title} {local_start:%Y-%m-%d}")[:190], exclude_pk=exclude_pk)


def _copy_picture(original, copy):
    """The copy's own picture file: deleting or replacing it must never remove the original's."""
    if original.image:
        with original.image.open("rb") as source:
            copy.image.save(PurePosixPath(original.image.name).name, ContentFile(source.read()), save=False)


def _make_copy_of(original, copy):
    """Turn `copy`, a fresh load of `original`, into an unsaved new concert: a new performance with its own
    revision history, its own picture files (deleting or replacing the copy's picture removes files, which
    must never be the original's), and not (yet) part of a move."""
    copy.pk = None
    copy._state.adding = True
    copy.sequence = 0
    copy.rescheduled_to = None
    copy.renditions = {}
    _copy_picture(original, copy)


def _copied_parts(original, copy):
    """Unsaved programme rows, performer rows and ticket links of `copy`, as `original` has them (read from
    its prefetched or loaded relations)."""
    programme = [ProgrammeItem(concert=copy, work_id=i.work_id, order=i.order) for i in original.programme.all()]
    performers = [Collaborator(concert=copy, performer_id=c.performer_id, role=c.role, order=c.order)
                  for c in original.collaborators.all()]
    links = list(original.ticket_links.all())
    for link in links:
        link.pk, link.concert = None, copy
    return programme, performers, links


@transaction.atomic
def concert_copy(*, concert, **changes):
    """A new concert with `concert`'s details, programme, performers and ticket links (a new performance,
    as `_make_copy_of` says); `changes` override fields."""
    copy = Concert.objects.get(pk=concert.pk)
    _make_copy_of(concert, copy)
    if copy.status == Concert.Status.RESCHEDULED:
        copy.status = Concert.Status.ON_SALE
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    programme, performers, links = _copied_parts(concert, copy)
    ProgrammeItem.objects.bulk_create(programme)
    Collaborator.objects.bulk_create(performers)
    TicketLink.objects.bulk_create(links)
    refresh_search_documents(Concert.objects.filter(pk=copy.pk))  # bulk_create sends no signal
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
def concerts_duplicate(*, concerts):
    """`concert_duplicate` for every concert of `concerts` (a queryset): each copy a week after its original,
    unpublished, with its programme, performers and ticket links, each programme and performer row with its
    history entry (ticket links keep none). Returns the copies.

    A fixed number of queries for any number of concerts; only a copy with a picture costs one more (its
    renditions are made and recorded, as a save would)."""
    originals = list(concerts.order_by("starts_at", "pk").select_related("venue")
                     .prefetch_related("programme", "collaborators", "ticket_links"))
    # Fresh instances to turn into the copies (`concert_copy` does the same one concert at a time).
    copies = {c.pk: c for c in Concert.objects.filter(pk__in=[o.pk for o in originals])}
    slugs = unique_concert_slugs([
        slugify(f"{o.title} {timezone.localtime(o.starts_at + timedelta(weeks=1), o.venue.zone):%Y-%m-%d}")[:190]
        for o in originals
    ])
    new = []
    for original, slug in zip(originals, slugs):
        copy = copies[original.pk]
        _make_copy_of(original, copy)
        copy.starts_at = original.starts_at + timedelta(weeks=1)
        copy.is_published, copy.first_published_at = False, None
        copy.slug, copy.status = slug, Concert.Status.ON_SALE
        new.append(copy)
    new = bulk_create_with_history(new, Concert)
    programme, performers, links = [], [], []
    for original, copy in zip(originals, new):
        for rows, copied in zip((programme, performers, links), _copied_parts(original, copy)):
            rows.extend(copied)
    bulk_create_with_history(programme, ProgrammeItem)
    bulk_create_with_history(performers, Collaborator)
    TicketLink.objects.bulk_create(links)
    for copy in new:
        if copy.image:
            renditions.sync(copy)
    made = Concert.objects.filter(pk__in=[copy.pk for copy in new])
    refresh_search_documents(made)
    refresh_entries(made)
    if new:
        content_changed_in_bulk.send(sender=Concert)
    return new


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
def concerts_set_status(*, concerts, status):
    """Give every concert of `concerts` (a queryset) `status`, unlinking any move; returns how many were
    selected. As save() would: a concert that changes gets a higher SEQUENCE, a new `updated_at` and a
    history entry (one that already has that status and no move is left as it is); a published one
    without `first_published_at` gets it. Calendar entries are remade and cached pages retired once.

    A fixed number of queries for any number of concerts."""
    now = timezone.now()
    pks = list(concerts.order_by().values_list("pk", flat=True))
    selected = Concert.objects.filter(pk__in=pks)
    selected.filter(is_published=True, first_published_at=None).update(first_published_at=now)
    changing = list(selected.exclude(status=status, rescheduled_to=None).values_list("pk", flat=True))
    if changing:
        Concert.objects.filter(pk__in=changing).update(
            status=status, rescheduled_to=None, sequence=F("sequence") + 1, updated_at=now)
        Concert.history.bulk_history_create(list(Concert.objects.filter(pk__in=changing)), update=True,
                                            default_date=now)
        # The entries of these concerts, and of concerts moved to them (theirs names this date).
        refresh_entries(Concert.objects.filter(Q(pk__in=changing) | Q(rescheduled_to__in=changing)))
    if pks:
        content_changed_in_bulk.send(sender=Concert)
    return len(pks)


def concert_revision_parts(*, record):
    """The programme and performers a concert had at its revision `record` (a historical row), as unsaved
    instances: their state just before the concert's next revision (the admin saves the concert first and
    its programme after it, in the same request), or now for the latest revision."""
    following = record.next_record
    moment = following.history_date - timedelta(microseconds=1) if following else timezone.now()
    programme = ProgrammeItem.history.as_of(moment).filter(concert_id=record.id).order_by("order", "id")
    performers = Collaborator.history.as_of(moment).filter(concert_id=record.id).order_by("order", "id")
    # A work or performer record deleted since (possible once no concert plays it) cannot come back with
    # the revision: those rows are left out rather than restored pointing at nothing.
    programme = list(programme)
    works = Work.objects.filter(pk__in={i.work_id for i in programme}).select_related("composer").in_bulk()
    for item in programme:
        item.work = works.get(item.work_id)
    performers = list(performers)
    people = Performer.objects.in_bulk({c.performer_id for c in performers})
    for collaborator in performers:
        collaborator.performer = people.get(collaborator.performer_id)
    return ([i for i in programme if i.work is not None], [c for c in performers if c.performer is not None])


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


TICKET_LINK_KEYS = frozenset({"seller", "url", "kind", "price", "currency", "price_text", "on_sale_local"})


@transaction.atomic
def concert_ticket_links_set(*, concert, links):
    """Make `concert`'s ticket links exactly `links`, in that order, and return them.

    Each link is a dict with the keys seller, url, kind (a TicketLink.Kind value; empty: standard), price
    (Decimal or None), currency (ISO 4217 or ""), price_text and on_sale_local (a naive datetime on the
    venue's wall clock, or None: on sale now). Text goes into the active language's columns. Every link is
    validated as the admin validates it (`full_clean`): a ValidationError leaves the old links in place, and
    so does a NonexistentLocalTime (concerts/timezones.py) for an on-sale time skipped by a clock change.
    """
    made = []
    for order, values in enumerate(links):
        unknown = set(values) - TICKET_LINK_KEYS
        if unknown:
            raise TypeError(f"Unknown ticket link keys: {', '.join(sorted(unknown))}")
        on_sale_local = values.get("on_sale_local")
        link = TicketLink(
            concert=concert, seller=values.get("seller") or "", url=values.get("url") or "",
            kind=values.get("kind") or TicketLink.Kind.STANDARD, price=values.get("price"),
            currency=values.get("currency") or "", price_text=values.get("price_text") or "",
            on_sale_at=make_aware_in(on_sale_local, concert.venue.timezone) if on_sale_local else None, order=order,
        )
        link.full_clean(exclude=["concert"])
        made.append(link)
    TicketLink.objects.filter(concert=concert).delete()
    for link in made:
        link.save()
    return made


# --- The programme and performers as records ------------------------------------------------------------

def default_column(field):
    """The default language's column of a translated field (`name_en`): records are matched by it."""
    return f"{field}_{settings.LANGUAGE_CODE.replace('-', '_')}"


def unique_slug(model, text, *, fallback):
    """A free address for a new `model` row made from `text`: `tchaikovsky`, `tchaikovsky-2`…"""
    base = slugify(text)[:180] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_text(text):
    return " ".join(str(text or "").split())


def _fill_translations(record, field, translations):
    """Give `record` the other languages' text of `field` it lacks; returns whether anything changed.
    Text already there is kept: a record is shared by many concerts and is corrected on its own page."""
    changed = False
    for code, text in (translations or {}).items():
        column = f"{field}_{code.replace('-', '_')}"
        text = _clean_text(text)
        if text and hasattr(record, column) and not getattr(record, column):
            setattr(record, column, text)
            changed = True
    return changed


def composer_find_or_create(*, name, translations=None):
    """The composer called `name` (in the default language; case, spacing and dots do not count), made if
    missing; `translations` ({"ru": "Пётр Ильич Чайковский"}) fill the languages it lacks."""
    name = _clean_text(name)
    if not name:
        raise ValidationError(gettext("Give the composer's name."))
    composer = Composer.objects.filter(key=lookup_key(name)).first()
    if composer is None:
        composer = Composer(**{default_column("name"): name},
                            slug=unique_slug(Composer, name, fallback="composer"))
        _fill_translations(composer, "name", translations)
        composer.save()
    elif _fill_translations(composer, "name", translations):
        composer.save()
    return composer


def work_find_or_create(*, composer, title, catalogue_number="", translations=None):
    """The work `title` + `catalogue_number` by `composer` (a name or a Composer), made if missing (with
    its composer); `translations` fill the title's languages it lacks."""
    if not isinstance(composer, Composer):
        composer = composer_find_or_create(name=composer)
    title, catalogue_number = _clean_text(title), _clean_text(catalogue_number)
    if not title:
        raise ValidationError(gettext("Give the work's title."))
    work = Work.objects.filter(composer=composer, key=work_key(title, catalogue_number)).first()
    if work is None:
        work = Work(composer=composer, catalogue_number=catalogue_number, **{default_column("title"): title},
                    slug=unique_slug(Work, f"{composer.short_name} {title} {catalogue_number}", fallback="work"))
        _fill_translations(work, "title", translations)
        work.save()
    elif _fill_translations(work, "title", translations):
        work.save()
    return work


def record_translations_set(*, record, field, translations, changed=()):
    """Fill `record`'s missing languages of `field` from `translations` ({"ru": text}) and overwrite those
    in `changed` (an editor corrected them) with their non-empty text; saves only if something changed."""
    updated = _fill_translations(record, field, translations)
    for code in changed:
        column, text = f"{field}_{code.replace('-', '_')}", _clean_text(translations.get(code))
        if text and hasattr(record, column) and getattr(record, column) != text:
            setattr(record, column, text)
            updated = True
    if updated:
        record.save()
    return updated


def role_from_text(text):
    """A performer's role from its code (`pianist`) or its name in any language (`Piano`, `Фортепиано`)."""
    wanted = lookup_key(text)
    for role in Collaborator.Role:
        names = {lookup_key(role.value)}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(lookup_key(str(role.label)))
        if wanted in names:
            return role
    raise ValidationError(gettext("Unknown performer role “%(role)s”: use one of %(roles)s.") % {
        "role": text, "roles": ", ".join(str(role.label) for role in Collaborator.Role)})


def performer_find_or_create(*, name, role=Collaborator.Role.OTHER, translations=None):
    """The orchestra, ensemble or musician called `name` (default language), made if missing; a new one
    is of the kind of its first `role`."""
    name = _clean_text(name)
    if not name:
        raise ValidationError(gettext("Give the performer's name."))
    performer = Performer.objects.filter(key=lookup_key(name)).first()
    if performer is None:
        performer = Performer(**{default_column("name"): name}, kind=role,
                              slug=unique_slug(Performer, name, fallback="performer"))
        _fill_translations(performer, "name", translations)
        performer.save()
    elif _fill_translations(performer, "name", translations):
        performer.save()
    return performer


def _replace_rows(*, existing, wanted, model, concert):
    """Make `existing` rows (in order) hold `wanted` values (dicts of `fields`) in order: rows are reused
    in place, extra ones deleted, missing ones added, each saved or deleted one by one (so the edit history
    records it) and only when it changes, so that setting the same programme twice changes nothing."""
    for position, values in enumerate(wanted):
        values = {**values, "order": position}
        if position < len(existing):
            row = existing[position]
            if all(getattr(row, name) == value for name, value in values.items()):
                continue
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
        else:
            model.objects.create(concert=concert, **values)
    for row in existing[len(wanted):]:
        row.delete()


@transaction.atomic
def concert_programme_set(*, concert, entries):
    """Make `concert`'s programme exactly `entries`, in order: (composer, work title, catalogue number)
    texts in the default language. Composer and work records are found (told apart by their normalised
    text, as in `lookup_key`) or made. Raises ValidationError for an entry without composer or title."""
    works = [work_find_or_create(composer=composer, title=title, catalogue_number=number)
             for composer, title, number in entries]
    _replace_rows(existing=list(concert.programme.order_by("order", "pk")), model=ProgrammeItem, concert=concert,
                  wanted=[{"work_id": work.pk} for work in works])
    return works


@transaction.atomic
def concert_performers_set(*, concert, entries):
    """Make `concert`'s performers exactly `entries`, in order: (name, role) with the name in the default
    language and the role as `role_from_text` reads it. Records are found by normalised name or made."""
    rows = []
    for name, role_text in entries:
        role = role_from_text(role_text)
        rows.append({"performer_id": performer_find_or_create(name=name, role=role).pk, "role": role.value})
    _replace_rows(existing=list(concert.collaborators.order_by("order", "pk")), model=Collaborator, concert=concert,
                  wanted=rows)
    return rows
