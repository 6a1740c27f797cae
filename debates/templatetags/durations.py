"""Lengths of time as a reader says them: "about 33 minutes", not "1989 seconds"."""

import math

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def in_words(seconds):
    """A wait of `seconds`, rounded as people round it: exact under a minute, then
    to the nearest minute, then to the nearest half hour (never shorter than it
    is by more than half a unit, and never "about 0")."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {
            "count": seconds
        }
    if seconds < 90:
        return gettext("about a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext(
            "about %(count)d minute", "about %(count)d minutes", minutes
        ) % {"count": minutes}
    hours = round(seconds / 1800) / 2
    if hours == 1:
        return gettext("about an hour")
    shown = f"{hours:g}".replace(".5", "½")
    # A half hour takes the plural, as the whole number above it would.
    return ngettext(
        "about %(count)s hour", "about %(count)s hours", math.ceil(hours)
    ) % {"count": shown}
