"""Site search over the artist: recordings, milestones and the biography (fansite/search.py collects)."""

from fansite.text_search import in_every_language, search_queryset, terms

from .models import ArtistProfile, Milestone, Recording


def search_recordings(query, limit):
    return search_queryset(Recording.objects.published(), query, [*in_every_language("title", "description"), "label"], ["order", "pk"], limit)


def search_milestones(query, limit):
    return search_queryset(Milestone.objects.all(), query, in_every_language("title", "description", "period"), ["order", "pk"], limit)


def search_profile(query):
    """The artist's profile when her name or biography matches, else None."""
    found = search_queryset(ArtistProfile.objects.all(), query, in_every_language("name", "short_bio", "long_bio"), ["pk"], 1)
    return found[0] if found else None


def matching_paragraphs(profile, query, limit=2):
    """Biography paragraphs that mention any of the words; the short bio when none does (a stemmed match)."""
    words = [term.casefold() for term in terms(query)]
    paragraphs = [p for p in profile.long_bio_paragraphs if any(w in p.casefold() for w in words)]
    return paragraphs[:limit] or [profile.short_bio]
