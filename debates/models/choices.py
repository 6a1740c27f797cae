"""Enumerations shared by the models and their querysets."""

from django.db import models


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually confirm."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class CommentStatus(models.TextChoices):
    """Where a comment stands with the moderators.

    Only PUBLISHED comments are read; REMOVED, HELD and WITHDRAWN ones leave a
    placeholder where they were, so readers never meet a silent gap; PENDING and
    REJECTED ones were never public and only their author sees them.
    """

    PENDING = "pending", "Awaiting review"
    PUBLISHED = "published", "Published"
    HELD = "held", "Hidden while reports are reviewed"
    REJECTED = "rejected", "Rejected"
    REMOVED = "removed", "Removed by a moderator"
    WITHDRAWN = "withdrawn", "Deleted by its author"


# The stance filter's word for comments that take none; no stance may be keyed by it.
NO_STANCE = "none"
NO_STANCE_LABEL = "No stance"

# Comments that take a place in the thread: shown, or shown as a placeholder.
IN_THREAD = [
    CommentStatus.PUBLISHED,
    CommentStatus.REMOVED,
    CommentStatus.HELD,
    CommentStatus.WITHDRAWN,
]


class ThreadOrder(models.TextChoices):
    """The orders a reader can read a thread in; OLDEST is the archive's own."""

    OLDEST = "oldest", "Oldest first"
    NEWEST = "newest", "Newest first"
    RECOMMENDED = "recommended", "Most recommended"


class ModerationMode(models.TextChoices):
    REACTIVE = "reactive", "Reactive (comments appear at once)"
    PRE = "pre", "Pre-moderated (comments wait for approval)"


class ReportReason(models.TextChoices):
    ABUSE = "abuse", "Abusive or hateful"
    SPAM = "spam", "Spam or advertising"
    OFF_TOPIC = "off_topic", "Off topic"
    IMPERSONATION = "impersonation", "Pretends to be someone else"
    OTHER = "other", "Breaks another house rule"


class ModerationVerb(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    REMOVE = "remove", "Removed"
    RESTORE = "restore", "Restored"
    HOLD = "hold", "Held after reports"
    PICK = "pick", "Picked"
    UNPICK = "unpick", "Unpicked"
    OPEN = "open", "Opened"
    CLOSE = "close", "Closed"
    CLOSE_ON_SCHEDULE = "scheduled", "Closed on schedule"
    SCHEDULE = "schedule", "Scheduled closing"
    MODE = "mode", "Changed moderation mode"
    SUSPEND = "suspend", "Suspended poster"
    LIFT = "lift", "Lifted suspension"
    STANCE = "stance", "Changed stance"
    KEEP = "keep", "Kept the decision after review"
    ERASE = "erase", "Closed an account at its reader's request"
    ANONYMISE = "anonymise", "Anonymised an archived reader at their request"
    ERASE_COMMENT = "unpublish", "Removed a comment at its author's request"
    RULE_REFUSE = "refused", "Refused by a rule"
    RULE_HOLD = "held_rule", "Held by a rule"
    RULE_FLAG = "flagged", "Flagged by a rule"
    RULE_MASK = "masked", "Masked words by a rule"
    UNMASK = "unmask", "Unmasked"
    CLEAR_RECORD = "clear", "Cleared a poster's record"


class RuleAction(models.TextChoices):
    """What an automatic rule does to a text that matches it, strongest first."""

    REFUSE = "refuse", "Refuse"
    HOLD = "hold", "Hold for review"
    FLAG = "flag", "Flag for a moderator"
    MASK = "mask", "Mask the words"


class RuleKind(models.TextChoices):
    """Which of the forum's rules acted."""

    WORDS = "words", "Word rule"
    LINKS = "links", "Link limit"
    DOMAIN = "domain", "Blocked site"
    REPEAT = "repeat", "Repeated text"
    RECORD = "record", "Poster's record"


class DomainListing(models.TextChoices):
    BLOCKED = "blocked", "Blocked: links refused"
    ALLOWED = "allowed", "Allowed: links not counted"


# The moderators' acts a debate's timeline shows: its closings and reopenings.
STATE_CHANGE_VERBS = [
    ModerationVerb.CLOSE,
    ModerationVerb.CLOSE_ON_SCHEDULE,
    ModerationVerb.OPEN,
]
