"""Enumerations shared by the models and their querysets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually confirm."""

    # Translators: how precisely a date is known (to the day, month or year).
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class CommentStatus(models.TextChoices):
    """Where a comment stands with the moderators.

    Only PUBLISHED comments are read; REMOVED, HELD and WITHDRAWN ones leave a
    placeholder where they were, so readers never meet a silent gap; PENDING and
    REJECTED ones were never public and only their author sees them.
    """

    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Hidden while reports are reviewed")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed by a moderator")
    WITHDRAWN = "withdrawn", _("Deleted by its author")


# The stance filter's word for comments that take none; no stance may be keyed by it.
NO_STANCE = "none"
NO_STANCE_LABEL = _("No stance")

# Comments that take a place in the thread: shown, or shown as a placeholder.
IN_THREAD = [
    CommentStatus.PUBLISHED,
    CommentStatus.REMOVED,
    CommentStatus.HELD,
    CommentStatus.WITHDRAWN,
]


class ThreadOrder(models.TextChoices):
    """The orders a reader can read a thread in; OLDEST is the archive's own."""

    OLDEST = "oldest", _("Oldest first")
    NEWEST = "newest", _("Newest first")
    RECOMMENDED = "recommended", _("Most recommended")


class ModerationMode(models.TextChoices):
    REACTIVE = "reactive", _("Reactive (comments appear at once)")
    PRE = "pre", _("Pre-moderated (comments wait for approval)")


class ReportReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive or hateful")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    IMPERSONATION = "impersonation", _("Pretends to be someone else")
    OTHER = "other", _("Breaks another house rule")


class ModerationVerb(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("moderation act", "Approved")
    REJECT = "reject", pgettext_lazy("moderation act", "Rejected")
    REMOVE = "remove", pgettext_lazy("moderation act", "Removed")
    RESTORE = "restore", pgettext_lazy("moderation act", "Restored")
    HOLD = "hold", _("Held after reports")
    PICK = "pick", pgettext_lazy("moderation act", "Picked")
    UNPICK = "unpick", pgettext_lazy("moderation act", "Unpicked")
    OPEN = "open", pgettext_lazy("moderation act", "Opened")
    CLOSE = "close", pgettext_lazy("moderation act", "Closed")
    CLOSE_ON_SCHEDULE = "scheduled", _("Closed on schedule")
    SCHEDULE = "schedule", _("Scheduled closing")
    MODE = "mode", _("Changed moderation mode")
    SUSPEND = "suspend", _("Suspended poster")
    LIFT = "lift", _("Lifted suspension")
    STANCE = "stance", _("Changed stance")
    KEEP = "keep", _("Kept the decision after review")
    ERASE = "erase", _("Closed an account at its reader's request")
    ANONYMISE = "anonymise", _("Anonymised an archived reader at their request")
    ERASE_COMMENT = "unpublish", _("Removed a comment at its author's request")
    RULE_REFUSE = "refused", _("Refused by a rule")
    RULE_HOLD = "held_rule", _("Held by a rule")
    RULE_FLAG = "flagged", _("Flagged by a rule")
    RULE_MASK = "masked", _("Masked words by a rule")
    UNMASK = "unmask", pgettext_lazy("moderation act", "Unmasked")
    CLEAR_RECORD = "clear", _("Cleared a poster's record")


class RuleAction(models.TextChoices):
    """What an automatic rule does to a text that matches it, strongest first."""

    # Translators: a rule's action, said as an instruction to the forum.
    REFUSE = "refuse", _("Refuse")
    HOLD = "hold", _("Hold for review")
    FLAG = "flag", _("Flag for a moderator")
    MASK = "mask", _("Mask the words")


class RuleKind(models.TextChoices):
    """Which of the forum's rules acted."""

    WORDS = "words", _("Word rule")
    LINKS = "links", _("Link limit")
    DOMAIN = "domain", _("Blocked site")
    REPEAT = "repeat", _("Repeated text")
    RECORD = "record", _("Poster's record")


class DomainListing(models.TextChoices):
    BLOCKED = "blocked", _("Blocked: links refused")
    ALLOWED = "allowed", _("Allowed: links not counted")


# The moderators' acts a debate's timeline shows: its closings and reopenings.
STATE_CHANGE_VERBS = [
    ModerationVerb.CLOSE,
    ModerationVerb.CLOSE_ON_SCHEDULE,
    ModerationVerb.OPEN,
]
