"""Template tags for what other sites read from our pages: full addresses."""

from django import template

from debates import site_address

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """`path` as a full address on this site, as link previews need.

    Taken from FORUM_SITE_URL, not the request: the page may be cached and served
    to requests that named another of the allowed hosts.
    """
    return site_address.absolute_url(path)
