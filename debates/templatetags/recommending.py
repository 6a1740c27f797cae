"""The slot each comment in the shared thread leaves for its recommend button."""

from django import template
from django.utils.safestring import mark_safe

from ..reading.recommend_buttons import slot

register = template.Library()


@register.simple_tag
def recommend_slot(comment):
    """Where `reading.recommend_buttons.fill` puts the button for this comment."""
    # Digits only, from our own models.
    return mark_safe(slot(comment))  # nosec B308 B703
