"""The search toolkit of the site search and the admin's concert search (a building block: it imports no
content app).

Every searchable record has a stored search document: its texts in every language of settings.LANGUAGES,
case-folded into `search_text` and, on PostgreSQL, weighed and stemmed into `search_vector` (each language
in its own configuration: "russian" for the Russian texts, "english" for the English). Concerts keep theirs
in two columns of their own table (concerts/search.py: 100,000 rows, GIN-indexed). The smaller kinds
(works, composers, performers, recordings, milestones, news, the artist's profile) keep theirs as rows of
one table, `SearchDocument`: a model names what its document holds in `search_document_fields`, and
fansite/signals.py keeps its documents up to date on every save and delete (`refresh_documents`).

Why one table: searching each kind's own columns compiled seven full-text and substring expressions per
request (about 5-15 ms each, most of it Django building and compiling the SQL); one query over the
documents finds what matches of every kind at once (`find_documents`), and only the kinds with a match are
read, by key (`ranked`).

How a query matches a document (`document_condition`):
- PostgreSQL: the visitor's words as prefixes ("Tchaik" finds "Tchaikovsky"; a number of up to three digits
  whole: "Op 3" does not find "Op. 35"), and for anything more than
  plain words also read with websearch syntax (quoted phrases, "or", "-word"), in every configuration, so
  «Чайковский» and "Tchaikovsky" find the same records on the English and the Russian pages.
- SQLite: every word as a substring of the case-folded text; case folding also makes «чайковский» find
  «Чайковский».
Whatever a visitor types is made harmless first (`clean_query`).
"""

import re
from itertools import batched
from operator import attrgetter

from django.conf import settings
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import F, Q, Value, Window
from django.db.models.functions import RowNumber
from django.utils import translation

SEARCH_CONFIG = "english"  # columns that are not per language
# PostgreSQL text search configurations per language code; a language without one uses "simple".
LANGUAGE_CONFIGS = {"en": "english", "ru": "russian", "de": "german", "fr": "french", "it": "italian"}
MAX_TERMS = 8  # each word adds a condition; a bounded number keeps every query cheap
# At most this many matching documents of one kind are read, best first: a bound on the rows a common word
# costs, far above what a page of results shows (SEARCH_RESULTS_PER_KIND) once the unpublished are left out.
DOCUMENTS_PER_KIND = 200
WORDS = re.compile(r"\w+")
PLAIN_WORD = re.compile(r"[^\W_]+")


def clean_query(raw):
    """Printable text, single spaces, at most SEARCH_MAX_QUERY_LENGTH characters (NUL bytes and other
    control characters removed: PostgreSQL refuses NUL in text)."""
    limit = settings.SEARCH_MAX_QUERY_LENGTH
    text = (raw or "")[: limit * 4]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:limit].strip()


def in_every_language(*fields):
    """`title` -> [`title_en`, `title_ru`]: the per-language columns (django-modeltranslation) of `fields`,
    which may be paths (`venue__name`)."""
    return [f"{name}_{code.replace('-', '_')}" for name in fields for code, _name in settings.LANGUAGES]


def terms(query):
    return query.split()[:MAX_TERMS]




def config_of(code):
    """The PostgreSQL text search configuration of language `code` ("ru", "pt-br"): "simple" if it has none."""
    return LANGUAGE_CONFIGS.get(code.split("-")[0], "simple")


def language_configs():
    """The PostgreSQL text search configurations of settings.LANGUAGES, in a fixed order."""
    return sorted({config_of(code) for code, _name in settings.LANGUAGES})


def plain_words(query):
    """Whether `query` is letters and digits only, words apart, none of them websearch's "or": what the
    parser reads as words in the document too ("Op.35" is one token there, and so not plain)."""
    return all(PLAIN_WORD.fullmatch(word) and word.casefold() != "or" for word in query.split())


def full_text_query(query):
    """`query` read with websearch syntax in every configuration (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchQuery

    combined = None
    for config in language_configs():
        one = SearchQuery(query, search_type="websearch", config=config)
        combined = one if combined is None else combined | one
    return combined


# Numbers of at most this many digits are matched whole (`prefix_query`).
WHOLE_NUMBER_DIGITS = 3


def prefix_query(query, weight=""):
    """Every word as a prefix ("Tchaik" finds "Tchaikovsky"), but a short number whole: "Op 3" does not find
    "Op. 35", nor "7" every concert of a hall in "City 7"'s city, "No. 70" and the 700s (at 100,000 concerts
    an admin search for a city and a number counted 40,099 matches by reading every row, 75 ms; whole,
    17,499 through the index, 40 ms). A longer number, a year or a catalogue number, stays a prefix: the
    parser reads "2024/25" as one word, which "2024" must still find. Only in the parts of weight `weight`
    if given; None for a query without a word to find (only letters and digits reach the query syntax)."""
    from django.contrib.postgres.search import SearchQuery

    def one(word):
        whole = word.isdecimal() and len(word) <= WHOLE_NUMBER_DIGITS
        marks = ("" if whole else "*") + weight
        return f"{word}:{marks}" if marks else word

    words = [("!" if term.startswith("-") else "") + one(word)  # "-word" excludes, as websearch does
             for term in terms(query) for word in WORDS.findall(term)]
    if not any(not word.startswith("!") for word in words):
        return None
    raw = " & ".join(words)
    combined = None
    for config in language_configs():
        one = SearchQuery(raw, search_type="raw", config=config)
        combined = one if combined is None else combined | one
    return combined


def _postgresql_condition(query):
    """(condition, the query to rank by) on `search_vector`.

    Plain words alone are matched as prefixes only: every document the websearch reading matches, the
    prefixes match too (a stem is a prefix of itself, and both drop the same stop words), and at 100,000
    concerts a common word's count took 89 ms with both conditions, PostgreSQL reading every row rather
    than the index for two, and 24 ms with one."""
    prefixes = prefix_query(query)
    if prefixes is not None and plain_words(query):
        return Q(search_vector=prefixes), prefixes
    words = full_text_query(query)
    condition = Q(search_vector=words)
    if prefixes is not None:
        condition |= Q(search_vector=prefixes)
    return condition, words


def document_condition(query):
    """Rows (with `search_text` and `search_vector` columns) whose stored document matches every word of
    `query`, a cleaned query (see the module's docstring)."""
    if connection.vendor == "postgresql":
        return _postgresql_condition(query)[0]
    condition = Q()
    for term in terms(query):
        condition &= Q(search_text__contains=term.casefold())
    return condition


# --- Storing documents -----------------------------------------------------------------------------------

def document_text(parts):
    """The case-folded text of a document's parts ({language: (texts of weight A, of weight B)})."""
    return "\n".join(dict.fromkeys(text for pair in parts.values() for text in pair)).casefold()


def vector_sql():
    """The SQL (with its %s placeholders) of a document's `search_vector` on PostgreSQL, read from
    `vector_params(parts)`: each language's texts in its configuration, weight A before weight B."""
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, %s), 'A') || setweight(to_tsvector('{config}'::regconfig, %s), 'B')"
        for config in (config_of(code) for code, _name in settings.LANGUAGES))


def vector_params(parts):
    return [text for code, _name in settings.LANGUAGES for text in parts[code]]


class SearchDocument(models.Model):
    """The stored search document of one record of a small searchable kind (see the module's docstring).

    Derived data: made from the record by `refresh_documents`, never edited, left out of backups (the
    restore makes them again)."""

    kind = models.CharField(max_length=100)  # the record's model, as "concerts.work"
    object_id = models.BigIntegerField()
    search_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True)  # PostgreSQL only; GIN-indexed there (migration 0007)

    class Meta:
        app_label = "fansite"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_of_a_record")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


def documented_models():
    """Every model that names `search_document_fields`: what its records' documents hold."""
    from django.apps import apps

    return [model for model in apps.get_models() if getattr(model, "search_document_fields", None)]


def _parts(record, getters):
    parts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts = (getter(record) for getter in getters)
            parts[code] = ("\n".join(str(text) for text in texts if text), "")
    return parts


def refresh_documents(records, batch_size=200):
    """Store the documents of `records` (a queryset of a documented model): a fixed number of queries per
    `batch_size` records (read, one batched write). Each field of `search_document_fields` is read in
    every language (a translated field in that language); a dotted path ("composer.name") reads a
    related record, loaded with the row."""
    model = records.model
    paths = model.search_document_fields
    related = sorted({path.rsplit(".", 1)[0].replace(".", "__") for path in paths if "." in path})
    getters = [attrgetter(path) for path in paths]
    rows = records.order_by().select_related(*related) if related else records.order_by()
    for batch in batched(rows.iterator(chunk_size=batch_size), batch_size):
        _write(records.db, model._meta.label_lower, [(record.pk, _parts(record, getters)) for record in batch])


def _write(using, kind, batch):
    connection = connections[using]
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (f"INSERT INTO {table} (kind, object_id, search_text, search_vector) VALUES (%s, %s, %s, {vector_sql()}) "
               "ON CONFLICT (kind, object_id) DO UPDATE SET search_text = EXCLUDED.search_text, "
               "search_vector = EXCLUDED.search_vector")
        params = [(kind, pk, document_text(parts), *vector_params(parts)) for pk, parts in batch]
    else:
        sql = (f"INSERT INTO {table} (kind, object_id, search_text) VALUES (%s, %s, %s) "
               "ON CONFLICT (kind, object_id) DO UPDATE SET search_text = excluded.search_text")
        params = [(kind, pk, document_text(parts)) for pk, parts in batch]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def refresh_missing_documents(every=False, using=DEFAULT_DB_ALIAS):
    """The documents of every documented record that has none (all of them with `every`); the count."""
    count = 0
    for model in documented_models():
        records = model._base_manager.using(using).all()
        if not every:
            records = records.exclude(pk__in=SearchDocument.objects.using(using).filter(
                kind=model._meta.label_lower).values("object_id"))
        count += records.count()
        refresh_documents(records)
    return count


def document_saved(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_save of a documented model (fansite/signals.py): its document. Raw saves (loaddata, a restore)
    are left to `refresh_missing_documents`."""
    if not raw:
        refresh_documents(sender._base_manager.using(using).filter(pk=instance.pk))


def document_deleted(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    SearchDocument.objects.using(using).filter(kind=sender._meta.label_lower, object_id=instance.pk).delete()


# --- Searching -------------------------------------------------------------------------------------------

def find_documents(query):
    """{kind: {record id: rank}}: the documents matching `query` (a cleaned, non-empty query), at most
    DOCUMENTS_PER_KIND of each kind, best first; one query for every kind. The rank is PostgreSQL's
    ts_rank (0 on SQLite, where `ranked` keeps each kind's own order)."""
    if connection.vendor == "postgresql":
        condition, words = _postgresql_condition(query)
        rank = SearchRank(F("search_vector"), words)
    else:
        condition, rank = document_condition(query), Value(0.0, output_field=models.FloatField())
    rows = (SearchDocument.objects.filter(condition)
            .annotate(rank=rank, place=Window(RowNumber(), partition_by=F("kind"),
                                              order_by=[F("rank").desc(), F("object_id").asc()]))
            .filter(place__lte=DOCUMENTS_PER_KIND)
            .values_list("kind", "object_id", "rank"))
    found = {}
    for kind, object_id, score in rows:
        found.setdefault(kind, {})[object_id] = score
    return found


def ranked(found, limit, model, records):
    """Up to `limit` records of `model` that `find_documents` found and `records()` (an ordered queryset of
    it) holds, best rank first and in the queryset's order within a rank. When none of its kind matched, no
    query, and not even the queryset is built (about 1 ms for a filter on publication)."""
    matches = found.get(model._meta.label_lower)
    if not matches:
        return []
    rows = list(records().filter(pk__in=list(matches)))
    rows.sort(key=lambda row: -matches[row.pk])  # a stable sort: the queryset's order within a rank
    return rows[:limit]
