from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("about/", views.AboutView.as_view(), name="about"),
    path("photos/", views.GalleryView.as_view(), name="photos"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("press/", views.PressKitView.as_view(), name="press"),
    path("recordings/", views.DiscographyView.as_view(), name="recordings"),
]
