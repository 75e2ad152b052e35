from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import SeriesConcertsFeed, UpcomingConcertsFeed

app_name = "concerts"

urlpatterns = [
    path("", views.UpcomingConcertListView.as_view(), name="upcoming"),
    path("past/", views.PastConcertListView.as_view(), name="past"),
    path("feed/", require_safe(UpcomingConcertsFeed()), name="feed"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("calendar-archive.ics", views.calendar_archive, name="calendar_archive"),
    path("series/", views.SeriesListView.as_view(), name="series_list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series"),
    path("series/<slug:slug>/calendar.ics", views.series_calendar, name="series_calendar"),
    path("series/<slug:slug>/feed/", require_safe(SeriesConcertsFeed()), name="series_feed"),
    path("<slug:slug>/calendar.ics", views.concert_calendar, name="concert_calendar"),
    path("<slug:slug>/", views.ConcertDetailView.as_view(), name="detail"),
]
