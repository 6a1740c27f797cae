"""The site's URLs: readers' pages, moderators' pages, auth, the admin, health."""

from django.contrib import admin
from django.urls import include, path

from debates.views import SignInView

from . import health

handler500 = "forum.errors.server_error"

urlpatterns = [
    path("", include("debates.urls")),
    path("moderation/", include("debates.staff_urls")),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
]
