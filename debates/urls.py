"""URLs of the debates app: reading, posting and the staff views."""

from django.urls import path

from . import views

app_name = "debates"

urlpatterns = [
    path("", views.home, name="home"),
    path("debates/<slug:slug>/", views.debate_detail, name="detail"),
    path("debates/<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path(
        "debates/<slug:slug>/comments/<int:pk>/",
        views.comment_permalink,
        name="comment",
    ),
    path("debates/<slug:slug>/close/", views.debate_close, name="close"),
    path("debates/<slug:slug>/open/", views.debate_open, name="open"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("accounts/signup/", views.signup, name="signup"),
]
