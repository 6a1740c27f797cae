"""The site's URLs: the debates app, Django's auth views and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("debates.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
