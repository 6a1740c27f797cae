"""Emails waiting to be sent, being sent, sent or given up: the outbox.

An email is written here in the same transaction as the change it reports, so it
exists exactly when that change does, and a worker sends it afterwards
(debates.notifications.outbox). A row is claimed before it is sent and marked sent
after, so a task run twice, or two workers, send it once.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Emails a worker should send now: waiting and their time has come, or
        claimed by a worker that has not finished within its lease (it died)."""
        now = now or timezone.now()
        return self.filter(
            Q(state=OutgoingEmail.State.WAITING, next_attempt_at__lte=now)
            | Q(state=OutgoingEmail.State.SENDING, claimed_until__lt=now)
        )

    def unsent(self):
        return self.filter(
            state__in=[OutgoingEmail.State.WAITING, OutgoingEmail.State.SENDING]
        )

    def failed(self):
        return self.filter(state=OutgoingEmail.State.FAILED)

    def kept_past(self, now=None):
        """Sent emails older than FORUM_EMAIL_KEEP_DAYS, which are deleted."""
        now = now or timezone.now()
        keep = datetime.timedelta(days=settings.FORUM_EMAIL_KEEP_DAYS)
        return self.filter(state=OutgoingEmail.State.SENT, sent_at__lt=now - keep)


class OutgoingEmail(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        help_text=_("What the email is about: reply, decision, digest…"),
    )
    key = models.CharField(
        verbose_name=_("key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Names an email that must go out at most once (a day's digest)."),
    )
    to = models.CharField(verbose_name=_("to"), max_length=254)
    subject = models.CharField(verbose_name=_("subject"), max_length=300)
    text = models.TextField(
        verbose_name=_("text"),
        blank=True,
        help_text=_("Dropped once the email is sent."),
    )
    html = models.TextField(
        verbose_name=_("html"),
        blank=True,
        help_text=_("Dropped once the email is sent."),
    )
    headers = models.JSONField(verbose_name=_("headers"), default=dict, blank=True)
    message_id = models.CharField(
        verbose_name=_("message id"),
        max_length=200,
        help_text=_("The same on every attempt, so a duplicate is recognisable."),
    )
    state = models.CharField(
        verbose_name=_("state"),
        max_length=8,
        choices=State.choices,
        default=State.WAITING,
        db_index=True,
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    next_attempt_at = models.DateTimeField(
        verbose_name=_("next attempt at"), default=timezone.now
    )
    claimed_until = models.DateTimeField(
        verbose_name=_("claimed until"), null=True, blank=True
    )
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)
    last_error = models.CharField(
        verbose_name=_("last error"), max_length=500, blank=True
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing email")
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"], name="outbox_due_by_state"
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_state_display().lower()})"
