"""The site's URLs plus /bench/trivial/: a ~20 KB template-rendered page with no database work.

Its requests/s are the framework's ceiling on this machine; each real page is reported as a ratio of it.
It exists only under bench.settings, never on the public site.
"""

from django.shortcuts import render
from django.urls import path

from fansite.urls import handler404, handler500, urlpatterns as site_urlpatterns  # noqa: F401

ROWS = [
    {"n": n, "title": f"Row {n}", "text": "A line of text that stands in for a listing row in a page."}
    for n in range(180)
]


def trivial_page(request):
    return render(request, "bench/trivial.html", {"rows": ROWS})


urlpatterns = [path("bench/trivial/", trivial_page, name="bench-trivial"), *site_urlpatterns]
