"""An author's request that another moderator look again at a decision against
their comment (the complaint route the EU's Digital Services Act, Art. 20, expects)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .choices import CommentStatus

# The decisions an author may ask to have looked at again.
REVIEWABLE_STATUSES = [CommentStatus.REJECTED, CommentStatus.REMOVED]


class ReviewOutcome(models.TextChoices):
    RESTORED = "restored", pgettext_lazy("review outcome", "Restored")
    KEPT = "kept", _("Decision kept")


class ReviewRequestQuerySet(models.QuerySet):
    def awaiting(self):
        """Requests no moderator has decided yet."""
        return self.filter(decided_at=None)


class ReviewRequest(models.Model):
    """One per comment: its author asks once, with a note; a moderator other than
    the one who decided says whether the decision stands."""

    Outcome = ReviewOutcome

    comment = models.OneToOneField(
        "debates.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="review_request",
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=500,
        help_text=_("Why the author thinks the decision was wrong."),
    )
    asked_at = models.DateTimeField(verbose_name=_("asked at"), default=timezone.now)
    decision_reviewed = models.CharField(
        verbose_name=_("decision reviewed"),
        max_length=10,
        choices=CommentStatus.choices,
        help_text=_("The comment's status when its author asked."),
    )
    decided_at = models.DateTimeField(
        verbose_name=_("decided at"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        verbose_name=_("outcome"),
        max_length=10,
        choices=ReviewOutcome.choices,
        blank=True,
    )
    reply = models.CharField(
        verbose_name=_("reply"),
        max_length=500,
        blank=True,
        help_text=_("What the reviewing moderator told them."),
    )

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_at=None, outcome="")
                | ~models.Q(decided_at=None) & ~models.Q(outcome=""),
                name="review_decided_with_an_outcome",
            )
        ]

    def __str__(self):
        return gettext("Review of comment %(number)s") % {"number": self.comment_id}

    @property
    def is_decided(self):
        return self.decided_at is not None
