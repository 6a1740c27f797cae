"""The site's own address, for links read away from the request that made them.

Emails have no request at all, and a cached page is shared by every request that
reads it, whatever host that request named; both take the address from the
``FORUM_SITE_URL`` setting instead.
"""

from django.conf import settings


def absolute_url(thing) -> str:
    """The full address of a path, or of anything with ``get_absolute_url()``."""
    path = thing if isinstance(thing, str) else thing.get_absolute_url()
    return settings.FORUM_SITE_URL + path
