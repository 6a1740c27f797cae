"""Readers who follow a debate, and how they want to hear of it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class FollowQuerySet(models.QuerySet):
    def emailed(self, how):
        """Follows emailed `how` (Follow.Emails), whose reader has an account with
        a confirmed address to send to."""
        return self.filter(
            emails=how,
            author__user__isnull=False,
            author__confirmed_email__gt="",
            author__user__email=models.F("author__confirmed_email"),
        )


class Follow(models.Model):
    """A reader following a debate: emailed each new published comment, or a
    daily digest of them, and either way told when the debate closes or reopens.

    `told_up_to` is how far the reader has been told: what happened in the debate
    after it is still to be emailed. Advancing it in the same transaction that
    queues the email is what makes each comment emailed once, however often the
    task that does it runs.
    """

    class Emails(models.TextChoices):
        EVERY = "every", _("An email for every new comment")
        DAILY = "daily", _("A daily digest of new comments")

    author = models.ForeignKey(
        "debates.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    debate = models.ForeignKey(
        "debates.Debate",
        verbose_name=_("debate"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    emails = models.CharField(
        verbose_name=_("emails"), max_length=5, choices=Emails.choices
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    told_up_to = models.DateTimeField(
        verbose_name=_("told up to"), default=timezone.now
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "debate"], name="one_follow_per_reader_and_debate"
            )
        ]

    def __str__(self):
        return gettext("%(author)s follows %(debate)s (%(emails)s)") % {
            "author": self.author,
            "debate": self.debate,
            "emails": self.get_emails_display(),
        }
