"""Site search over news posts (fansite/search.py collects)."""

from ..text_search import ranked
from .models import NewsPost


def search_news(found, limit):
    return ranked(found, limit, NewsPost, lambda: NewsPost.objects.published().order_by("-publish_from", "-pk"))
