"""Two app servers and a task worker sharing one PostgreSQL and one Redis behave as
one site.

Starts two real gunicorn instances on their own ports and a Huey worker in a third
process, against the test database, so it needs PostgreSQL (DATABASE_URL) and Redis
(REDIS_URL); `.ci/run` provides both.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from debates.models import Author, Comment, Debate, OutgoingEmail
from debates.participation.posting import post_comment
from forum.local_servers import free_port, wait_until_ready
from tests.builders import THREAD_SLUG, subscribe
from tests.live_http import Browser
from tests.private_services import database_url_for_tests, smtp_sink, task_worker

ROOT = Path(__file__).resolve().parent.parent
THREAD = f"/debates/{THREAD_SLUG}/"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI",
    ),
    # serialized_rollback restores what migrations created (the Moderators group),
    # which a transactional test's flush would otherwise wipe for the tests after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def mail():
    with smtp_sink() as (sink, port):
        yield sink, port


@pytest.fixture
def servers(mail):
    """Two gunicorn app servers on different ports and a task worker, sharing the
    test database, Redis and a mail server."""
    _, mail_port = mail
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SECRET_KEY": "shared-by-both-servers-in-this-test",
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_ROOT": str(ROOT / "staticfiles"),
        "FORUM_POST_RATE": "3/100/60",
        "DATABASE_CONN_MAX_AGE": "0",
        "FORUM_TASK_QUEUE": f"deployment-test-{os.getpid()}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_USE_TLS": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "forum/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        with task_worker(env):
            for url in urls:
                wait_until_ready(url)
            yield urls
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=20)


@pytest.fixture
def site(make_reader, moderator):
    call_command("loaddata", "us_troops_korea", verbosity=0)
    make_reader(name="Ji-woo", place="Busan", username="jiwoo")


def test_two_servers_behave_as_one_site(site, servers):
    a, b = servers
    reader, anonymous, moderator = Browser(), Browser(), Browser()

    # Signed in through A, signed in on B.
    reader.sign_in(a, "jiwoo")
    status, page = reader.get(b + THREAD)
    assert status == 200
    assert "<strong>Ji-woo, Busan</strong>" in page
    assert 'name="body"' in page

    # An anonymous reader has B's cached page of the open debate.
    status, page = anonymous.get(b + THREAD)
    assert "Open for new comments" in page

    # Closed through A: B at once shows it closed, offers no form, refuses posts.
    moderator.sign_in(a, "moderator")
    status, _ = moderator.post(
        a + "/moderation" + THREAD + "close/",
        {"reason": "Closing for the test"},
        referer=a + THREAD,
    )
    assert status == 302
    status, page = anonymous.get(b + THREAD)
    assert "<strong>Closed</strong> by Mo Derator" in page
    status, page = reader.get(b + THREAD)
    assert 'name="body"' not in page
    status, page = reader.post(
        b + THREAD + "comments/", {"body": "Through B"}, referer=b + THREAD
    )
    assert status == 403
    assert "no longer accepts comments" in page
    assert not Comment.objects.filter(body="Through B").exists()


def test_rate_limit_counts_across_both_servers(site, servers):
    a, b = servers
    reader = Browser()
    reader.sign_in(a, "jiwoo")
    # The limit counts in fixed windows: start the four posts well inside one.
    window = settings.FORUM_RATE_LIMITS["post"][2]
    if window - time.time() % window < 10:
        time.sleep(window - time.time() % window + 0.5)
    statuses = []
    for n, base in enumerate([a, b, a, b]):
        status, _ = reader.post(
            base + THREAD + "comments/", {"body": f"Post {n}"}, referer=base + THREAD
        )
        statuses.append(status)
    # The servers allow three posts a minute per account between them.
    assert statuses == [302, 302, 302, 429]
    assert Comment.objects.filter(body__startswith="Post ").count() == 3


def test_a_reply_through_one_server_is_emailed_by_the_worker(site, servers, mail):
    _, b = servers
    sink, _ = mail
    author = Author.objects.get(name="Ji-woo")
    subscribe(author, "jiwoo@example.org")
    answered = post_comment(debate=Debate.objects.get(), author=author, body="Stay.")
    replier = Browser()
    replier.sign_in(b, "moderator")
    status, _ = replier.post(
        f"{b}{answered.get_absolute_url()}reply/",
        {"body": "Through B, by the worker"},
        referer=b + THREAD,
    )
    assert status == 302
    deadline = time.monotonic() + 30
    while not sink.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    (message,) = sink.messages
    assert message["To"] == "jiwoo@example.org"
    # Django folds a long non-ASCII subject from its first word; mail programs
    # unfold it.
    assert message["Subject"].strip().startswith("Mo Derator, Newsroom replied to")
    (email,) = OutgoingEmail.objects.all()
    assert email.state == OutgoingEmail.State.SENT
    assert message["Message-ID"] == email.message_id


def test_health_endpoints_answer_on_both(servers):
    for base in servers:
        status, body = Browser().get(base + "/health/live/")
        assert status == 200
        status, body = Browser().get(base + "/health/ready/")
        assert status == 200
        assert re.search(r'"database": "ok".*"cache": "ok".*"queue": "ok"', body)
