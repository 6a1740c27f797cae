"""Emails wait in the outbox, are sent by a worker once their change commits, once
each, and are tried again, never lost, while the mail server is down or hangs."""

import datetime
import json
import logging
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, TestCase
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from debates.models import OutgoingEmail
from debates.notifications import outbox
from debates.participation.posting import post_comment
from forum.local_servers import free_port
from tests.private_services import silent_server, smtp_sink


@pytest.fixture
def answered(thread, subscriber):
    """A comment whose author asked to be emailed about replies."""
    return post_comment(debate=thread, author=subscriber.author, body="Stay.")


def reply(comment, author, body="I see it differently."):
    return post_comment(debate=comment.debate, author=author, body=body, parent=comment)


@pytest.fixture
def smtp(settings):
    """Mail goes over SMTP to `settings.EMAIL_PORT`, set by each test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    return settings


@pytest.fixture
def queue_held():
    """Tasks wait in a queue (in memory) until the test runs them, as they wait in
    Redis for a worker; the request that queues one does not run it."""
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    # A worker closes its database connection around each task; here that
    # connection holds the test's own transaction.
    with mock.patch("huey.contrib.djhuey.close_old_connections"):
        yield HUEY
    HUEY.immediate = True


def commits():
    """What the block writes commits at its end, and what waited on that runs."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def time_passes(seconds):
    """Move every queued email's clock back, as if `seconds` had gone by."""
    by = datetime.timedelta(seconds=seconds)
    OutgoingEmail.objects.update(
        created_at=F("created_at") - by, next_attempt_at=F("next_attempt_at") - by
    )


def test_an_email_is_written_with_its_change_and_sent_once_that_commits(
    answered, reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reply(answered, reader.author)
        (waiting,) = OutgoingEmail.objects.all()
        assert waiting.state == OutgoingEmail.State.WAITING
        assert waiting.to == "jiwoo@example.org"
        assert mailoutbox == []
    (sent,) = mailoutbox
    waiting.refresh_from_db()
    assert waiting.state == OutgoingEmail.State.SENT
    assert sent.extra_headers["Message-ID"] == waiting.message_id
    # Its words are not kept once sent; who it went to and why are.
    assert (waiting.text, waiting.html) == ("", "")
    assert waiting.subject == sent.subject


def test_a_change_rolled_back_leaves_no_email(
    answered, reader, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reply(answered, reader.author)
        raise RuntimeError("the moderator's change failed")
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_sending_an_email_twice_sends_it_once(answered, reader, mailoutbox):
    reply(answered, reader.author)
    (email,) = OutgoingEmail.objects.all()
    assert outbox.send_email(email.pk) is True
    assert outbox.send_email(email.pk) is False
    assert outbox.send_due_emails() == 0
    assert len(mailoutbox) == 1


def test_an_email_another_worker_is_sending_is_left_to_it_until_its_lease_ends(
    answered, reader, mailoutbox, settings
):
    reply(answered, reader.author)
    (email,) = OutgoingEmail.objects.all()
    OutgoingEmail.objects.update(
        state=OutgoingEmail.State.SENDING,
        claimed_until=email.created_at + datetime.timedelta(minutes=2),
    )
    assert outbox.send_email(email.pk) is False
    # The worker died: once its lease has passed, the sweep sends the email.
    OutgoingEmail.objects.update(claimed_until=F("created_at"))
    assert outbox.send_due_emails() == 1
    assert len(mailoutbox) == 1


def test_a_mail_server_down_for_ten_minutes_loses_no_email(
    answered, reader, smtp, caplog
):
    smtp.EMAIL_PORT = free_port()  # nothing listens there
    with caplog.at_level(logging.WARNING, "debates.notifications.outbox"):
        reply(answered, reader.author)
        waited, delays = 0, []
        while waited < 600:
            assert outbox.send_due_emails() == 0
            (email,) = OutgoingEmail.objects.all()
            assert email.state == OutgoingEmail.State.WAITING
            since_queued = (email.next_attempt_at - email.created_at).total_seconds()
            delays.append(round(since_queued) - waited)
            time_passes(delays[-1])
            waited += delays[-1]
    assert delays == [30, 60, 120, 240, 480]
    assert "ConnectionRefusedError" in email.last_error
    assert "failed on attempt 5, tries again at" in caplog.text
    with smtp_sink() as (sink, port):
        smtp.EMAIL_PORT = port
        assert outbox.send_due_emails() == 1
        (message,) = sink.messages
    assert message["To"] == "jiwoo@example.org"
    assert message["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutgoingEmail.State.SENT, 6)


def test_retries_are_spaced_at_most_the_cap_apart(settings):
    settings.FORUM_EMAIL_RETRY_DELAY, settings.FORUM_EMAIL_RETRY_CAP = 30, 900
    delays = [outbox.retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 900, 900, 900, 900]


def test_an_email_given_up_is_logged_listed_and_sent_when_retried(
    answered, reader, smtp, caplog, mailoutbox
):
    smtp.EMAIL_PORT = free_port()
    smtp.FORUM_EMAIL_GIVE_UP_HOURS = 0.01  # 36 s: one retry, then given up
    with caplog.at_level(logging.ERROR, "debates.notifications.outbox"):
        reply(answered, reader.author)
        outbox.send_due_emails()
        time_passes(30)
        outbox.send_due_emails()
    (email,) = OutgoingEmail.objects.all()
    assert email.state == OutgoingEmail.State.FAILED
    assert f"Gave up email {email.pk} (reply) after 2 attempts" in caplog.text

    listing = StringIO()
    call_command("outbox", stdout=listing)
    assert "0 waiting, 1 given up" in listing.getvalue()
    assert f"{email.pk}\t" in listing.getvalue()
    assert "jiwoo@example.org\t2 attempts\tConnectionRefusedError" in (
        listing.getvalue()
    )

    smtp.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    done = StringIO()
    with commits():
        call_command("outbox", "--retry", "all", stdout=done)
    assert "1 email(s) queued again." in done.getvalue()
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.SENT
    assert len(mailoutbox) == 1


def test_retrying_refuses_ids_that_were_not_given_up(answered, reader):
    reply(answered, reader.author)
    (email,) = OutgoingEmail.objects.all()
    with pytest.raises(Exception, match=f"No given-up email has the id {email.pk}"):
        call_command("outbox", "--retry", str(email.pk))
    with pytest.raises(Exception, match="Give the ids the listing shows"):
        call_command("outbox", "--retry", "seven")


def test_the_admin_lists_the_outbox_and_queues_given_up_emails_again(
    answered, reader, admin_client, mailoutbox
):
    reply(answered, reader.author)
    reply(answered, reader.author, body="And again.")
    first, second = OutgoingEmail.objects.order_by("pk")
    OutgoingEmail.objects.filter(pk=first.pk).update(
        state=OutgoingEmail.State.FAILED, last_error="SMTPServerDisconnected: gone"
    )
    page = admin_client.get("/admin/debates/outgoingemail/").content.decode()
    assert "SMTPServerDisconnected: gone" in page
    assert "Given up" in page
    with commits():
        response = admin_client.post(
            "/admin/debates/outgoingemail/",
            {
                "action": "send_again",
                "_selected_action": [first.pk, second.pk],
            },
            follow=True,
        )
    assert "1 given-up email queued again." in response.content.decode()
    first.refresh_from_db()
    assert first.state == OutgoingEmail.State.SENT


def test_a_moderator_cannot_read_the_outbox(moderator_client, db):
    assert moderator_client.get("/admin/debates/outgoingemail/").status_code == 403


def test_sent_emails_are_deleted_after_the_days_they_are_kept(
    answered, reader, settings
):
    settings.FORUM_EMAIL_KEEP_DAYS = 30
    reply(answered, reader.author)
    outbox.send_due_emails()
    OutgoingEmail.objects.update(sent_at=F("sent_at") - datetime.timedelta(days=29))
    assert outbox.delete_old_emails() == 0
    OutgoingEmail.objects.update(sent_at=F("sent_at") - datetime.timedelta(days=2))
    assert outbox.delete_old_emails() == 1


def test_a_hanging_mail_server_holds_no_request(
    answered, reader, reader_client, smtp, queue_held
):
    """The request only writes the email and queues its task; the worker meets the
    mail server. (Speed under a hanging server is measured in `make bench`.)"""
    with silent_server() as (port, connections):
        smtp.EMAIL_PORT = port
        with commits():
            response = reader_client.post(
                f"{answered.get_absolute_url()}reply/", {"body": "Out of time?"}
            )
        assert response.status_code == 302
        assert connections == []
        assert queue_held.pending_count() == 1
        # A worker takes the task and times out on the silent server...
        queue_held.execute(queue_held.dequeue())
        assert len(connections) == 1
    (email,) = OutgoingEmail.objects.all()
    assert email.state == OutgoingEmail.State.WAITING
    assert "timed out" in email.last_error
    # ... and once a mail server answers, the retry it scheduled delivers it.
    with smtp_sink() as (sink, port):
        smtp.EMAIL_PORT = port
        time_passes(30)
        retry = queue_held.dequeue()
        assert retry.eta == email.next_attempt_at.replace(tzinfo=None)
        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=31)
        queue_held.execute(retry, timestamp=later.replace(tzinfo=None))
        assert [m["Message-ID"] for m in sink.messages] == [email.message_id]


def test_readiness_reports_the_queue_and_fails_when_emails_wait_too_long(
    answered, reader, settings, client
):
    settings.FORUM_QUEUE_MAX_WAIT = 900
    reply(answered, reader.author)  # never committed, so no worker is asked
    response = client.get("/health/ready/")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["checks"]["queue"] == "ok"
    assert body["queue"]["waiting"] == 1
    assert body["queue"]["failed"] == 0
    time_passes(901)
    response = client.get("/health/ready/")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["queue"] == "behind"
    assert body["queue"]["oldest_due_seconds"] >= 901
    settings.FORUM_QUEUE_MAX_WAIT = 0
    assert Client().get("/health/ready/").status_code == 200
