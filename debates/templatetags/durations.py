"""Lengths of time as a reader says them: "about 33 minutes", not "1989 seconds"."""

from django import template

register = template.Library()


@register.filter
def in_words(seconds):
    """A wait of `seconds`, rounded as people round it: exact under a minute, then
    to the nearest minute, then to the nearest half hour (never shorter than it
    is by more than half a unit, and never "about 0")."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    if seconds < 90:
        return "about a minute"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} minutes"
    hours = round(seconds / 1800) / 2
    if hours == 1:
        return "about an hour"
    shown = f"{hours:g}".replace(".5", "½")
    return f"about {shown} hours"
