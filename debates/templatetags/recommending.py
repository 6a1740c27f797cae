"""The slot each comment in the shared thread leaves for its recommend button."""

from django import template
from django.utils.safestring import mark_safe

from ..reading.recommend_buttons import ACTIONS_END, actions_slot_for, slot

register = template.Library()


@register.simple_tag
def recommend_slot(comment):
    """Where `reading.recommend_buttons.fill` puts the button for this comment."""
    # Digits only, from our own models.
    return mark_safe(slot(comment))  # nosec B308 B703


@register.simple_tag
def actions_slot(comment):
    """Where the comment's actions for others (Report) begin: `fill` keeps them for
    other readers' comments and puts the author's own actions (Edit, Delete) in
    their place on the reader's own."""
    return mark_safe(actions_slot_for(comment))  # nosec B308 B703


@register.simple_tag
def end_actions_slot():
    return mark_safe(ACTIONS_END)  # nosec B308 B703
