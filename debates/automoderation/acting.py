"""Writing down what the rules did: the queue's flags and the audit trail's lines,
each by "the forum" (no moderator) and naming the rule that matched."""

import contextlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ..models import AutomaticFlag, ModerationAction
from ..models.choices import CommentStatus, ModerationVerb, RuleAction
from .judging import RefusedByRule

VERB_FOR = {
    RuleAction.REFUSE: ModerationVerb.RULE_REFUSE,
    RuleAction.HOLD: ModerationVerb.RULE_HOLD,
    RuleAction.FLAG: ModerationVerb.RULE_FLAG,
    RuleAction.MASK: ModerationVerb.RULE_MASK,
}


def apply_verdict(comment, verdict):
    """Set on an unsaved (or about to be saved) comment what the verdict decides:
    the text readers see, and for a hold, the status and the reason its author
    reads. Refusals are raised before this (`ensure_accepted`)."""
    comment.body = verdict.shown_text
    comment.likeness = verdict.likeness
    comment.unmasked_body = verdict.text if verdict.is_masked else ""
    holds = verdict.having(RuleAction.HOLD)
    if holds:
        comment.status = CommentStatus.PENDING
        comment.moderation_rule = next(
            (finding.house_rule for finding in holds if finding.house_rule), None
        )
        reasons = "; ".join(finding.for_poster() for finding in holds)
        # The note is for the comment's author, so it is in their language.
        comment.moderation_note = (
            gettext("Held for review by the forum: %(reasons)s.") % {"reasons": reasons}
        )[:500]


def ensure_accepted(verdict, *, what="comment"):
    refusals = verdict.having(RuleAction.REFUSE)
    if refusals:
        raise RefusedByRule(refusals, what=what)


def record_verdict(comment, verdict):
    """The queue's flags and the audit lines for a comment just saved; two queries
    however many rules matched, none when nothing did."""
    if not verdict.findings:
        return
    now = timezone.now()
    AutomaticFlag.objects.bulk_create(
        AutomaticFlag(
            comment=comment,
            action=finding.action,
            kind=finding.kind,
            reason=finding.reason[:300],
            words=finding.words[:50],
            created_at=now,
        )
        for finding in verdict.findings
    )
    ModerationAction.objects.bulk_create(
        ModerationAction(
            created_at=now,
            verb=VERB_FOR[finding.action],
            moderator=None,
            debate_id=comment.debate_id,
            comment=comment,
            author_id=comment.author_id,
            rule=finding.house_rule,
            detail=finding.reason[:300],
        )
        for finding in verdict.findings
    )


@contextlib.contextmanager
def refusals_recorded(*, author, debate):
    """Around a write that a rule may refuse: the refusal rolls the write back, and
    is then written in the audit trail on its own."""
    try:
        yield
    except RefusedByRule as refusal:
        with transaction.atomic():
            ModerationAction.objects.bulk_create(
                ModerationAction(
                    verb=ModerationVerb.RULE_REFUSE,
                    moderator=None,
                    debate=debate,
                    author=author,
                    rule=finding.house_rule,
                    detail=finding.reason[:300],
                )
                for finding in refusal.findings
            )
        raise
