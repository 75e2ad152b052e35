"""Site search over the artist: recordings, milestones and the biography (fansite/search.py collects; the
documents are found once for every kind by fansite/text_search.py's `find_documents`)."""

from fansite.text_search import ranked, terms

from .models import ArtistProfile, Milestone, Recording


def search_recordings(found, limit):
    return ranked(found, limit, Recording, lambda: Recording.objects.published().order_by("order", "pk"))


def search_milestones(found, limit):
    return ranked(found, limit, Milestone, lambda: Milestone.objects.order_by("order", "pk"))


def search_profile(found):
    """The artist's profile when her name or biography matched, else None."""
    profiles = ranked(found, 1, ArtistProfile, lambda: ArtistProfile.objects.order_by("pk"))
    return profiles[0] if profiles else None


def matching_paragraphs(profile, query, limit=2):
    """Biography paragraphs that mention any of the words; the short bio when none does (a stemmed match)."""
    words = [term.casefold() for term in terms(query)]
    paragraphs = [p for p in profile.long_bio_paragraphs if any(w in p.casefold() for w in words)]
    return paragraphs[:limit] or [profile.short_bio]
