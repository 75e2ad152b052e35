from django.urls import path

from . import views

app_name = "contact"
urlpatterns = [
    path("", views.ContactView.as_view(), name="form"),
    path("sent/", views.ContactSentView.as_view(), name="sent"),
]
