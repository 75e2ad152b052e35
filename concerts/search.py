"""Site search over concerts: title, venue, city and the works on the programme (fansite/search.py collects)."""

from django.db.models import Q

from fansite.text_search import full_text_vector, in_every_language, search_queryset

from .models import Concert, ProgrammeItem


def _programme_words(term):
    condition = Q()
    for column in in_every_language("composer", "work"):
        condition |= Q(**{f"{column}__icontains": term})
    return Q(pk__in=ProgrammeItem.objects.filter(condition).values("concert_id"))


def _programme_full_text(search_query):
    items = ProgrammeItem.objects.annotate(
        document=full_text_vector(*in_every_language("composer", "work"), "catalogue_number")
    ).filter(document=search_query)
    return Q(pk__in=items.values("concert_id"))


def search_concerts(query, limit):
    """Published concerts matching `query` (a cleaned query), newest first (best match first on PostgreSQL)."""
    return search_queryset(
        Concert.objects.published().for_listing(), query, in_every_language("title", "venue__name", "venue__city"),
        ["-starts_at", "pk"], limit, extra_substring=_programme_words, extra_full_text=_programme_full_text,
    )
