"""Readers' reports that a comment breaks the rules."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    ReportReason,
)


class ReportQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(resolved_at=None)


class Report(models.Model):
    """A reader's report that a comment breaks the rules; one per reader and comment."""

    Reason = ReportReason

    comment = models.ForeignKey(
        "debates.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(
        verbose_name=_("reason"), max_length=20, choices=ReportReason.choices
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    resolved_at = models.DateTimeField(
        verbose_name=_("resolved at"),
        null=True,
        blank=True,
        help_text=_("When a moderator decided on the comment."),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            ),
        ]

    def __str__(self):
        return gettext("%(reason)s: report on comment %(number)s") % {
            "reason": self.get_reason_display(),
            "number": self.comment_id,
        }
