from django.conf import settings
from django.views.generic import DetailView, ListView

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


class ConcertDetailView(DetailView):
    template_name = "concerts/concert_detail.html"
    context_object_name = "concert"

    def get_queryset(self):
        return Concert.objects.published().for_detail()
