"""Writes made by readers: signing up, posting comments and recommending them."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Author, Comment, CommentRevision, Debate, Recommendation, Stance
from .models.choices import CommentStatus
from .notifications import notify_reply


@transaction.atomic
def register_reader(
    *,
    username: str,
    password: str,
    name: str,
    place: str,
    email: str = "",
    notify_on_reply: bool = False,
    notify_on_decision: bool = False,
) -> Author:
    """Create a reader's account and the Author their comments will be signed with,
    with the notification emails they chose, if any."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password
    )
    return Author.objects.create(
        user=user,
        name=name,
        place=place,
        notify_on_reply=notify_on_reply,
        notify_on_decision=notify_on_decision,
    )


@transaction.atomic
def post_comment(
    *,
    debate: Debate,
    author: Author,
    body: str,
    stance: Stance | None = None,
    parent: Comment | None = None,
    quote: str = "",
) -> Comment:
    """Add a comment at the end of a debate, or raise PostingRefused.

    The debate row is locked first, so a close committed by a moderator is seen here and
    two posts never take the same position. On a pre-moderated debate the comment waits
    for a moderator; elsewhere it is published at once. `stance` must be one of the
    debate's own (ValueError otherwise), or None for no stance. A reply (`parent`)
    hangs under a published comment of the same debate, one level deep, and may quote
    a passage of it.
    """
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    debate.ensure_offers_stance(stance)
    debate.ensure_accepts_comments()
    author.ensure_may_post()
    if parent is not None:
        parent = parent.reply_target()
        parent.ensure_accepts_reply(debate=debate, quote=quote)
    # A form sent twice (a double click, a resent POST) posts once: the lock above
    # makes the second wait for the first and then find it.
    window = timezone.now() - datetime.timedelta(
        seconds=settings.FORUM_DUPLICATE_WINDOW_SECONDS
    )
    duplicate = Comment.objects.filter(
        debate=debate, author=author, body=body, posted_at__gte=window
    ).first()
    if duplicate is not None:
        return duplicate
    comment = Comment.objects.create(
        debate=debate,
        author=author,
        body=body,
        stance=stance,
        parent=parent,
        quote=quote,
        position=Comment.objects.last_position(debate) + 1,
        status=CommentStatus.PENDING
        if _needs_review(debate, author)
        else CommentStatus.PUBLISHED,
    )
    Debate.objects.filter(pk=debate.pk).bump_version()
    notify_reply(comment)
    return comment


def _needs_review(debate, author):
    """Pre-moderated debates hold every comment; anywhere, a new poster's first
    FORUM_HOLD_FIRST_COMMENTS comments wait for a moderator too."""
    if debate.is_premoderated:
        return True
    held_until = settings.FORUM_HOLD_FIRST_COMMENTS
    return held_until > 0 and author.comments.visible().count() < held_until


@transaction.atomic
def edit_comment(*, comment: Comment, author: Author, body: str) -> Comment:
    """Replace a comment's text, keeping the earlier text for moderators, or raise
    PostingRefused.

    An edit is new text, so it meets the rules a new comment meets: the debate still
    open (its row locked, as when posting, so a close is seen), the author not
    suspended, and where a new comment would wait for review, an approved comment
    goes back to the queue.
    """
    debate = Debate.objects.select_for_update().get(pk=comment.debate_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.debate = debate
    comment.ensure_editable_by(author)
    author.ensure_may_post()
    if body != comment.body:
        CommentRevision.objects.create(comment=comment, body=comment.body)
        comment.body = body
        if comment.is_visible and _needs_review(debate, author):
            comment.status = CommentStatus.PENDING
        comment.save(update_fields=["body", "status"])
        Debate.objects.filter(pk=debate.pk).bump_version()
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, author: Author) -> None:
    """Take one's own comment down. Like a removal it only hides the text, which
    moderators still see; readers see that its author deleted it."""
    debate = Debate.objects.select_for_update().get(pk=comment.debate_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.debate = debate
    comment.ensure_editable_by(author)
    comment.status = CommentStatus.WITHDRAWN
    comment.save(update_fields=["status"])
    Debate.objects.filter(pk=comment.debate_id).bump_version()


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
        Debate.objects.filter(pk=debate.pk).bump_version()
        comment.refresh_from_db(fields=["recommendation_count"])
    return comment
