from django.views.generic import DetailView, ListView

from ..publishing import PublishedOrPreviewMixin
from .models import NewsPost


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return NewsPost.objects.published()


class NewsDetailView(PublishedOrPreviewMixin, DetailView):
    model = NewsPost
    template_name = "news/news_detail.html"
    context_object_name = "post"
