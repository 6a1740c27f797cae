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
        "debates.Comment", on_delete=models.CASCADE, related_name="review_request"
    )
    note = models.CharField(
        max_length=500, help_text=_("Why the author thinks the decision was wrong.")
    )
    asked_at = models.DateTimeField(default=timezone.now)
    decision_reviewed = models.CharField(
        max_length=10,
        choices=CommentStatus.choices,
        help_text=_("The comment's status when its author asked."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    reply = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("What the reviewing moderator told them."),
    )

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
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
