"""Pages of the orchestras, ensembles and musicians she performs with, at /performers/<slug>/ (included
from fansite/urls.py under the "performers" namespace)."""

from django.urls import path

from . import repertoire

app_name = "performers"

urlpatterns = [
    path("<slug:slug>/", repertoire.PerformerDetailView.as_view(), name="detail"),
]
