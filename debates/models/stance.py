"""The stances a debate's comments can take, and how its comments divide among them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..choices import NO_STANCE
from ..querysets import StanceQuerySet


class Stance(models.Model):
    """One answer to a debate's question that a comment can give: "Against the
    withdrawal". A comment with no stance gives none of them."""

    debate = models.ForeignKey(
        "debates.Debate", on_delete=models.CASCADE, related_name="stances"
    )
    key = models.SlugField(
        max_length=40,
        help_text=f'Names the stance in addresses ("?stance=KEY"); “{NO_STANCE}” is '
        "taken by comments with no stance.",
    )
    label = models.CharField(
        max_length=100, help_text="As readers see it, e.g. “Against the withdrawal”."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Where it comes among the debate's stances, lowest first."
    )

    objects = StanceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "key"], name="unique_stance_key_per_debate"
            ),
            models.CheckConstraint(
                condition=~Q(key=NO_STANCE), name="stance_key_is_not_the_no_stance_key"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        """The debate's thread showing only the comments that take this stance."""
        url = reverse("debates:detail", kwargs={"slug": self.debate.slug})
        return f"{url}?stance={self.key}"

    def natural_key(self):
        return (*self.debate.natural_key(), self.key)

    natural_key.dependencies = ["debates.debate"]
