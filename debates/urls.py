"""URLs of the readers' pages."""

from django.urls import path

from . import search_views, views

app_name = "debates"

urlpatterns = [
    path("", views.home, name="home"),
    path("debates/<slug:slug>/", views.debate_detail, name="detail"),
    path("debates/<slug:slug>/picks/", views.debate_picks, name="picks"),
    path("debates/<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path(
        "debates/<slug:slug>/comments/<int:pk>/",
        views.comment_permalink,
        name="comment",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/report/",
        views.comment_report,
        name="report",
    ),
    path("authors/<int:pk>/", views.author_detail, name="author"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("accounts/signup/", views.signup, name="signup"),
    path("search/", search_views.search, name="search"),
]
