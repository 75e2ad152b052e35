"""Site search over concerts, recordings and the biography.

On PostgreSQL: full-text search (websearch syntax, English stemming, ranked), joined with a substring match
so that a partial word still finds something. Elsewhere (SQLite): substring match on every word. Either way
a fixed number of queries (one per kind of result), and whatever a visitor types is made harmless first.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Q

from concerts.models import Concert, ProgrammeItem
from profiles.models import ArtistProfile, Milestone, Recording

SEARCH_CONFIG = "english"
MAX_TERMS = 8  # each word adds a condition; a bounded number keeps every query cheap


def clean_query(raw):
    """Printable text, single spaces, at most SEARCH_MAX_QUERY_LENGTH characters (NUL bytes and other
    control characters removed: PostgreSQL refuses NUL in text)."""
    limit = settings.SEARCH_MAX_QUERY_LENGTH
    text = (raw or "")[: limit * 4]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:limit].strip()


@dataclass
class SearchResults:
    query: str = ""
    concerts: list = field(default_factory=list)
    recordings: list = field(default_factory=list)
    biography: list = field(default_factory=list)  # paragraphs of the long bio that match
    milestones: list = field(default_factory=list)
    profile: object = None

    @property
    def count(self):
        return len(self.concerts) + len(self.recordings) + len(self.milestones) + (1 if self.biography else 0)


def _terms(query):
    return query.split()[:MAX_TERMS]


def _substring_condition(query, fields, extra=None):
    """Every word must appear in at least one of the fields (or match `extra(word)`)."""
    condition = Q()
    for term in _terms(query):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        if extra:
            any_field |= extra(term)
        condition &= any_field
    return condition


def _programme_match(term):
    return Q(pk__in=ProgrammeItem.objects.filter(Q(composer__icontains=term) | Q(work__icontains=term)).values("concert_id"))


def _use_full_text():
    return connection.vendor == "postgresql"


def _full_text(queryset, query, vector_fields, extra_match=None):
    """Annotate a rank and keep rows matching the full-text query (or the substring condition)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = SearchVector(*vector_fields, config=SEARCH_CONFIG)
    queryset = queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
    condition = Q(document=search_query)
    if extra_match is not None:
        condition |= extra_match(search_query)
    return queryset, condition


def search_concerts(query, limit):
    fields = ["title", "venue__name", "venue__city"]
    substring = _substring_condition(query, fields, extra=_programme_match)
    queryset = Concert.objects.published().for_listing()
    if _use_full_text():
        from django.contrib.postgres.search import SearchVector

        def programme(search_query):
            items = ProgrammeItem.objects.annotate(
                document=SearchVector("composer", "work", "catalogue_number", config=SEARCH_CONFIG)
            ).filter(document=search_query)
            return Q(pk__in=items.values("concert_id"))

        queryset, condition = _full_text(queryset, query, fields, programme)
        return list(queryset.filter(condition | substring).order_by("-rank", "-starts_at", "pk")[:limit])
    return list(queryset.filter(substring).order_by("-starts_at", "pk")[:limit])


def _search_simple(queryset, query, fields, order, limit):
    """Rank-ordered full-text matches (PostgreSQL) or substring matches on `fields` of `queryset`."""
    substring = _substring_condition(query, fields)
    if _use_full_text():
        queryset, condition = _full_text(queryset, query, fields)
        return list(queryset.filter(condition | substring).order_by("-rank", *order)[:limit])
    return list(queryset.filter(substring).order_by(*order)[:limit])


def search_recordings(query, limit):
    return _search_simple(Recording.objects.published(), query, ["title", "label", "description"], ["order", "pk"], limit)


def search_milestones(query, limit):
    return _search_simple(Milestone.objects.all(), query, ["title", "description", "period"], ["order", "pk"], limit)


def search_profile(query):
    fields = ["name", "short_bio", "long_bio"]
    substring = _substring_condition(query, fields)
    queryset = ArtistProfile.objects.all()
    if _use_full_text():
        queryset, condition = _full_text(queryset, query, fields)
        return queryset.filter(condition | substring).first()
    return queryset.filter(substring).first()


def matching_paragraphs(profile, query, limit=2):
    """Biography paragraphs that mention any of the words; the short bio when none does (a stemmed match)."""
    words = [term.casefold() for term in _terms(query)]
    paragraphs = [p for p in profile.long_bio_paragraphs if any(w in p.casefold() for w in words)]
    return paragraphs[:limit] or [profile.short_bio]


def search(raw_query):
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    if not query:
        return results
    limit = settings.SEARCH_RESULTS_PER_KIND
    results.concerts = search_concerts(query, limit)
    results.recordings = search_recordings(query, limit)
    results.milestones = search_milestones(query, limit)
    results.profile = search_profile(query)
    if results.profile:
        results.biography = matching_paragraphs(results.profile, query)
    return results
