"""The house rules a moderator's removal or rejection cites."""

from django.db import models
from django.utils.translation import gettext

from .freshness import FreshQuerySet
from .translation import Translatable


class HouseRule(Translatable, models.Model):
    """A rule a removal or rejection can cite: "Rule 2: No personal attacks"."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100)
    text = models.TextField(blank=True)

    objects = FreshQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return gettext("Rule %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }
