"""The forum's background tasks, run by the Huey workers (`manage.py run_huey`).

Each is a thin call into the concern that owns the work, and each is safe to run
twice or on two machines at once: the work it does is claimed or checked in the
database first. Periodic tasks are enqueued by every worker with `periodic` on, so
several machines may each run one; that costs a query, never a second email.
"""

from django.conf import settings
from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from .moderation.actions import record_scheduled_closings
from .notifications import following, outbox
from .privacy import closing, personal_data

# No task holds a worker longer than this; an email's attempt is bounded far below
# it by EMAIL_TIMEOUT.
TASK_TIME_LIMIT = 120


@db_task(timeout=TASK_TIME_LIMIT)
def send_outgoing_email(email_id):
    outbox.send_email(email_id)


@db_periodic_task(crontab(minute="*"), timeout=TASK_TIME_LIMIT)
def send_due_emails():
    outbox.send_due_emails()


@db_periodic_task(crontab(minute="*"), timeout=TASK_TIME_LIMIT)
def close_debates_on_schedule():
    """Records each scheduled closing in the audit trail; the closing itself
    happened at its time (Debate.is_open reads the clock)."""
    record_scheduled_closings()


@db_periodic_task(crontab(minute="*"), timeout=TASK_TIME_LIMIT)
def send_follow_emails():
    following.send_comment_emails()


@db_periodic_task(
    crontab(minute="0", hour=str(settings.FORUM_DIGEST_HOUR)), timeout=TASK_TIME_LIMIT
)
def send_digests():
    following.send_digests()


@db_periodic_task(crontab(minute="17", hour="3"), timeout=TASK_TIME_LIMIT)
def delete_old_emails():
    outbox.delete_old_emails()


@HUEY.on_startup()
def look_for_due_emails():
    """A worker that starts (after a crash, say) sends what is due at once rather
    than at the next minute's sweep."""
    if not HUEY.immediate:
        send_due_emails()


@db_task(timeout=TASK_TIME_LIMIT)
def build_data_export(export_id):
    personal_data.build_data_export(export_id)


@db_periodic_task(crontab(minute="7"), timeout=TASK_TIME_LIMIT)
def erase_closed_accounts():
    """Erases each account whose cooling-off period has passed (hourly)."""
    closing.erase_due_accounts()


@db_periodic_task(crontab(minute="27", hour="3"), timeout=TASK_TIME_LIMIT)
def delete_expired_data():
    """Deletes expired downloads of readers' data and expired sessions."""
    personal_data.delete_expired_exports()
    call_command("clearsessions")
