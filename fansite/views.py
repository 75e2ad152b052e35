from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a RequestContext: whatever broke (the database, a context processor)
    # must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
