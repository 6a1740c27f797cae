"""The house rules a moderator's removal or rejection cites."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .freshness import FreshQuerySet
from .translation import Translatable


class HouseRule(Translatable, models.Model):
    """A rule a removal or rejection can cite: "Rule 2: No personal attacks"."""

    number = models.PositiveSmallIntegerField(verbose_name=_("number"), unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=100)
    text = models.TextField(verbose_name=_("text"), blank=True)

    objects = FreshQuerySet.as_manager()

    class Meta:
        verbose_name = _("house rule")
        verbose_name_plural = _("house rules")
        ordering = ["number"]

    def __str__(self):
        return gettext("Rule %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }
