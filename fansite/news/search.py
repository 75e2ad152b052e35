"""Site search over news posts (fansite/search.py collects)."""

from ..text_search import in_every_language, search_queryset
from .models import NewsPost


def search_news(query, limit):
    return search_queryset(NewsPost.objects.published(), query, in_every_language("title", "summary", "body"), ["-publish_from", "-pk"], limit)
