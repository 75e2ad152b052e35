from django.conf import settings
from django.views.generic import DetailView, ListView

from fansite.chrome import site_chrome
from fansite.publishing import PublishedOrPreviewMixin
from fansite.seo import share_image

from .models import Concert


class UpcomingConcertListView(ListView):
    template_name = "concerts/concert_list.html"
    context_object_name = "concerts"
    extra_context = {"listing": "upcoming"}

    def get_queryset(self):
        return Concert.objects.published().upcoming().for_listing()


class PastConcertListView(ListView):
    template_name = "concerts/concert_list.html"
    context_object_name = "concerts"
    paginate_by = settings.CONCERTS_PER_PAGE
    extra_context = {"listing": "past"}

    def get_queryset(self):
        return Concert.objects.published().past().for_listing()


class ConcertDetailView(PublishedOrPreviewMixin, DetailView):
    """Published concerts for visitors; staff may preview a draft or scheduled one with ?preview=1."""

    template_name = "concerts/concert_detail.html"
    context_object_name = "concert"
    queryset = Concert.objects.for_detail()

    def get_context_data(self, **kwargs):
        concert = self.object
        # Link previews: the concert's own picture, else the artist portrait, else the site's default.
        image = share_image((concert.image, concert.image_alt), site_chrome().default_share_image)
        return super().get_context_data(share_image=image, og_type="article", **kwargs)
