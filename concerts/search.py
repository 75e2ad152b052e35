"""Concert search, and search over the repertoire's works, composers and performers (site search collects
`search_concerts`, `search_works`, `search_composers` and `search_performers`; the admin's concert list
searches concerts the same way). Works, composers and performers keep their documents in the site's one
table of them (fansite/text_search.py: `search_document_fields` on each model says what they hold).

Each concert stores its search document (`Concert.search_text`, and `search_vector` on PostgreSQL): its
title, its venue's name and city, and `str()` of every programme item and performer, in every language of
settings.LANGUAGES. `refresh_search_documents` writes it; concerts/signals.py calls it when a concert, its
venue or its programme or performers are saved, and the services that create rows in bulk call it after.
A search then reads one row per concert, with no join:

- PostgreSQL: the vector has a GIN index (migration 0010), matched as fansite/text_search.py's
  `document_condition` says: the visitor's words read in each language's configuration (stemmed:
  "concertos" finds "Concerto") or as word prefixes ("Tchaik"). The title, programme and performers weigh
  more than the venue, so a concert that plays the searched composer comes before one that only takes
  place in a hall named after him.
- SQLite: every word as a substring of the case-folded text, found through SQLite's trigram index of the
  documents (concerts/search_index.py; a word of one or two characters in the documents themselves); case
  folding also makes «чайковский» find «Чайковский».

Within the same weight, upcoming concerts come first, soonest first, then past ones, latest first. Every
search first walks the concerts nearest in time (`_nearest_decide`), which settles a common word's first
results; when it does not, every match is ordered (`ordered_by_relevance`).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import batched

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, IntegerField, Q, When
from django.utils import timezone, translation

from fansite.caching import KeptInProcess, content_version
from fansite.text_search import (document_condition, document_text, prefix_query, ranked, terms, vector_params,
                                 vector_sql)

from .filters import next_listing_change
from .models import Composer, Concert, Performer, Work, programme_prefetches
from .search_index import concert_condition as indexed_condition


def _parts(concert):
    """{language: (what the concert is, where it takes place)}: the texts of the document."""
    parts = {}
    programme, performers = list(concert.programme.all()), list(concert.collaborators.all())
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            what = [concert.title, *(str(item) for item in programme), *(p.name for p in performers)]
            parts[code] = ("\n".join(what), f"{concert.venue.name}\n{concert.venue.city}")
    return parts


# The concerts whose documents are stale, while `search_documents_deferred` runs (None: not deferred).
_deferred = ContextVar("deferred_search_documents", default=None)


@contextmanager
def search_documents_deferred():
    """Within the block, a concert or part saved only notes which concert's document is stale; each is made
    once, when the block ends without an error (inside the caller's transaction).

    Why: the spreadsheet import saves a concert, then each of its programme items and performers one by
    one, and each save's signal would make the whole document again (four or five times per row, three
    queries each); deferred, 1,000 rows make their documents in five batches."""
    stale = set()
    token = _deferred.set(stale)
    try:
        yield
    finally:
        _deferred.reset(token)
    if stale:
        refresh_search_documents(Concert.objects.filter(pk__in=stale))


def refresh_search_document_of(concert_id):
    """The document of the concert with `concert_id`, now or, while deferred, at the end of the block."""
    stale = _deferred.get()
    if stale is not None:
        stale.add(concert_id)
    else:
        refresh_search_documents(Concert.objects.filter(pk=concert_id))


def refresh_search_documents(concerts, batch_size=200):
    """Store the search document of every concert in `concerts` (a Concert queryset). A fixed number of
    queries per `batch_size` concerts (load, programme, performers, one batched write); a batch is small
    enough to stay far within the statement timeout a visitor's request has (a venue's save refreshes all
    its concerts)."""
    rows = concerts.order_by().select_related("venue").prefetch_related(*programme_prefetches())
    for batch in batched(rows.iterator(chunk_size=batch_size), batch_size):
        _write([(concert.pk, _parts(concert)) for concert in batch])


def _write(batch):
    table = connection.ops.quote_name(Concert._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"UPDATE {table} SET search_text = %s, search_vector = {vector_sql()} WHERE id = %s"
        params = [(document_text(parts), *vector_params(parts), pk) for pk, parts in batch]
    else:
        sql = f"UPDATE {table} SET search_text = %s WHERE id = %s"
        params = [(document_text(parts), pk) for pk, parts in batch]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def concert_condition(query):
    """The concerts whose stored document matches `query` (a cleaned query): on PostgreSQL its vector's
    condition (`document_condition`), on SQLite every word as a substring, found through the trigram
    index (concerts/search_index.py)."""
    if connection.vendor == "sqlite":
        return indexed_condition([term.casefold() for term in terms(query)], connection)
    return document_condition(query)


def _first_rank(query):
    """On PostgreSQL, the condition of the results that come first: the query matched in the title,
    programme or performers (weight A: a yes or no read from the vector, not a ts_rank score, cheap for
    every row); None where every match ranks the same (SQLite, a query of no plain word)."""
    if connection.vendor == "postgresql" and (in_what := prefix_query(query, weight="A")):
        return Q(search_vector=in_what)
    return None


def ordered_by_relevance(concerts, query, now=None):
    """`concerts` (already matching `query`) in result order: on PostgreSQL matches of the title, programme or
    performers before matches of the venue alone; then upcoming ones soonest first, then past ones latest first."""
    now = now or timezone.now()
    order = [
        Case(When(starts_at__gte=now, then=0), default=1, output_field=IntegerField()).asc(),
        Case(When(starts_at__gte=now, then=F("starts_at"))).asc(nulls_last=True),
        F("starts_at").desc(),
        F("pk").asc(),
    ]
    if (first := _first_rank(query)) is not None:
        order.insert(0, Case(When(first, then=0), default=1, output_field=IntegerField()).asc())
    return concerts.order_by(*order)


# How many published concerts nearest in time `_nearest_decide` reads, upcoming then past, before it leaves
# the choice to the ranked query over every match: 20 results need a word in the title, programme or
# performers of about one concert in ten near now.
NEAREST_ROWS = 200


def nearest_concerts(query, now):
    """The published concerts upcoming at `now`, soonest first, and past, latest first (ties by key, as
    `ordered_by_relevance` has them), as rows of (key, whether it matches `query`, [whether it ranks
    first]): what `_nearest_decide` walks."""
    # Each of the walked rows' own document, not the index: a common word's matches through the index are
    # thousands of keys to collect, to tell which of 200 rows match ("Composer 3": 13 -> 17 ms on SQLite).
    flags = {"hit": ExpressionWrapper(document_condition(query), output_field=BooleanField())}
    if (first := _first_rank(query)) is not None:
        flags["first"] = ExpressionWrapper(first, output_field=BooleanField())
    published = Concert.objects.published(now).annotate(**flags)
    # `past` breaks ties by the later key first; the results, like `upcoming`, by the earlier.
    return (published.upcoming(now).values_list("pk", *flags),
            published.past(now).order_by("-starts_at", "pk").values_list("pk", *flags))


def _nearest_decide(query, limit, now):
    """The keys of the first `limit` results, read from the NEAREST_ROWS published concerts nearest in
    time (soonest upcoming, then latest past: the results' own order within a rank), or None when those
    rows do not decide them.

    Why: the ranked query over every match sorts all of a common word's matches to show 20 of them (at
    100,000 concerts, "Composer 3" matched some 10,000 and took 80 ms). Walking the concerts in date order
    can stop once `limit` first-rank matches are found, but PostgreSQL does not choose that plan reliably:
    it misjudges how many rows a prefix query matches, and walked the dates for 90 ms to find a name three
    concerts have. So the walk leaves it no choice: no text condition in its WHERE clause (whether a row
    matches is a column it reads), at most NEAREST_ROWS rows through the (is_published, starts_at) index
    (about 2 ms at any size), and an exact answer: once `limit` first-rank matches are among them, no
    other match can come before those. A rare word costs this on top of the ranked query; on a site with
    fewer published concerts than NEAREST_ROWS, the walk reads them all and orders every match itself.
    Queries: one, or two when the upcoming concerts all fit and do not decide."""
    upcoming, past = nearest_concerts(query, now)
    first_rank, second_rank = [], []

    def read(rows):
        rows = list(rows)
        for pk, hit, *is_first in rows:
            if hit:
                (first_rank if all(is_first) else second_rank).append(pk)
        return len(rows)

    walked = read(upcoming[:NEAREST_ROWS])
    if len(first_rank) < limit and walked < NEAREST_ROWS:  # every upcoming concert is in: the latest past next
        walked += read(past[:NEAREST_ROWS - walked])
        if walked < NEAREST_ROWS:  # every published concert is in
            return (first_rank + second_rank)[:limit]
    return first_rank[:limit] if len(first_rank) >= limit else None


def search_concerts(query, limit):
    """Up to `limit` published concerts matching `query` (a cleaned query), in `ordered_by_relevance` order.

    The keys of the chosen matches, from the concerts nearest in time where they decide (`_nearest_decide`)
    or else from the ranked query over every match, then those rows whole, put in that order here.
    Ordering whole rows of a common word's thousands of matches spilled to disk; ordering the chosen ones
    again in the database, with the chosen keys as a subquery, compiled the order's expressions twice: 3-4
    ms of the search page at any size, more than reading them costs."""
    now = timezone.now()
    chosen = _nearest_decide(query, limit, now)
    if chosen is None:
        matching = Concert.objects.published(now).filter(concert_condition(query))
        chosen = list(ordered_by_relevance(matching, query, now).values_list("pk", flat=True)[:limit])
    if not chosen:
        return []
    rows = {row.pk: row for row in Concert.objects.for_rows().filter(pk__in=chosen)}
    return [rows[pk] for pk in chosen if pk in rows]


@dataclass(frozen=True)
class PublicRecords:
    """The keys of the works, composers and performers site search may show: works of the repertoire
    (`Work.objects.in_repertoire`) and their composers, and performers of published concerts
    (`Performer.objects.with_public_concerts`)."""

    works: frozenset
    composers: frozenset
    performers: frozenset


# Kept per content version, as the listings' filter choices are (concerts/filters.py), until a save or the
# next scheduled change (a publication, a concert starting). Why: asked per request with the found records'
# keys, each kind's condition (EXISTS over published programme rows, nested for composers) cost 3-4 ms of
# Django building and compiling the query for a millisecond of SQL: a search of a common word spent 10 ms
# on them. The layout's version ("v1") is in the key, as in FACETS_KEY.
PUBLIC_RECORDS_KEY = "concerts:search-records:v1:{version}"
PUBLIC_RECORDS_SECONDS = 24 * 3600
_records_kept = KeptInProcess(max_age=PUBLIC_RECORDS_SECONDS)


def public_records(version=None, now=None):
    """The `PublicRecords` at `now`, kept under the content version (`version`: the one the request read,
    else read here); built each time when the cache server is down."""
    now = now or timezone.now()
    version = version or content_version()
    key = PUBLIC_RECORDS_KEY.format(version=version) if version is not None else None
    return _records_kept.read_or_build(key, lambda: _public_records(now),
                                       lambda _records: next_listing_change(Concert, now), now)


def _public_records(now):
    works = list(Work.objects.in_repertoire(now).values_list("pk", "composer_id"))
    return PublicRecords(works=frozenset(pk for pk, _composer in works),
                         composers=frozenset(composer for _pk, composer in works),
                         performers=frozenset(Performer.objects.with_public_concerts(now).values_list("pk", flat=True)))


def _public(found, model, kind, records):
    """`find_documents`' matches of `model` among the `PublicRecords`' `kind` (`records()` asked only if
    there are any)."""
    label = model._meta.label_lower
    if not found.get(label):
        return {}
    keys = getattr((records or public_records)(), kind)
    return {label: {pk: rank for pk, rank in found[label].items() if pk in keys}}


def search_works(found, limit, records=None):
    """Works of the repertoire whose document (title, composer, catalogue number) `find_documents` found,
    best match first, then by title, with their composers. `records`: what gives the `PublicRecords`
    (site search's one read of them for every kind), else `public_records`."""
    return ranked(_public(found, Work, "works", records), limit, Work,
                  lambda: Work.objects.select_related("composer").order_by("title", "pk"))


def search_performers(found, limit, records=None):
    """Orchestras, ensembles, conductors and partners of published concerts whose name was found (their
    pages list those concerts), best match first, then by name."""
    return ranked(_public(found, Performer, "performers", records), limit, Performer,
                  lambda: Performer.objects.order_by("name", "pk"))


def search_composers(found, limit, records=None):
    """Composers of the repertoire whose name was found, best match first, then by sort name."""
    return ranked(_public(found, Composer, "composers", records), limit, Composer,
                  lambda: Composer.objects.order_by("sort_name", "pk"))
