"""Deployment checks (`manage.py check --deploy`) for settings the forum relies on.

Each catches a production setting left at its development default, which would
otherwise fail quietly: readers told an email was sent that only reached a log.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

DEVELOPMENT_HOSTS = {"127.0.0.1", "localhost", "::1"}
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Emails and link previews must not name a development address."""
    address = settings.FORUM_SITE_URL
    parts = urlsplit(address)
    if parts.scheme == "https" and parts.hostname not in DEVELOPMENT_HOSTS:
        return []
    return [
        checks.Warning(
            f"FORUM_SITE_URL is {address!r}: the links in emails and in shared-link "
            "previews would point there.",
            hint="Set FORUM_SITE_URL to the site's public https address.",
            id="debates.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_email_is_sent(app_configs, **kwargs):
    """Confirmation links and notifications must leave the building."""
    if settings.EMAIL_BACKEND not in UNSENT_EMAIL_BACKENDS:
        return []
    return [
        checks.Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND!r}: confirmation links and "
            "notifications would never reach readers.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to send "
            "them over SMTP.",
            id="debates.W002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_passwords_are_hashed_slowly(app_configs, **kwargs):
    """The test suite's fast password hashing must never reach a real site."""
    if not settings.FORUM_TEST_FAST_PASSWORDS:
        return []
    return [
        checks.Error(
            "FORUM_TEST_FAST_PASSWORDS is set: passwords would be stored as MD5.",
            hint="Unset FORUM_TEST_FAST_PASSWORDS; it is for the test suite only.",
            id="debates.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_tasks_are_shared(app_configs, **kwargs):
    """Workers on other machines must see the tasks the app servers queue."""
    if settings.REDIS_URL and not settings.HUEY.get("immediate"):
        return []
    return [
        checks.Warning(
            "The task queue is a SQLite file on this machine (or tasks run in the "
            "request): workers elsewhere cannot share it.",
            hint="Set REDIS_URL, and run `manage.py run_huey` on one or more machines.",
            id="debates.W003",
        )
    ]
