"""The forum's background tasks, run by the Huey workers (`manage.py run_huey`).

Each is a thin call into the concern that owns the work, and each is safe to run
twice: the work it does is claimed or checked in the database first. Periodic
tasks run on every worker that has `periodic` on; their locks keep two machines
from running the same one at once.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from .notifications import outbox

# No task holds a worker longer than this; an email's attempt is bounded far below
# it by EMAIL_TIMEOUT.
TASK_TIME_LIMIT = 120


@db_task(timeout=TASK_TIME_LIMIT)
def send_outgoing_email(email_id):
    outbox.send_email(email_id)


@db_periodic_task(crontab(minute="*"), timeout=TASK_TIME_LIMIT)
@lock_task("send-due-emails")
def send_due_emails():
    outbox.send_due_emails()


@db_periodic_task(crontab(minute="17", hour="3"), timeout=TASK_TIME_LIMIT)
@lock_task("delete-old-emails")
def delete_old_emails():
    outbox.delete_old_emails()
