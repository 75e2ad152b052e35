"""The search toolkit each app's search function uses (a building block: it imports no content app).

On PostgreSQL: full-text search (websearch syntax, English stemming, ranked), joined with a substring match
so that a partial word still finds something. Elsewhere (SQLite): substring match on every word. Either way
one query per kind of result, and whatever a visitor types is made harmless first (`clean_query`).
"""

from django.conf import settings
from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "english"
MAX_TERMS = 8  # each word adds a condition; a bounded number keeps every query cheap


def clean_query(raw):
    """Printable text, single spaces, at most SEARCH_MAX_QUERY_LENGTH characters (NUL bytes and other
    control characters removed: PostgreSQL refuses NUL in text)."""
    limit = settings.SEARCH_MAX_QUERY_LENGTH
    text = (raw or "")[: limit * 4]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:limit].strip()


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
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector  # PostgreSQL only

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = SearchVector(*vector_fields, config=SEARCH_CONFIG)
    queryset = queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
    condition = Q(document=search_query)
    if extra_match is not None:
        condition |= extra_match(search_query)
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
    """A SearchVector of `fields` in the search configuration (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*fields, config=SEARCH_CONFIG)
