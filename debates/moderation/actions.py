"""Moderators' writes, each with its line in the audit trail.

The staff views and the admin's actions call these same functions, so a rule and its
audit entry hold whichever face a moderator uses. Nothing here deletes a comment's
text: rejecting or removing only hides it, and removal can be undone. A decision on a
comment emails its author, if they asked for that, once it commits
(debates.notifications).

A worked example::

    remove_comment(comment=c, by=moderator, rule=HouseRule.objects.get(number=2))
    # readers now see "Removed by a moderator: rule 2" where the comment was;
    # its author sees the text and the reason; the audit trail has one more line.
    restore_comment(comment=c, by=moderator)
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from ..models import (
    Author,
    Comment,
    Debate,
    HouseRule,
    ModerationAction,
    Report,
    ReviewRequest,
    Stance,
    Suspension,
)
from ..models.choices import (
    NO_STANCE_LABEL,
    CommentStatus,
    ModerationMode,
    ModerationVerb,
    ReportReason,
    RuleAction,
)
from ..models.comment import passage_of
from ..models.translation import ORIGINAL_LANGUAGE
from ..notifications.emails import (
    notify_decision,
    notify_reply,
    notify_review_outcome,
)


class ModerationError(Exception):
    """The action does not apply to the thing in its current state; the message says
    why, for the moderator."""


def _record(
    verb,
    *,
    by,
    debate=None,
    comment=None,
    author=None,
    rule=None,
    note="",
    detail="",
    at=None,
):
    return ModerationAction.objects.create(
        created_at=at or timezone.now(),
        verb=verb,
        moderator=by,
        debate=debate or (comment.debate if comment else None),
        comment=comment,
        author=author or (comment.author if comment else None),
        rule=rule,
        note=note,
        detail=detail,
    )


def _locked(comment):
    return (
        Comment.objects.select_for_update()
        .select_related("debate", "author")
        .get(pk=comment.pk)
    )


def _decide(comment, status, *, by, rule=None, note=""):
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = by
    comment.moderation_rule = rule
    comment.moderation_note = note
    comment.save(
        update_fields=[
            "status",
            "moderated_at",
            "moderated_by",
            "moderation_rule",
            "moderation_note",
        ]
    )
    comment.reports.unresolved().update(resolved_at=comment.moderated_at)
    comment.automatic_flags.unresolved().update(resolved_at=comment.moderated_at)


# Why a decision does not apply to a comment in its status.
REFUSED_DECISIONS = {
    ModerationVerb.APPROVE: gettext_lazy(
        # Translators: %(status)s is a comment's status in lower case, e.g.
        # "removed by a moderator".
        "A comment that is %(status)s cannot be approved."
    ),
    ModerationVerb.REJECT: gettext_lazy(
        "A comment that is %(status)s cannot be rejected (only one awaiting review)."
    ),
    ModerationVerb.REMOVE: gettext_lazy(
        "A comment that is %(status)s cannot be removed."
    ),
    ModerationVerb.RESTORE: gettext_lazy(
        "A comment that is %(status)s cannot be restored."
    ),
    ModerationVerb.PICK: gettext_lazy("A comment that is %(status)s cannot be picked."),
}


def _require(comment, verb):
    """Refuse a decision that the comment's status does not allow
    (`Comment.allowed_decisions`)."""
    if verb not in comment.allowed_decisions:
        raise ModerationError(
            str(REFUSED_DECISIONS[verb])
            % {"status": comment.get_status_display().lower()}
        )


def _in_audit_language(say):
    """What `say()` says, in English as the audit trail keeps it, whoever is
    reading."""
    with translation.override(ORIGINAL_LANGUAGE):
        return str(say())


@transaction.atomic
def approve_comment(*, comment: Comment, by: AbstractBaseUser, note: str = "") -> None:
    """Publish a comment awaiting review, or keep a reported one up and clear its
    reports."""
    comment = _locked(comment)
    _require(comment, ModerationVerb.APPROVE)
    first_shown = comment.status == CommentStatus.PENDING
    _decide(comment, CommentStatus.PUBLISHED, by=by, note=note)
    _record(ModerationVerb.APPROVE, by=by, comment=comment, note=note)
    notify_decision(comment, ModerationVerb.APPROVE)
    if first_shown:
        # A reply held for review is announced once readers can see it.
        notify_reply(comment)


@transaction.atomic
def reject_comment(
    *, comment: Comment, by: AbstractBaseUser, rule: HouseRule | None, note: str = ""
) -> None:
    """Refuse a comment that was never public; its author sees why."""
    comment = _locked(comment)
    _require(comment, ModerationVerb.REJECT)
    _decide(comment, CommentStatus.REJECTED, by=by, rule=rule, note=note)
    _record(ModerationVerb.REJECT, by=by, comment=comment, rule=rule, note=note)
    notify_decision(comment, ModerationVerb.REJECT)


@transaction.atomic
def remove_comment(
    *, comment: Comment, by: AbstractBaseUser, rule: HouseRule | None, note: str = ""
) -> None:
    """Take down a public (or held) comment; a placeholder keeps its place."""
    comment = _locked(comment)
    _require(comment, ModerationVerb.REMOVE)
    _decide(comment, CommentStatus.REMOVED, by=by, rule=rule, note=note)
    _record(ModerationVerb.REMOVE, by=by, comment=comment, rule=rule, note=note)
    notify_decision(comment, ModerationVerb.REMOVE)


@transaction.atomic
def restore_comment(*, comment: Comment, by: AbstractBaseUser, note: str = "") -> None:
    """Undo a removal or a rejection: the comment is published as it was."""
    comment = _locked(comment)
    _publish_again(comment, by=by, note=note)
    # Restored, a review its author asked for has its answer (and the email says so).
    ReviewRequest.objects.awaiting().filter(comment=comment).update(
        decided_at=comment.moderated_at,
        decided_by=by,
        outcome=ReviewRequest.Outcome.RESTORED,
        reply=note,
    )
    notify_decision(comment, ModerationVerb.RESTORE)


def _publish_again(comment, *, by, note, detail=""):
    """Publish a rejected or removed comment as it was, in the audit trail; a
    comment shown for the first time tells the person it replies to."""
    _require(comment, ModerationVerb.RESTORE)
    first_shown = comment.status == CommentStatus.REJECTED
    _decide(comment, CommentStatus.PUBLISHED, by=by, note=note)
    _record(ModerationVerb.RESTORE, by=by, comment=comment, note=note, detail=detail)
    if first_shown:
        notify_reply(comment)


@transaction.atomic
def decide_review(
    *, comment: Comment, by: AbstractBaseUser, restore: bool, note: str = ""
) -> ReviewRequest:
    """Answer an author's request to look again at the rejection or removal of
    their comment: restore it, or keep the decision. A moderator other than the
    one who decided must answer; the author is told, and the audit trail says which.
    """
    comment = _locked(comment)
    review = ReviewRequest.objects.select_for_update().filter(comment=comment).first()
    if review is not None:
        comment.review_request = review
    refusal = comment.review_answer_refusal(by)
    if refusal:
        raise ModerationError(refusal)
    detail = "asked for by its author"
    if restore:
        _publish_again(comment, by=by, note=note, detail=detail)
    else:
        _record(
            ModerationVerb.KEEP,
            by=by,
            comment=comment,
            rule=comment.moderation_rule,
            note=note,
            detail=detail,
        )
    review.decided_at = timezone.now()
    review.decided_by = by
    review.outcome = (
        ReviewRequest.Outcome.RESTORED if restore else ReviewRequest.Outcome.KEPT
    )
    review.reply = note
    review.save(update_fields=["decided_at", "decided_by", "outcome", "reply"])
    notify_review_outcome(review, comment)
    return review


@transaction.atomic
def pick_comment(*, comment: Comment, by: AbstractBaseUser, quote: str) -> None:
    """Make a comment an editor's pick, with a phrase from it as the pull-quote."""
    comment = _locked(comment)
    _require(comment, ModerationVerb.PICK)
    quote = passage_of(quote)
    if not quote or not comment.contains_passage(quote):
        raise ModerationError(
            gettext("The pull-quote must be a phrase from the comment.")
        )
    comment.highlight = quote
    comment.save(update_fields=["highlight"])
    _record(ModerationVerb.PICK, by=by, comment=comment, detail=quote[:300])


@transaction.atomic
def unpick_comment(*, comment: Comment, by: AbstractBaseUser) -> None:
    comment = _locked(comment)
    if not comment.highlight:
        raise ModerationError(gettext("This comment is not a pick."))
    comment.highlight = ""
    comment.save(update_fields=["highlight"])
    _record(ModerationVerb.UNPICK, by=by, comment=comment)


@transaction.atomic
def set_stance(
    *, comment: Comment, by: AbstractBaseUser, stance: Stance | None
) -> bool:
    """Correct the stance a comment takes (None: no stance), in the balance of opinion
    and the filter at once; return False if it took that stance already. The audit
    trail says from what to what."""
    comment = _locked(comment)
    try:
        comment.debate.ensure_offers_stance(stance)
    except ValueError as mistake:
        raise ModerationError(str(mistake)) from None
    old = comment.stance
    if old == stance:
        return False
    comment.stance = stance
    comment.save(update_fields=["stance"])
    _record(
        ModerationVerb.STANCE,
        by=by,
        comment=comment,
        detail=f"{_stance_label(old)} → {_stance_label(stance)}",
    )
    return True


def _stance_label(stance):
    return stance.label if stance else _in_audit_language(lambda: NO_STANCE_LABEL)


@transaction.atomic
def report_comment(
    *, comment: Comment, reporter: AbstractBaseUser, reason: ReportReason
) -> Report:
    """A reader's report. Once enough distinct readers report a published comment,
    it is held (hidden, with a placeholder) until a moderator decides."""
    comment = _locked(comment)
    if comment.status != CommentStatus.PUBLISHED:
        raise ModerationError(gettext("Only published comments can be reported."))
    if comment.author.user_id == reporter.pk:
        raise ModerationError(gettext("You cannot report your own comment."))
    if comment.reports.filter(reporter=reporter).exists():
        raise ModerationError(gettext("You have already reported this comment."))
    report = Report.objects.create(comment=comment, reporter=reporter, reason=reason)
    if comment.reports.unresolved().count() >= settings.FORUM_REPORTS_TO_HOLD:
        comment.status = CommentStatus.HELD
        comment.save(update_fields=["status"])
        _record(
            ModerationVerb.HOLD,
            by=None,
            comment=comment,
            detail=f"{settings.FORUM_REPORTS_TO_HOLD} readers reported it",
        )
    return report


@transaction.atomic
def close_debate(*, debate: Debate, by: AbstractBaseUser, reason: str = "") -> bool:
    """Close a debate to new comments; return False if it was closed already."""
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if not debate.is_open:
        return False
    debate.set_state(Debate.State.CLOSED, by=by, reason=reason)
    _record(ModerationVerb.CLOSE, by=by, debate=debate, note=reason)
    return True


@transaction.atomic
def open_debate(*, debate: Debate, by: AbstractBaseUser, reason: str = "") -> bool:
    """Reopen a debate for comments; return False if it was open already.

    A closing time that has passed is cleared, or the debate would stay closed.
    """
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    if debate.is_open:
        return False
    if debate.has_reached_scheduled_close:
        debate.closes_at = None
        debate.save(update_fields=["closes_at"])
    debate.set_state(Debate.State.OPEN, by=by, reason=reason)
    _record(ModerationVerb.OPEN, by=by, debate=debate, note=reason)
    return True


@transaction.atomic
def schedule_close(
    *, debate: Debate, by: AbstractBaseUser, closes_at: datetime.datetime | None
) -> None:
    """Set (or with None, cancel) the time the debate stops taking comments."""
    if closes_at is not None and closes_at <= timezone.now():
        raise ModerationError(
            gettext("Choose a closing time in the future, or close it now.")
        )
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    debate.closes_at = closes_at
    debate.save(update_fields=["closes_at"])
    detail = (
        f"closes at {timezone.localtime(closes_at):%Y-%m-%d %H:%M %Z}"
        if closes_at
        else "scheduled closing cancelled"
    )
    _record(ModerationVerb.SCHEDULE, by=by, debate=debate, detail=detail)


def record_scheduled_closings(now=None) -> int:
    """Write "closed on schedule" in the audit trail, by the forum, for each debate
    whose closing time has passed since it was last recorded; the number recorded.

    The debate stopped taking comments at its closing time whether or not this
    has run (`Debate.is_open` reads the clock), so this only records and tells:
    followers hear of it with the next follow emails. Safe to run any number of
    times and on several machines at once.
    """
    now = now or timezone.now()
    recorded = 0
    for debate_id in Debate.objects.closed_on_schedule_unrecorded(now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            debate = Debate.objects.select_for_update().get(pk=debate_id)
            if not Debate.objects.closed_on_schedule_unrecorded(now).filter(
                pk=debate.pk
            ):
                continue
            _record(
                ModerationVerb.CLOSE_ON_SCHEDULE,
                by=None,
                debate=debate,
                note="Closed on schedule",
                detail="scheduled for "
                f"{timezone.localtime(debate.closes_at):%Y-%m-%d %H:%M %Z}",
                at=now,
            )
            recorded += 1
    return recorded


@transaction.atomic
def set_moderation_mode(
    *, debate: Debate, by: AbstractBaseUser, mode: ModerationMode
) -> None:
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    debate.moderation_mode = mode
    debate.save(update_fields=["moderation_mode"])
    _record(
        ModerationVerb.MODE,
        by=by,
        debate=debate,
        detail=_in_audit_language(lambda: ModerationMode(mode).label),
    )


@transaction.atomic
def suspend_author(
    *,
    author: Author,
    by: AbstractBaseUser,
    ends_at: datetime.datetime | None,
    rule: HouseRule | None,
    note: str = "",
) -> Suspension:
    """Stop an author posting until `ends_at`, or until lifted if None."""
    now = timezone.now()
    if ends_at is not None and ends_at <= now:
        raise ModerationError(
            gettext("A suspension must end in the future (or not at all).")
        )
    suspension = Suspension.objects.create(
        author=author,
        starts_at=now,
        ends_at=ends_at,
        rule=rule,
        note=note,
        created_by=by,
    )
    _record(
        ModerationVerb.SUSPEND,
        by=by,
        author=author,
        rule=rule,
        note=note,
        detail=_in_audit_language(lambda: suspension.period_display),
    )
    return suspension


@transaction.atomic
def lift_suspensions(*, author: Author, by: AbstractBaseUser) -> int:
    lifted = author.suspensions.in_force().update(lifted_at=timezone.now())
    if lifted:
        _record(ModerationVerb.LIFT, by=by, author=author)
    return lifted


@transaction.atomic
def unmask_comment(*, comment: Comment, by: AbstractBaseUser, note: str = "") -> None:
    """Overturn a masking rule: readers see the comment's words as written."""
    comment = _locked(comment)
    if not comment.unmasked_body:
        raise ModerationError(gettext("Nothing in this comment is masked."))
    comment.body, comment.unmasked_body = comment.unmasked_body, ""
    comment.save(update_fields=["body", "unmasked_body"])
    comment.automatic_flags.unresolved().filter(action=RuleAction.MASK).update(
        resolved_at=timezone.now()
    )
    _record(ModerationVerb.UNMASK, by=by, comment=comment, note=note)


@transaction.atomic
def clear_record(*, author: Author, by: AbstractBaseUser, note: str = "") -> None:
    """A moderator vouches for a poster the record rule holds: decisions made
    before now no longer put their comments on review."""
    author = Author.objects.select_for_update().get(pk=author.pk)
    author.record_cleared_at = timezone.now()
    author.save(update_fields=["record_cleared_at"])
    _record(ModerationVerb.CLEAR_RECORD, by=by, author=author, note=note)
