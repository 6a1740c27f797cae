"""Writes made by moderators: opening and closing debates, hiding comments.

The staff views and the admin's actions both call these, so a rule holds whichever face
a moderator uses.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from .models import Comment, Debate


@transaction.atomic
def close_debate(*, debate: Debate, by: AbstractBaseUser, reason: str = "") -> bool:
    """Close a debate to new comments; return False if it was closed already."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if not debate.is_open:
        return False
    debate.set_state(Debate.State.CLOSED, by=by, reason=reason)
    return True


@transaction.atomic
def open_debate(*, debate: Debate, by: AbstractBaseUser, reason: str = "") -> bool:
    """Reopen a debate for comments; return False if it was open already."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if debate.is_open:
        return False
    debate.set_state(Debate.State.OPEN, by=by, reason=reason)
    return True


@transaction.atomic
def hide_comments(*, comments: QuerySet[Comment]) -> int:
    """Hide comments from readers without deleting their text; return how many."""
    return _set_status(comments.exclude(status=Comment.Status.REMOVED), "removed")


@transaction.atomic
def restore_comments(*, comments: QuerySet[Comment]) -> int:
    """Show hidden comments again; return how many."""
    return _set_status(comments.filter(status=Comment.Status.REMOVED), "published")


def _set_status(comments, status):
    debate_ids = set(comments.values_list("debate_id", flat=True))
    changed = comments.update(status=status)
    Debate.objects.filter(pk__in=debate_ids).bump_version()
    return changed
