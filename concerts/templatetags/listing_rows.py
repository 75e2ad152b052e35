"""Listing rows rendered once for what they show and then kept (fansite/fragment_cache.py), so that after
a save only the rows it changed are rendered again.

`{% concert_rows concerts %}`: a concert listing's rows (includes/concert_row.html, a Jinja2 template in
templates/jinja2/: fansite/jinja2.py says why), with the row template's
flags `announce_moves`, `mark_past`, `at_venue`. `{% concert_rows concerts as rows %}` gives them one by one
instead (`row.concert`, and `{{ row }}` for its HTML), for a listing that puts headings between them.
The concerts come from `Concert.objects.for_rows()`, whose programmes, performers and moves are loaded here
(`load_what_rows_show`): with the database's version of them, for the rows rendered only; else for every row,
as its key is made of what they show. Or, for listings that show nothing else of them, from
`Concert.objects.row_keys()`: with the fragment cache on, only the values that key each row, the concerts
being read whole (`for_rows`) for the rows not in the cache alone (`whole_concerts`).

`rows_of_listings(upcoming, past, **flags)`: the rows of several listings rendered together, from a view.

`work_rows(*listings)`: the repertoire page's works (includes/repertoire_work.html, Jinja2's too), from its view.
"""

from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString

from fansite.fragment_cache import render_each, stored_values

from ..models import Concert, ListedConcert, has_rows_digest, is_versioned, load_what_rows_show

register = template.Library()

ROW_TEMPLATE = "includes/concert_row.html"  # Jinja2's (templates/jinja2/)
WORK_TEMPLATE = "includes/repertoire_work.html"  # Jinja2's


def row_inputs(concert, *, announce_moves):
    """Everything includes/concert_row.html (and the macro it uses) reads from `concert`: the stored
    columns of the concert and of each record it shows, and what the clock decides. It reads what the
    template would read and no more, so it costs no query the template would not make. None (not kept)
    for a concert the database has no version of."""
    available = concert.tickets_available
    inputs = [stored_values(concert), stored_values(concert.venue), concert.is_past, available,
              concert.ticket_url if available else None]
    if has_rows_digest(concert):
        # The version the database keeps of the other records the row shows (Concert.objects.for_rows).
        return [*inputs, concert.rows_digest] if is_versioned(concert.rows_digest) else None
    moved = None
    if concert.status == Concert.Status.RESCHEDULED and concert.rescheduled_to_id:
        moved = concert.rescheduled_to
    elif announce_moves and not concert.is_called_off:
        moved = concert.replaced_concert
    if moved is not None:
        inputs += [stored_values(moved), stored_values(moved.venue)]
    return [*inputs, [stored_values(composer) for composer in concert.programme_highlights],
            [stored_values(performer) for performer in concert.main_performers]]


@dataclass(frozen=True)
class Row:
    concert: Concert
    html: str

    def __html__(self):
        return self.html

    def __str__(self):
        return self.html


def listed_inputs(listed):
    """What keys the row of a concert read by `Concert.objects.row_keys` (a `ListedConcert`): the database's
    hashes and version of every record the row shows, and what the clock decides, as `row_inputs` has them;
    None (not kept) for a concert the database has no version of."""
    if not is_versioned(listed.row_key):
        return None
    available = listed.tickets_available
    return [listed.row_key, listed.is_past, available, listed.ticket_url if available else None]


def whole_concerts(listed):
    """The concerts of `listed` (ListedConcerts) as listing rows read them (`for_rows`), in one query, in
    order; None for one deleted since."""
    concerts = Concert.objects.for_rows().in_bulk([row.pk for row in listed])
    return [concerts.get(row.pk) for row in listed]


@register.simple_tag
def concert_rows(concerts, announce_moves=False, mark_past=False, at_venue=False):
    concerts = list(concerts)
    flags = {"announce_moves": announce_moves, "mark_past": mark_past, "at_venue": at_venue}
    if concerts and not isinstance(concerts[0], Concert):  # the values of `Concert.objects.row_keys()`
        concerts = [ListedConcert(*values) for values in concerts]
        rendered = render_each(ROW_TEMPLATE, concerts, as_name="concert", context=flags, inputs=listed_inputs,
                               load=whole_concerts, prepare=load_what_rows_show)
    else:
        # A row without the database's version of its records (Concert.objects.for_rows) is keyed on the records.
        load_what_rows_show([concert for concert in concerts if not has_rows_digest(concert)])
        rendered = render_each(ROW_TEMPLATE, concerts, as_name="concert", context=flags,
                               prepare=load_what_rows_show,
                               inputs=lambda concert: row_inputs(concert, announce_moves=announce_moves))
    return RowList(Row(concert, html) for concert, html in zip(concerts, rendered))


class RowList(list):
    """The rows in order; in a template, their HTML one after another."""

    def __html__(self):
        return SafeString("".join(row.html for row in self))

    def __str__(self):  # a template prints a variable's str(), which must stay marked safe
        return self.__html__()


def rows_of_listings(*listings, **flags):
    """The rows of several listings shown alike (`{% concert_rows %}`'s flags), rendered together, so that
    what they show is loaded once for all of them rather than once a listing (the venue page's next and
    recent concerts: two queries fewer). A RowList per listing, for the template to print."""
    rows = concert_rows([concert for listing in listings for concert in listing], **flags)
    return [RowList(piece) for piece in _per_listing(rows, listings)]


def _per_listing(rendered, listings):
    """`rendered`, one item per entry of `listings` laid end to end, cut back into one list per listing."""
    pieces, start = [], 0
    for listing in listings:
        pieces.append(rendered[start:start + len(listing)])
        start += len(listing)
    return pieces


def work_inputs(work):
    """Everything includes/repertoire_work.html reads: the work's columns, its count, and of its first,
    latest and next concerts (`concerts.repertoire.repertoire_works`) what the row shows, a link and a
    date."""
    dates = [(concert.pk, concert.slug, concert.starts_at, concert.timezone) if concert else None
             for concert in (work.first, work.latest, work.next)]
    return [stored_values(work), work.times, dates]


def work_rows(*listings):
    """The repertoire page's rows of the works of each listing (a composer's), rendered in one pass, so that
    the fragment cache is asked once for the page rather than once a composer: the HTML of each listing."""
    rendered = render_each(WORK_TEMPLATE, [work for listing in listings for work in listing], as_name="work",
                           context={}, inputs=work_inputs)
    return [SafeString("".join(piece)) for piece in _per_listing(rendered, listings)]
