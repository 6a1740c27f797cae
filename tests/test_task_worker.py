"""A real task worker against Redis and a mail server: killed in the middle of
sending, then started again, it delivers every email exactly once.

Runs in the PostgreSQL pass: the worker, in its own processes, reads and writes
the test database. Redis and the mail server are the test's own.
"""

import os
import sys
import time

import pytest
from django.db import connection

from debates.models import OutgoingEmail
from tests.private_services import (
    ROOT,
    database_url_for_tests,
    kill_group,
    redis_server,
    smtp_sink,
    task_worker,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass: the worker shares the test database",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAILS = 5
# An app server's part: each email written, then its task queued, as a reply's is.
QUEUE_EMAILS = f"""
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from debates.notifications.outbox import queue_email
for n in range({EMAILS}):
    with transaction.atomic():
        queue_email(
            EmailMultiAlternatives(
                subject=f"Email {{n}}", body="Hello", to=[f"reader{{n}}@example.org"]
            ),
            kind="test",
        )
"""


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def states():
    return sorted(OutgoingEmail.objects.values_list("state", flat=True))


def test_a_worker_killed_mid_send_leaves_every_email_delivered_once():
    with redis_server() as (_, redis_url), smtp_sink() as (sink, mail_port):
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "shared-by-the-app-and-its-worker",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
            "EMAIL_USE_TLS": "0",
            "FORUM_TASK_WORKERS": "1",
            "FORUM_EMAIL_LEASE": "3",
            "DATABASE_CONN_MAX_AGE": "0",
        }
        import subprocess

        subprocess.run(  # nosec B603
            [sys.executable, "manage.py", "shell", "-c", QUEUE_EMAILS],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        assert states() == ["waiting"] * EMAILS

        # The mail server stops answering mid-conversation; the worker is killed
        # while it waits there.
        sink.stall.set()
        with task_worker(env) as worker:
            assert wait_for(sink.stalled.is_set)
            kill_group(worker)
        assert states() == ["sending"] + ["waiting"] * (EMAILS - 1)
        assert sink.messages == []

        # The mail server answers again; a worker starts once the dead one's
        # hold on its email has lapsed.
        sink.stall.clear()
        time.sleep(3.5)
        with task_worker(env):
            assert wait_for(lambda: len(sink.messages) >= EMAILS)
            assert wait_for(lambda: states() == ["sent"] * EMAILS)
            time.sleep(1)  # long enough for a duplicate to arrive, if one would

    sent_ids = sorted(OutgoingEmail.objects.values_list("message_id", flat=True))
    assert sorted(sink.message_ids()) == sent_ids
    assert sorted(message["To"] for message in sink.messages) == [
        f"reader{n}@example.org" for n in range(EMAILS)
    ]
