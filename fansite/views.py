from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from .models import Page
from .publishing import PublishedOrPreviewMixin
from .search import search
from .seo import absolute_url


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a RequestContext: whatever broke (the database, a context processor)
    # must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /search/",  # endless combinations of the same content
        f"Sitemap: {absolute_url(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PageDetailView(PublishedOrPreviewMixin, DetailView):
    model = Page
    template_name = "fansite/page.html"
    context_object_name = "page"


class SearchView(TemplateView):
    template_name = "fansite/search.html"

    def get_context_data(self, **kwargs):
        results = search(self.request.GET.get("q", ""))
        return super().get_context_data(results=results, query=results.query, **kwargs)
