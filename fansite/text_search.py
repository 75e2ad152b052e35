"""The search toolkit each app's search function uses (a building block: it imports no content app).

On PostgreSQL: full-text search (websearch syntax, ranked), joined with a substring match so that a partial
word still finds something. Elsewhere (SQLite): substring match on every word. Either way one query per kind
of result, and whatever a visitor types is made harmless first (`clean_query`).

Languages: translated fields are searched in every language's column whatever the page's language, so
«Чайковский» and "Tchaikovsky" both find his concerts on the English and the Russian pages
(`in_every_language`). On PostgreSQL each column is stemmed in its own language's configuration
(`title_ru` with "russian", `title_en` with "english"), and the query is read in each of them. SQLite's
LIKE folds case only for ASCII letters, so there a Cyrillic word must match the stored case.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "english"  # columns that are not per language
# PostgreSQL text search configurations per language code; a language without one uses "simple".
LANGUAGE_CONFIGS = {"en": "english", "ru": "russian", "de": "german", "fr": "french", "it": "italian"}
MAX_TERMS = 8  # each word adds a condition; a bounded number keeps every query cheap


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


def config_for(column):
    """The text search configuration for a column: its language's (from the `_ru` suffix), else English."""
    suffix = column.rsplit("_", 1)[-1]
    codes = {code.replace("-", "_") for code, _name in settings.LANGUAGES}
    if suffix in codes:
        return LANGUAGE_CONFIGS.get(suffix.split("_")[0], "simple")
    return SEARCH_CONFIG


def search_query(query):
    """The visitor's words read in every configuration the columns use (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchQuery

    configs = sorted({SEARCH_CONFIG} | {LANGUAGE_CONFIGS.get(code.split("-")[0], "simple") for code, _ in settings.LANGUAGES})
    combined = None
    for config in configs:
        one = SearchQuery(query, search_type="websearch", config=config)
        combined = one if combined is None else combined | one
    return combined


def terms(query):
    return query.split()[:MAX_TERMS]


def substring_condition(query, fields, extra=None):
    """Every word must appear in at least one of the fields (or match `extra(word)`)."""
    condition = Q()
    for term in terms(query):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        if extra:
            any_field |= extra(term)
        condition &= any_field
    return condition


def use_full_text():
    return connection.vendor == "postgresql"


def full_text(queryset, query, vector_fields, extra_match=None):
    """Annotate a rank and return the condition "matches the full-text query" (or `extra_match(query)`)."""
    from django.contrib.postgres.search import SearchRank  # PostgreSQL only

    words = search_query(query)
    vector = full_text_vector(*vector_fields)
    queryset = queryset.alias(document=vector).annotate(rank=SearchRank(vector, words))
    condition = Q(document=words)
    if extra_match is not None:
        condition |= extra_match(words)
    return queryset, condition


def search_queryset(queryset, query, fields, order, limit, extra_substring=None, extra_full_text=None):
    """Up to `limit` rows of `queryset` matching `query` on `fields`: ranked full-text matches plus
    substring matches on PostgreSQL, substring matches in `order` elsewhere. The `extra_*` callables add
    matches through related rows (a word → a Q)."""
    substring = substring_condition(query, fields, extra=extra_substring)
    if use_full_text():
        queryset, condition = full_text(queryset, query, fields, extra_full_text)
        return list(queryset.filter(condition | substring).order_by("-rank", *order)[:limit])
    return list(queryset.filter(substring).order_by(*order)[:limit])


def full_text_vector(*fields):
    """A SearchVector of `fields`, each column in its language's configuration (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    vector = None
    for name in fields:
        one = SearchVector(name, config=config_for(name))
        vector = one if vector is None else vector + one
    return vector
