from django.urls import path

from . import views

app_name = "concerts"

urlpatterns = [
    path("", views.UpcomingConcertListView.as_view(), name="upcoming"),
    path("past/", views.PastConcertListView.as_view(), name="past"),
    path("<slug:slug>/", views.ConcertDetailView.as_view(), name="detail"),
]
