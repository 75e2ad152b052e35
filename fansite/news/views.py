from django.views.generic import DetailView, ListView

from ..publishing import PublishedOrPreviewMixin
from .models import NewsPost


class NewsListView(ListView):
    query_parameters = ("page",)  # what the page cache keys on (fansite/page_cache.py)
    template_name = "news/news_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return NewsPost.objects.published()


class NewsDetailView(PublishedOrPreviewMixin, DetailView):
    query_parameters = ()  # ?preview=1 counts for staff only, who are never served from the page cache
    model = NewsPost
    template_name = "news/news_detail.html"
    context_object_name = "post"
