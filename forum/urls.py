"""The site's URLs: the debates app, Django's auth views, the admin, health checks."""

from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("", include("debates.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
]
