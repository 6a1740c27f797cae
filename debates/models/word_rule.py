"""Word and phrase rules: what the forum does by itself when a text contains them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RuleAction
from .house_rule import HouseRule


class WordRule(models.Model):
    """A word or phrase moderators want caught before anyone reads it, and what to
    do then: refuse the text, hold it for review, publish it flagged for a
    moderator, or publish it with the words masked.

    Patterns match case-insensitively, whole words in alphabetic scripts and inside
    words in Hangul, with ``*`` for any letters (debates.automoderation.matching).
    """

    Action = RuleAction

    pattern = models.CharField(
        verbose_name=_("pattern"),
        max_length=200,
        help_text=_(
            "A word or phrase; * stands for any letters (spam* matches “spammer”). "
            "Case does not matter. Korean patterns match inside words, so 미군놈 "
            "also catches 미군놈들이."
        ),
    )
    action = models.CharField(
        verbose_name=_("action"), max_length=10, choices=RuleAction.choices
    )
    house_rule = models.ForeignKey(
        HouseRule,
        verbose_name=_("house rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="word_rules",
        help_text=_("The house rule it enforces, named to the poster."),
    )
    applies_to_staff = models.BooleanField(
        _("applies to staff and moderators"),
        default=False,
        help_text=_("Staff and moderators are exempt unless this is ticked."),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=200,
        blank=True,
        help_text=_("Why the rule exists, for moderators."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("word rule")
        verbose_name_plural = _("word rules")
        ordering = [Lower("pattern")]
        constraints = [
            models.UniqueConstraint(
                Lower("pattern"),
                name="unique_word_rule_pattern",
                violation_error_message=_(
                    "A rule with this pattern already exists (case does not matter)."
                ),
            ),
        ]

    def __str__(self):
        return f"“{self.pattern}” ({self.get_action_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:debates_wordrule_change", args=[self.pk])

    def clean(self):
        from ..automoderation.matching import pattern_problem

        self.pattern = " ".join(self.pattern.split())
        problem = pattern_problem(self.pattern)
        if problem:
            raise ValidationError({"pattern": problem})

    def applies_to(self, *, is_staff):
        return self.applies_to_staff or not is_staff
