"""Posting, editing and deleting comments, each write atomic."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..automoderation.acting import (
    apply_verdict,
    ensure_accepted,
    record_verdict,
    refusals_recorded,
)
from ..automoderation.judging import judge_comment
from ..models import (
    Author,
    Comment,
    CommentRevision,
    Debate,
    PostingRefused,
    ReviewRequest,
    Stance,
)
from ..models.choices import CommentStatus
from ..models.translation import ORIGINAL_LANGUAGE
from ..notifications.emails import notify_reply


def post_comment(
    *,
    debate: Debate,
    author: Author,
    body: str,
    stance: Stance | None = None,
    parent: Comment | None = None,
    quote: str = "",
    language: str = ORIGINAL_LANGUAGE,
) -> Comment:
    """Add a comment at the end of a debate, or raise PostingRefused.

    The debate row is locked first, so a close committed by a moderator is seen here and
    two posts never take the same position. On a pre-moderated debate the comment waits
    for a moderator; elsewhere it is published at once. `stance` must be one of the
    debate's own (ValueError otherwise), or None for no stance. A reply (`parent`)
    hangs under a published comment of the same debate, one level deep, and may quote
    a passage of it.

    The forum's automatic rules (debates.automoderation) judge the text in the
    same transaction: a refusal posts nothing (and is written in the audit trail),
    a hold makes the comment wait for a moderator, a flag or mask is recorded.
    """
    with refusals_recorded(author=author, debate=debate):
        return _post_comment(
            debate=debate,
            author=author,
            body=body,
            stance=stance,
            parent=parent,
            quote=quote,
            language=language,
        )


@transaction.atomic
def _post_comment(*, debate, author, body, stance, parent, quote, language):
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    debate.ensure_offers_stance(stance)
    debate.ensure_accepts_comments()
    author.ensure_may_post()
    answered = parent
    if answered is not None:
        answered.ensure_accepts_reply(debate=debate, quote=quote)
        parent = answered.reply_target()
    # A form sent twice (a double click, a resent POST) posts once: the lock above
    # makes the second wait for the first and then find it. Only the same post is
    # the same: a different reply, quote or stance in the same words is a new one.
    window = timezone.now() - datetime.timedelta(
        seconds=settings.FORUM_DUPLICATE_WINDOW_SECONDS
    )
    duplicate = Comment.objects.filter(
        Q(body=body) | Q(unmasked_body=body),
        debate=debate,
        author=author,
        stance=stance,
        parent=parent,
        in_reply_to=answered,
        quote=quote,
        posted_at__gte=window,
    ).first()
    if duplicate is not None:
        return duplicate
    verdict = judge_comment(text=body, author=author, debate=debate)
    ensure_accepted(verdict, what="reply" if answered else "comment")
    comment = Comment(
        debate=debate,
        author=author,
        stance=stance,
        parent=parent,
        in_reply_to=answered,
        quote=quote,
        language=language,
        position=Comment.objects.last_position(debate) + 1,
        status=CommentStatus.PENDING
        if _needs_review(debate, author)
        else CommentStatus.PUBLISHED,
    )
    apply_verdict(comment, verdict)
    comment.save(force_insert=True)
    record_verdict(comment, verdict)
    notify_reply(comment)
    return comment


def _needs_review(debate, author, *, besides=None):
    """Pre-moderated debates hold every comment; anywhere, a new poster's first
    FORUM_HOLD_FIRST_COMMENTS comments wait for a moderator too. `besides` is the
    comment being edited, which does not count towards its own author's record."""
    if debate.is_premoderated:
        return True
    held_until = settings.FORUM_HOLD_FIRST_COMMENTS
    if held_until <= 0:
        return False
    published = author.comments.visible()
    if besides is not None:
        published = published.exclude(pk=besides.pk)
    return published.count() < held_until


def edit_comment(
    *, comment: Comment, author: Author, body: str, language: str | None = None
) -> Comment:
    """Replace a comment's text, keeping the earlier text for moderators, or raise
    PostingRefused.

    An edit is new text, so it meets the rules a new comment meets: the debate still
    open (its row locked, as when posting, so a close is seen), the author not
    suspended, the automatic rules, and where a new comment would wait for review,
    an approved comment goes back to the queue.
    """
    with refusals_recorded(author=author, debate=comment.debate):
        return _edit_comment(
            comment=comment, author=author, body=body, language=language
        )


@transaction.atomic
def _edit_comment(*, comment, author, body, language):
    debate = Debate.objects.select_for_update().get(pk=comment.debate_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.debate = debate
    comment.ensure_editable_by(author)
    author.ensure_may_post()
    written = comment.as_written
    if body != written:
        verdict = judge_comment(
            text=body, author=author, debate=debate, besides=comment
        )
        ensure_accepted(verdict)
        CommentRevision.objects.create(comment=comment, body=written)
        comment.edited_at = timezone.now()
        if comment.is_visible and _needs_review(debate, author, besides=comment):
            comment.status = CommentStatus.PENDING
        apply_verdict(comment, verdict)
        comment.save(
            update_fields=[
                "body",
                "unmasked_body",
                "likeness",
                "status",
                "edited_at",
                "moderation_rule",
                "moderation_note",
            ]
        )
        # The rules judged the new text; what they found in the old one is past.
        comment.automatic_flags.unresolved().update(resolved_at=comment.edited_at)
        record_verdict(comment, verdict)
    if language and language != comment.language:
        comment.language = language
        comment.save(update_fields=["language"])
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


@transaction.atomic
def ask_for_review(*, comment: Comment, author: Author, note: str) -> ReviewRequest:
    """An author asks, once, for another moderator to look again at the rejection
    or removal of their comment (`Comment.review_refusal`); the request waits in
    the moderation queue."""
    # Locked alone: PostgreSQL locks no row of an outer join's nullable side, so
    # the request (if any) is read by the refusal itself.
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    refusal = comment.review_refusal(author)
    if refusal:
        raise PostingRefused(refusal)
    return ReviewRequest.objects.create(
        comment=comment, note=note, decision_reviewed=comment.status
    )
