"""Venue pages live at /venues/<slug>/ (included from fansite/urls.py under the "venues" namespace)."""

from django.urls import path

from . import views

app_name = "venues"

urlpatterns = [
    path("<slug:slug>/", views.VenueDetailView.as_view(), name="detail"),
]
