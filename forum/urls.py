"""The site's URLs: readers' pages, moderators' pages, auth, the admin, health,
the sitemap and robots.txt."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.views import PasswordResetConfirmView
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from debates.participation import two_factor
from debates.participation.password_reset import ForgottenPasswordView
from debates.participation.views import SignInView
from debates.privacy.views import privacy_page
from debates.sitemaps import SITEMAPS

from . import health, languages

handler500 = "forum.errors.server_error"

# The readers', posters' and moderators' pages, in English at their plain address
# and in every other language under its prefix (/ko/…).
translated_patterns = i18n_patterns(
    path("", include("debates.urls")),
    path("moderation/", include("debates.moderation.urls")),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        ForgottenPasswordView.as_view(),
        name="password_reset",
    ),
    # Choosing a new password signs the reader in: the emailed link proves the
    # account is theirs, and a reader locked out by someone's guessing gets in.
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(post_reset_login=True),
        name="password_reset_confirm",
    ),
    path("accounts/two-factor/", two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/verify/",
        two_factor.two_factor_verify,
        name="two_factor_verify",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("privacy/", privacy_page, name="privacy"),
    prefix_default_language=False,
)

urlpatterns = [
    *translated_patterns,
    path("language/", languages.choose_language, name="choose_language"),
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
