"""The outbox: emails are written to the database with the change they report and
sent by the task workers, never in a request.

Writing the email in the same transaction as its change is what makes "enqueued only
after it commits" and "never lost" one fact: a rolled-back decision leaves no email,
a committed one leaves a row that some worker will send. The task queue only says
"look now"; if that nudge is lost (Redis down, a worker killed), the periodic sweep
finds the row. A worker claims a row before sending and marks it sent after, so a
task run twice sends once; an attempt that fails is tried again later, further
apart each time (FORUM_EMAIL_RETRY_DELAY doubling up to FORUM_EMAIL_RETRY_CAP),
until FORUM_EMAIL_GIVE_UP_HOURS, when it is left failed for an operator to retry
(`manage.py outbox --retry`).

One gap is left, as in all SMTP: a worker killed after the mail server accepted
the message but before the row is marked sent sends it again on retry. The
Message-ID stays the same on every attempt, so mail programs can tell.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import OutgoingEmail

logger = logging.getLogger(__name__)

# The most a sweep sends in one run, so one run stays within its time limit; the
# next run takes the rest.
SWEEP_BATCH = 200


def queue_email(
    message: EmailMultiAlternatives, *, kind: str, key: str | None = None
) -> OutgoingEmail | None:
    """Keep `message` to be sent once the current transaction commits, and ask a
    worker to send it then. With `key`, an email already queued under it is not
    queued again (None is returned)."""
    html = next(
        (body for body, mimetype in message.alternatives if mimetype == "text/html"),
        "",
    )
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                kind=kind,
                key=key,
                to=", ".join(message.to),
                subject=message.subject,
                text=message.body,
                html=html,
                headers=message.extra_headers,
                message_id=make_msgid(domain=_message_domain()),
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    transaction.on_commit(lambda: _ask_a_worker(email.pk), robust=True)
    return email


def _message_domain():
    _, _, domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")
    return domain.rstrip(">") or "localhost"


def _ask_a_worker(email_id):
    from ..tasks import send_outgoing_email

    try:
        send_outgoing_email(email_id)
    except Exception:
        # The row is written; the sweep will find it.
        logger.warning("Could not queue email %s; the sweep will send it", email_id)


def send_email(email_id: int) -> bool:
    """Send one queued email if it is due and no other worker has it; True if this
    call sent it. Safe to call any number of times for the same email."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.FORUM_EMAIL_LEASE)
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(
            state=OutgoingEmail.State.SENDING,
            claimed_until=now + lease,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message_of(email).send()
    except Exception as error:
        _after_failure(email, error)
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=OutgoingEmail.State.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        text="",
        html="",
        last_error="",
    )
    return True


def _message_of(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[address.strip() for address in email.to.split(",")],
        headers={**email.headers, "Message-ID": email.message_id},
        connection=get_connection(),
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    seconds = settings.FORUM_EMAIL_RETRY_DELAY * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.FORUM_EMAIL_RETRY_CAP))


def _after_failure(email, error):
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:500]
    give_up_at = email.created_at + datetime.timedelta(
        hours=settings.FORUM_EMAIL_GIVE_UP_HOURS
    )
    next_attempt_at = now + retry_delay(email.attempts)
    if next_attempt_at > give_up_at:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            state=OutgoingEmail.State.FAILED, claimed_until=None, last_error=reason
        )
        logger.error(
            "Gave up email %s (%s) after %s attempts: %s",
            email.pk,
            email.kind,
            email.attempts,
            reason,
        )
        return
    OutgoingEmail.objects.filter(pk=email.pk).update(
        state=OutgoingEmail.State.WAITING,
        claimed_until=None,
        next_attempt_at=next_attempt_at,
        last_error=reason,
    )
    logger.warning(
        "Email %s (%s) failed on attempt %s, tries again at %s: %s",
        email.pk,
        email.kind,
        email.attempts,
        next_attempt_at.isoformat(timespec="seconds"),
        reason,
    )
    from ..tasks import send_outgoing_email

    try:
        send_outgoing_email.schedule((email.pk,), eta=next_attempt_at)
    except Exception:
        logger.warning("Could not schedule email %s; the sweep will", email.pk)


def send_due_emails() -> int:
    """Send every email that is due, at most SWEEP_BATCH; the number sent. Run
    every minute, this is what delivers an email whose task was lost."""
    due = list(
        OutgoingEmail.objects.due()
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(send_email(email_id) for email_id in due)


def delete_old_emails() -> int:
    deleted, _ = OutgoingEmail.objects.kept_past().delete()
    return deleted


def retry_failed(emails=None) -> int:
    """Put failed emails (all, or those of the queryset given) back in the queue,
    as new: their attempts start again. The number requeued."""
    emails = OutgoingEmail.objects.failed() if emails is None else emails.failed()
    ids = list(emails.values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(
        state=OutgoingEmail.State.WAITING,
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
        attempts=0,
    )
    for email_id in ids:
        transaction.on_commit(
            lambda email_id=email_id: _ask_a_worker(email_id), robust=True
        )
    return len(ids)


def queue_state(now=None) -> dict:
    """What /health/ready/ reports: how many emails wait, how many have failed, and
    how long the one most overdue has waited past its time, in seconds."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.due(now)
    oldest = due.order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
    oldest = oldest.first()
    return {
        "waiting": OutgoingEmail.objects.unsent().count(),
        "failed": OutgoingEmail.objects.failed().count(),
        "oldest_due_seconds": round((now - oldest).total_seconds()) if oldest else 0,
    }
