"""The site's own address, for links read away from the request that made them.

Emails have no request at all, and a cached page is shared by every request that
reads it, whatever host that request named; both take the address from the
``FORUM_SITE_URL`` setting instead.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

DEVELOPMENT_HOSTS = {"127.0.0.1", "localhost", "::1"}


def absolute_url(thing) -> str:
    """The full address of a path, or of anything with ``get_absolute_url()``."""
    path = thing if isinstance(thing, str) else thing.get_absolute_url()
    return settings.FORUM_SITE_URL + path


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """In production, emails and link previews must not name a development address."""
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
