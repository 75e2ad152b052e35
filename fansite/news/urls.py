from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    path("feed/", feeds.NewsFeed(), name="feed"),
    path("<slug:slug>/", views.NewsDetailView.as_view(), name="detail"),
]
