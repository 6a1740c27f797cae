"""What moderators work with: house rules, reports, suspensions, the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date

from ..choices import ModerationVerb, ReportReason
from ..querysets import ModerationActionQuerySet, ReportQuerySet, SuspensionQuerySet


class HouseRule(models.Model):
    """A rule a removal or rejection can cite: "Rule 2: No personal attacks"."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Rule {self.number}: {self.title}"


class Report(models.Model):
    """A reader's report that a comment breaks the rules; one per reader and comment."""

    Reason = ReportReason

    comment = models.ForeignKey(
        "debates.Comment", on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a moderator decided on the comment."
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: report on comment {self.comment_id}"


class Suspension(models.Model):
    """A period in which an author may not post; no end date means until lifted."""

    author = models.ForeignKey(
        "debates.Author", on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    rule = models.ForeignKey(
        HouseRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="suspension_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.author} suspended {self.period_display}"

    @property
    def period_display(self):
        if self.ends_at is None:
            return "until further notice"
        return "until " + format_date(timezone.localtime(self.ends_at), "j F Y, H:i")

    def refusal_message(self):
        message = f"You are suspended from posting {self.period_display}."
        if self.rule:
            message += f" Reason: {self.rule}."
        if self.note:
            message += f" {self.note}"
        return message


class ModerationAction(models.Model):
    """One line of the audit trail: who did what, to which debate or comment, and why.

    Written by the functions in debates.moderation, never edited afterwards.
    """

    Verb = ModerationVerb

    verb = models.CharField(max_length=10, choices=ModerationVerb.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the forum acted by itself (reports reaching the limit).",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    debate = models.ForeignKey(
        "debates.Debate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    comment = models.ForeignKey(
        "debates.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    author = models.ForeignKey(
        "debates.Author",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    rule = models.ForeignKey(
        HouseRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    detail = models.CharField(
        max_length=300, blank=True, help_text="What changed, e.g. the new closing time."
    )

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["debate", "-created_at"], name="audit_by_debate"),
        ]

    def __str__(self):
        who = self.moderator or "the forum"
        return f"{self.get_verb_display()} by {who} at {self.created_at:%Y-%m-%d %H:%M}"
