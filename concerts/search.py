"""Concert search, and search over the repertoire's works and composers (site search collects
`search_concerts`, `search_works` and `search_composers`; the admin's concert list searches concerts the same way).

Each concert stores its search document (`Concert.search_text`, and `search_vector` on PostgreSQL): its
title, its venue's name and city, and `str()` of every programme item and performer, in every language of
settings.LANGUAGES. `refresh_search_documents` writes it; concerts/signals.py calls it when a concert, its
venue or its programme or performers are saved, and the services that create rows in bulk call it after.
A search then reads one row per concert, with no join:

- PostgreSQL: the vector has a GIN index (migration 0010), matched by the visitor's words read in each
  language's configuration (stemmed: "concertos" finds "Concerto") or as word prefixes ("Tchaik"). The
  title, programme and performers weigh more than the venue, so a concert that plays the searched composer
  comes before one that only takes place in a hall named after him.
- SQLite: every word as a substring of the case-folded text. It reads every concert row but no other
  table, and stops at the limit; case folding also makes «чайковский» find «Чайковский».

Within the same weight, upcoming concerts come first, soonest first, then past ones, latest first.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, When
from django.utils import timezone, translation

from fansite.text_search import LANGUAGE_CONFIGS, in_every_language, search_queryset, terms

from .models import Composer, Concert, Performer, Work, programme_prefetches

WORDS = re.compile(r"\w+")
PLAIN_WORD = re.compile(r"[^\W_]+")


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
    batch = []
    for concert in rows.iterator(chunk_size=batch_size):
        batch.append((concert.pk, _parts(concert)))
        if len(batch) >= batch_size:
            _write(batch)
            batch = []
    _write(batch)


def _write(batch):
    if not batch:
        return
    table = connection.ops.quote_name(Concert._meta.db_table)
    codes = [code for code, _name in settings.LANGUAGES]
    if connection.vendor == "postgresql":
        vector = " || ".join(
            f"setweight(to_tsvector('{config}'::regconfig, %s), 'A') || setweight(to_tsvector('{config}'::regconfig, %s), 'B')"
            for config in (LANGUAGE_CONFIGS.get(code.split("-")[0], "simple") for code in codes)
        )
        sql = f"UPDATE {table} SET search_text = %s, search_vector = {vector} WHERE id = %s"
        params = [(_text(parts), *(text for code in codes for text in parts[code]), pk) for pk, parts in batch]
    else:
        sql = f"UPDATE {table} SET search_text = %s WHERE id = %s"
        params = [(_text(parts), pk) for pk, parts in batch]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _text(parts):
    return "\n".join(dict.fromkeys(text for pair in parts.values() for text in pair)).casefold()


def search_condition(query):
    """Concerts whose document matches every word of `query` (a cleaned query; see the module's docstring).

    On PostgreSQL: the words as typed (websearch syntax: quoted phrases, "or", "-word") or as prefixes. For
    plain words alone, every document the first matches the second matches too (a stem is a prefix of
    itself, and both drop the same stop words), so the prefixes are the whole condition: at 100,000
    concerts a common word's count took 89 ms with both, PostgreSQL reading every row rather than the
    index for two conditions, and 24 ms with one."""
    if connection.vendor == "postgresql":
        prefixes = _prefix_query(query)
        if prefixes is not None and _plain_words(query):
            return Q(search_vector=prefixes)
        condition = Q(search_vector=_full_text_query(query))
        if prefixes:
            condition |= Q(search_vector=prefixes)
        return condition
    condition = Q()
    for term in terms(query):
        condition &= Q(search_text__contains=term.casefold())
    return condition


def _plain_words(query):
    """Whether `query` is letters and digits only, words apart, none of them websearch's "or": what the
    parser reads as words in the document too ("Op.35" is one token there, and so not plain)."""
    return all(PLAIN_WORD.fullmatch(word) and word.casefold() != "or" for word in query.split())


def _configs():
    return sorted({LANGUAGE_CONFIGS.get(code.split("-")[0], "simple") for code, _name in settings.LANGUAGES})


def _full_text_query(query):
    from django.contrib.postgres.search import SearchQuery

    combined = None
    for config in _configs():
        one = SearchQuery(query, search_type="websearch", config=config)
        combined = one if combined is None else combined | one
    return combined


def _prefix_query(query, weight=""):
    """Every word as a prefix ("Tchaik" finds "Tchaikovsky"), only in the parts of weight `weight` if given,
    or None for a query without a word to find (only letters and digits reach the query syntax)."""
    from django.contrib.postgres.search import SearchQuery

    words = [("!" if term.startswith("-") else "") + f"{word}:*{weight}"  # "-word" excludes, as websearch does
             for term in terms(query) for word in WORDS.findall(term)]
    if not any(not word.startswith("!") for word in words):
        return None
    raw = " & ".join(words)
    combined = None
    for config in _configs():
        one = SearchQuery(raw, search_type="raw", config=config)
        combined = one if combined is None else combined | one
    return combined


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
    if connection.vendor == "postgresql" and (in_what := _prefix_query(query, weight="A")):
        # A match in the title, programme or performers (weight A) is a yes or no read from the vector, not a
        # ts_rank score: cheap for every matching row, and the order within it stays by date.
        order.insert(0, Case(When(search_vector=in_what, then=0), default=1, output_field=IntegerField()).asc())
    return concerts.order_by(*order)


def search_concerts(query, limit):
    """Up to `limit` published concerts matching `query` (a cleaned query), in `ordered_by_relevance` order.

    One query: the matches are ordered by their keys alone in a subquery, and only the `limit` chosen rows
    are read whole (ordering whole rows of a common word's thousands of matches spilled to disk)."""
    matching = Concert.objects.published().filter(search_condition(query))
    chosen = ordered_by_relevance(matching, query).values("pk")[:limit]
    return list(ordered_by_relevance(Concert.objects.for_rows().filter(pk__in=chosen), query))


def search_works(query, limit):
    """Works of the repertoire (`Work.objects.in_repertoire`) whose title, composer or catalogue number
    matches `query` (a cleaned query), by title (best match first on PostgreSQL), with their composers."""
    return search_queryset(
        Work.objects.in_repertoire().select_related("composer"), query,
        [*in_every_language("title", "composer__name"), "catalogue_number"], ["title", "pk"], limit)


def search_performers(query, limit):
    """Orchestras, ensembles, conductors and partners of published concerts whose name matches `query`
    (their pages list those concerts), by name."""
    return search_queryset(Performer.objects.with_public_concerts(), query, in_every_language("name"),
                           ["name", "pk"], limit)


def search_composers(query, limit):
    """Composers of the repertoire whose name matches `query`, by sort name."""
    return search_queryset(Composer.objects.in_repertoire(), query, in_every_language("name", "sort_name"),
                           ["sort_name", "pk"], limit)
