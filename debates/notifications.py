"""Emails readers ask for: replies to their comments and moderators' decisions."""

from django.db import transaction

from .models import Author


@transaction.atomic
def set_notification_preferences(
    *, author: Author, email: str, on_reply: bool, on_decision: bool
) -> None:
    """Save a reader's email address and the notifications they want sent to it."""
    author.user.email = email
    author.user.save(update_fields=["email"])
    author.notify_on_reply = on_reply
    author.notify_on_decision = on_decision
    author.save(update_fields=["notify_on_reply", "notify_on_decision"])
