"""Readers recommending comments, and taking a recommendation back."""

from django.db import transaction
from django.db.models import F

from ..models import (
    Comment,
    Debate,
    Recommendation,
)


@transaction.atomic
def recommend_comment(*, comment: Comment, reader, recommended: bool = True) -> Comment:
    """Record that `reader` recommends `comment` (or, with `recommended=False`, no
    longer does), or raise PostingRefused; return the comment with its new count.

    It says what the reader wants, not "toggle": a form sent twice changes nothing the
    second time. The debate row is locked first, as when posting, so a close committed
    by a moderator is seen here and counts never race.
    """
    debate = Debate.objects.select_for_update().get(pk=comment.debate_id)
    comment = Comment.objects.select_related("author").get(pk=comment.pk)
    comment.debate = debate
    comment.ensure_recommendable_by(reader)
    if recommended:
        _, changed = Recommendation.objects.get_or_create(
            comment=comment, reader=reader
        )
        step = 1
    else:
        deleted, _ = Recommendation.objects.filter(
            comment=comment, reader=reader
        ).delete()
        changed, step = bool(deleted), -1
    if changed:
        Comment.objects.filter(pk=comment.pk).update(
            recommendation_count=F("recommendation_count") + step
        )
        comment.refresh_from_db(fields=["recommendation_count"])
    return comment
