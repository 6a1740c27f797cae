"""The audit trail: every moderator's act, with who, what, when and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import STATE_CHANGE_VERBS, ModerationVerb
from .freshness import FreshQuerySet, RemembersItsDebate
from .house_rule import HouseRule


class ModerationActionQuerySet(FreshQuerySet):
    def get_by_natural_key(self, slug, verb, created_at):
        """A debate's closing or reopening, as an export names it."""
        return self.get(debate__slug=slug, verb=verb, created_at=created_at)

    def state_changes(self):
        """Closings and reopenings, oldest first."""
        return self.filter(verb__in=STATE_CHANGE_VERBS).order_by("created_at", "id")


class ModerationAction(RemembersItsDebate, models.Model):
    """One line of the audit trail: who did what, to which debate or comment, and why.

    Written by the functions in debates.moderation.actions, never edited afterwards.
    """

    Verb = ModerationVerb

    verb = models.CharField(
        verbose_name=_("verb"), max_length=10, choices=ModerationVerb.choices
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Empty when the forum acted by itself (reports reaching the limit)."
        ),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, db_index=True
    )
    debate = models.ForeignKey(
        "debates.Debate",
        verbose_name=_("debate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    comment = models.ForeignKey(
        "debates.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    author = models.ForeignKey(
        "debates.Author",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    rule = models.ForeignKey(
        HouseRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    detail = models.CharField(
        verbose_name=_("detail"),
        max_length=300,
        blank=True,
        help_text=_("What changed, e.g. the new closing time."),
    )

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["debate", "-created_at"], name="audit_by_debate"),
        ]

    def __str__(self):
        # Translators: who did an act in the audit trail when no moderator did.
        who = self.moderator or gettext("the forum")
        # Translators: e.g. "Closed by jane at 2025-03-01 14:00".
        return gettext("%(act)s by %(who)s at %(time)s") % {
            "act": self.get_verb_display(),
            "who": who,
            "time": f"{self.created_at:%Y-%m-%d %H:%M}",
        }

    def natural_key(self):
        """Only a debate's closings and reopenings travel in an export (its
        timeline shows them); they are named by debate, verb and time."""
        return (*self.debate.natural_key(), self.verb, self.created_at.isoformat())

    natural_key.dependencies = ["debates.debate"]
