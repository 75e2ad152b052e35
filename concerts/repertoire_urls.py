"""The repertoire, work and composer pages at /repertoire/… (included from fansite/urls.py under the
"repertoire" namespace)."""

from django.urls import path

from . import repertoire

app_name = "repertoire"

urlpatterns = [
    path("", repertoire.RepertoireView.as_view(), name="list"),
    path("composers/<slug:slug>/", repertoire.ComposerDetailView.as_view(), name="composer"),
    path("works/<slug:slug>/", repertoire.WorkDetailView.as_view(), name="work"),
]
