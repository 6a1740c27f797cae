"""What the forum did by itself to a comment, and why, for the moderation queue."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RuleAction, RuleKind


class AutomaticFlagQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(resolved_at=None)


class AutomaticFlag(models.Model):
    """One automatic act on a comment (held, flagged or masked), naming the rule
    that matched and the words it matched; resolved once a moderator decides."""

    Action = RuleAction

    comment = models.ForeignKey(
        "debates.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="automatic_flags",
    )
    action = models.CharField(
        verbose_name=_("action"), max_length=10, choices=RuleAction.choices
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=10, choices=RuleKind.choices
    )
    reason = models.CharField(
        verbose_name=_("reason"),
        max_length=300,
        help_text=_("The rule that matched, as moderators read it."),
    )
    words = models.JSONField(
        verbose_name=_("words"),
        default=list,
        blank=True,
        help_text=_("The text that matched, to highlight."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    resolved_at = models.DateTimeField(
        verbose_name=_("resolved at"), null=True, blank=True
    )

    objects = AutomaticFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("automatic flag")
        verbose_name_plural = _("automatic flags")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.reason}"
