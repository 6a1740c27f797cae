"""URLs of the readers' pages."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path
from django.utils.decorators import decorator_from_middleware

from . import feeds
from .notifications import views as notification_views
from .participation import views as participation
from .privacy import views as privacy_views
from .reading import views
from .search import views as search_views

app_name = "debates"

# Feeds answer a reader's conditional GET (If-Modified-Since, If-None-Match) with
# 304 Not Modified when nothing changed since.
conditional = decorator_from_middleware(ConditionalGetMiddleware)

urlpatterns = [
    path("", views.home, name="home"),
    path("debates/<slug:slug>/", views.debate_detail, name="detail"),
    path("debates/<slug:slug>/picks/", views.debate_picks, name="picks"),
    path(
        "debates/<slug:slug>/follow/",
        notification_views.follow,
        name="follow",
    ),
    path(
        "debates/<slug:slug>/comments/",
        participation.comment_create,
        name="comment_create",
    ),
    path(
        "debates/<slug:slug>/draft/",
        participation.comment_draft,
        name="draft",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/",
        views.comment_permalink,
        name="comment",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/edit/",
        participation.comment_edit,
        name="edit",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/delete/",
        participation.comment_delete,
        name="delete",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/review/",
        participation.comment_review,
        name="review",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/reply/",
        participation.comment_reply,
        name="reply",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/recommend/",
        participation.comment_recommend,
        name="recommend",
    ),
    path(
        "debates/<slug:slug>/comments/<int:pk>/report/",
        participation.comment_report,
        name="report",
    ),
    path("authors/<int:pk>/", views.author_detail, name="author"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("accounts/signup/", participation.signup, name="signup"),
    path("accounts/", privacy_views.account, name="account"),
    path("accounts/signature/", privacy_views.signature, name="signature"),
    path("accounts/data/", privacy_views.ask_for_my_data, name="ask_for_my_data"),
    path(
        "accounts/data/<int:pk>/",
        privacy_views.download_my_data,
        name="download_my_data",
    ),
    path("accounts/close/", privacy_views.close_account, name="close_account"),
    path(
        "accounts/notifications/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "accounts/notifications/confirm/<str:token>/",
        notification_views.confirm_address,
        name="confirm_email",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
    # Search and feeds.
    path("search/", search_views.search, name="search"),
    path("feeds/debates.rss", conditional(feeds.NewDebatesFeed()), name="debates_rss"),
    path(
        "feeds/debates.atom",
        conditional(feeds.NewDebatesAtomFeed()),
        name="debates_atom",
    ),
    path(
        "debates/<slug:slug>/comments.rss",
        conditional(feeds.DebateCommentsFeed()),
        name="comments_rss",
    ),
    path(
        "debates/<slug:slug>/comments.atom",
        conditional(feeds.DebateCommentsAtomFeed()),
        name="comments_atom",
    ),
]
