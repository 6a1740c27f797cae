"""Suspensions: a poster barred from posting for a while, or until lifted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .house_rule import HouseRule


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at=None, starts_at__lte=now).filter(
            Q(ends_at=None) | Q(ends_at__gt=now)
        )


class Suspension(models.Model):
    """A period in which an author may not post; no end date means until lifted."""

    author = models.ForeignKey(
        "debates.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(verbose_name=_("ends at"), null=True, blank=True)
    lifted_at = models.DateTimeField(verbose_name=_("lifted at"), null=True, blank=True)
    rule = models.ForeignKey(
        HouseRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="suspension_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return gettext("%(author)s suspended %(period)s") % {
            "author": self.author,
            "period": self.period_display,
        }

    @property
    def period_display(self):
        if self.ends_at is None:
            return gettext("until further notice")
        ends = format_date(timezone.localtime(self.ends_at), gettext("j F Y, H:i"))
        # Translators: how long a suspension lasts, as in "suspended until 3 May
        # 2025, 14:00".
        return gettext("until %(date)s") % {"date": ends}

    def refusal_message(self):
        message = gettext("You are suspended from posting %(period)s.") % {
            "period": self.period_display
        }
        if self.rule:
            message += " " + gettext("Reason: %(rule)s.") % {"rule": self.rule}
        if self.note:
            message += f" {self.note}"
        return message
