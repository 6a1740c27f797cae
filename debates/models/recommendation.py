"""Readers recommending comments: one recommendation per reader and comment."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Recommendation(models.Model):
    """A reader's recommendation of a comment, which they may take back.

    `Comment.recommendation_count` counts these, so sorting by it needs no join; both
    change together in `debates.participation.recommending.recommend_comment`.
    """

    comment = models.ForeignKey(
        "debates.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "comment"], name="one_recommendation_per_reader"
            ),
        ]

    def __str__(self):
        return gettext("%(reader)s recommends comment %(comment)s") % {
            "reader": self.reader,
            "comment": self.comment_id,
        }
