"""Measure the site under load: wrk against gunicorn on this machine.

Run it through `make bench`, which points it at a PostgreSQL database and Redis of its
own. It serves the site with gunicorn (production settings, one worker per core), drives
it with wrk from the same machine, and prints one table: requests per second and
p50/p99 latency for each page, and each page's share of the static-file ceiling (the
40-comment page's own HTML served as a static file by the same stack).

A Huey worker runs beside gunicorn, both sending mail to a local server of the
command's own that either answers (an SMTP sink counting what it receives) or hangs
(accepts connections and never says a word), to show that posting a reply, which
queues an email, does not wait for the mail server; and that the emails queued
while it hung are delivered, once each, when it answers again.
"""

import asyncio
import email.parser
import email.policy
import os
import platform
import re
import shutil
import signal

# Runs gunicorn and wrk with fixed argument lists, never through a shell.
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.utils import timezone

from debates.management.commands.loadthread import DEBATE_SLUG
from debates.models import Author, Comment, Debate, OutgoingEmail
from debates.participation.accounts import register_reader
from debates.reading import page_cache
from forum.local_servers import free_port, wait_until_ready

BIG_SLUG = "bench-100k"
POSTING_SLUG = "bench-posting"
BENCH_USER = "bench-reader"
REPLY_SLUG = "bench-replies"
# The author replied to: wants reply emails, at an address they confirmed.
REPLIED_USER = "bench-replied"
REPLIED_EMAIL = "bench-replied@example.com"

# Every body differs, or the forum takes a post for the same one sent twice and
# posts nothing: the counter numbers a run's posts, the second the run started (runs
# last two seconds or more, one at a time) tells runs apart.
POST_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
local run = os.time()
counter = 0
request = function()
  counter = counter + 1
  wrk.body = "csrfmiddlewaretoken={token}&body={words}+" .. run .. "+" .. counter
  return wrk.format(nil)
end
"""
REPLY_ANSWERING = "Post a reply, signed in, mail server answering, 2 connections"
REPLY_HANGING = "Post a reply, signed in, mail server hanging, 2 connections"
# How long the worker is given to deliver what was queued while the mail server hung.
DELIVERY_WAIT = 180

# A signed-in reader recommending a comment and taking it back, in turn, at a steady
# rate (one request every DELAY ms on one connection).
RECOMMEND_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "{cookie}"
local wanted = "yes"
request = function()
  local body = "csrfmiddlewaretoken={token}&recommend=" .. wanted
  if wanted == "yes" then wanted = "no" else wanted = "yes" end
  return wrk.format(nil, nil, nil, body)
end
delay = function()
  return {delay}
end
"""
RECOMMENDS_PER_SECOND = 20
MIXED_LABEL = "40-comment debate, anonymous, while readers recommend 20/s"


class Command(BaseCommand):
    help = "Load-test the site with wrk against gunicorn and print a results table."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=5, help="seconds a run")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--port", type=int, default=0)

    def handle(self, *args, duration, rounds, connections, comments, port, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install wrk")
        self.duration, self.rounds, self.connections = duration, rounds, connections
        self.prepare_data(comments)
        cookie, token = self.signed_in_cookie()
        static_path = self.write_static_copy()
        port = port or free_port()
        base = f"http://127.0.0.1:{port}"
        self.sink = MailSink()
        self.mail = SwitchableMailServer(self.sink.port)
        env = self.server_env(self.mail.port)
        server = self.start_gunicorn(port, env)
        worker_log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", prefix="bench-worker-", suffix=".log", delete=False
        )
        worker = self.start_worker(env, worker_log)
        try:
            try:
                wait_until_ready(base)
            except TimeoutError as error:
                raise CommandError(str(error)) from error
            results = self.run_scenarios(base, cookie, token, static_path)
            self.delivery = self.wait_for_delivery()
        finally:
            server.send_signal(signal.SIGTERM)
            stop_group(worker)
            server.wait(timeout=30)
            worker_log.close()
            self.mail.stop()
            self.sink.stop()
        if self.delivery["delivered"] == self.delivery["queued"]:
            os.unlink(worker_log.name)
        else:
            self.stderr.write(f"The task worker's log is kept in {worker_log.name}")
        self.report(results)

    def prepare_data(self, comments):
        self.stderr.write("Preparing data…")
        ensure_database_exists()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("loadthread", verbosity=0)
        if not Debate.objects.filter(slug=BIG_SLUG).exists():
            call_command(
                "generate_debate", comments=comments, slug=BIG_SLUG, stdout=self.stderr
            )
        Debate.objects.get_or_create(
            slug=POSTING_SLUG,
            defaults={
                "title": "Posting benchmark",
                "introduction": "-",
                "question": "-",
            },
        )
        big = Debate.objects.get(slug=BIG_SLUG)
        self.big_last_page = (
            big.comments.count() - 1
        ) // settings.COMMENTS_PER_PAGE + 1
        self.replied_comment = self.comment_to_reply_to()
        # Only what this run queues is counted.
        self.first_email_id = last_email_id()
        self.first_reply_id = Comment.objects.aggregate(last=Max("pk"))["last"] or 0
        self.hanging_ranges = []

    def comment_to_reply_to(self):
        """A comment whose author wants reply emails and confirmed their address, so
        each reply to it queues one email."""
        debate, _ = Debate.objects.get_or_create(
            slug=REPLY_SLUG,
            defaults={
                "title": "Reply benchmark",
                "introduction": "-",
                "question": "-",
            },
        )
        author = Author.objects.filter(user__username=REPLIED_USER).first()
        if author is None:
            author = register_reader(
                username=REPLIED_USER,
                password=os.urandom(16).hex(),
                name="Bench Replied",
                place="Loopback",
                email=REPLIED_EMAIL,
            )
        author.user.email = REPLIED_EMAIL
        author.user.save(update_fields=["email"])
        author.notify_on_reply = True
        author.confirmed_email = REPLIED_EMAIL
        author.save(update_fields=["notify_on_reply", "confirmed_email"])
        comment = debate.comments.filter(author=author, parent=None).first()
        if comment is None:
            comment = Comment.objects.create(
                debate=debate,
                author=author,
                body="Reply to this, and I get an email.",
                position=Comment.objects.last_position(debate) + 1,
            )
        if not comment.is_visible:
            raise CommandError(f"{comment.get_absolute_url()} is not published.")
        return comment

    def signed_in_cookie(self):
        user = get_user_model().objects.filter(username=BENCH_USER).first()
        if user is None:
            user = register_reader(
                username=BENCH_USER,
                password=os.urandom(16).hex(),
                name="Bench Reader",
                place="Loopback",
            ).user
        client = local_client()
        client.force_login(user)
        client.get(f"/debates/{DEBATE_SLUG}/")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={token}"
        )
        return cookie, token

    def write_static_copy(self):
        """The 40-comment page's HTML as a static file: the ceiling to compare with."""
        html = local_client().get(f"/debates/{DEBATE_SLUG}/").content
        target = Path(settings.STATIC_ROOT) / "bench" / "thread.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)
        return "/static/bench/thread.html"

    def server_env(self, mail_port):
        """gunicorn's and the task worker's environment: production settings, rate
        limits out of reach, and mail sent over SMTP to `mail_port` (no SMTP
        account: the local server asks for none), with attempts that fail fast and
        are tried again soon."""
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name not in {"EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"}
        }
        return {
            **inherited,
            "DJANGO_DEBUG": "0",
            "FORUM_POST_RATE": "100000000/100000000/60",
            "FORUM_RECOMMEND_RATE": "100000000/100000000/60",
            "FORUM_TASKS_IMMEDIATE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "2",
            "FORUM_EMAIL_RETRY_DELAY": "1",
            "FORUM_EMAIL_RETRY_CAP": "5",
        }

    def start_worker(self, env, log):
        """A Huey worker (`manage.py run_huey`), in a process group of its own so
        that its worker processes are stopped with it."""
        return subprocess.Popen(  # nosec B603
            [sys.executable, "manage.py", "run_huey"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_gunicorn(self, port, env):
        return subprocess.Popen(  # nosec B603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "forum/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def run_scenarios(self, base, cookie, token, static_path):
        thread = f"/debates/{DEBATE_SLUG}/"
        big = f"/debates/{BIG_SLUG}/"
        last = f"{big}?page={self.big_last_page}"
        runs = [
            ("Static file: the 40-comment page's HTML", static_path, {}),
            ("40-comment debate, anonymous", thread, {}),
            ("40-comment debate, signed in", thread, {"cookie": cookie}),
            ("100,000 comments, page 1, anonymous", big, {}),
            ("100,000 comments, last page, anonymous", last, {}),
            ("100,000 comments, page 1, signed in", big, {"cookie": cookie}),
            ("100,000 comments, last page, signed in", last, {"cookie": cookie}),
            (
                "40-comment debate, signed in, 2 connections",
                thread,
                {"cookie": cookie, "connections": 2},
            ),
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                POST_SCRIPT.format(
                    cookie=cookie, token=token, words="Benchmark+comment"
                )
            )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as replies:
            replies.write(
                POST_SCRIPT.format(cookie=cookie, token=token, words="Benchmark+reply")
            )
        reply_path = f"/debates/{REPLY_SLUG}/comments/{self.replied_comment.pk}/reply/"
        runs += [
            (
                "Post a comment, signed in, 2 connections",
                f"/debates/{POSTING_SLUG}/comments/",
                {"script": script.name, "connections": 2},
            ),
            (
                REPLY_ANSWERING,
                reply_path,
                {"script": replies.name, "connections": 2, "mail": "answering"},
            ),
            (
                REPLY_HANGING,
                reply_path,
                {"script": replies.name, "connections": 2, "mail": "hanging"},
            ),
        ]
        recommend_url = base + self.recommend_path()
        with tempfile.NamedTemporaryFile(
            "w", suffix=".lua", delete=False
        ) as recommend_file:
            recommend_file.write(
                RECOMMEND_SCRIPT.format(
                    cookie=cookie, token=token, delay=1000 // RECOMMENDS_PER_SECOND
                )
            )
        recommend_script = recommend_file.name
        for _, path, options in runs:
            self.measure(base + path, **options, duration=2)
        # Rounds interleave the pages, so a slow spell on a shared machine hits all of
        # them alike; each figure is the round with the median requests per second.
        measured = {label: [] for label, _, _ in runs}
        measured[MIXED_LABEL] = []
        self.mixed = []
        for round_number in range(1, self.rounds + 1):
            self.stderr.write(f"Round {round_number} of {self.rounds}")
            for label, path, options in runs:
                self.stderr.write(f"  {label}…")
                measured[label].append(self.measure(base + path, **options))
            self.stderr.write(f"  {MIXED_LABEL}…")
            alone = measured["40-comment debate, anonymous"][-1]
            mixed, recommends, hit_rate = self.mixed_run(
                base + thread, recommend_url, recommend_script
            )
            measured[MIXED_LABEL].append(mixed)
            self.mixed.append((mixed[0] / alone[0], recommends, hit_rate))
        os.unlink(script.name)
        os.unlink(replies.name)
        os.unlink(recommend_script)
        return [
            (label, *sorted(rounds)[len(rounds) // 2])
            for label, rounds in measured.items()
        ]

    def measure(self, url, *, mail=None, **options):
        """One wrk run; with `mail`, while the mail server is "answering" or
        "hanging". Before a run with it answering, the worker is let catch up with
        what waited while it hung, so that run sees mail flowing as usual rather
        than a backlog being cleared; a run with it hanging leaves it hanging, so
        what was queued waits until the next run with it answering, or the end."""
        if mail is None:
            return self.wrk(url, **options)
        self.mail.hanging = mail == "hanging"
        if not self.mail.hanging:
            self.wait_until_sent(timeout=DELIVERY_WAIT)
        before = last_email_id()
        figures = self.wrk(url, **options)
        # Let the posts in flight when wrk stopped commit, with their emails.
        time.sleep(1)
        if self.mail.hanging:
            self.hanging_ranges.append((before, last_email_id()))
        return figures

    def queued_replies(self):
        """The reply emails this run queued."""
        return OutgoingEmail.objects.filter(pk__gt=self.first_email_id, kind="reply")

    def wait_until_sent(self, *, timeout):
        """Wait until the worker has sent every email this run queued, or `timeout`
        seconds; the seconds waited."""
        started = time.monotonic()
        while self.queued_replies().unsent().exists():
            if time.monotonic() - started > timeout:
                self.stderr.write(f"Emails still unsent after {timeout} s")
                break
            time.sleep(0.2)
        return time.monotonic() - started

    def wait_for_delivery(self):
        """Let the mail server answer again after the last run with it hanging, and
        count, by Message-ID at the sink, how many of the emails queued were
        delivered, and how many more than once."""
        self.stderr.write("Mail server answering again; waiting for the emails…")
        self.mail.hanging = False
        waited = self.wait_until_sent(timeout=DELIVERY_WAIT)
        # A message the sink accepted just before the worker marked it sent.
        time.sleep(0.5)
        emails = list(self.queued_replies().values_list("pk", "message_id"))
        replies = Comment.objects.filter(
            pk__gt=self.first_reply_id, in_reply_to=self.replied_comment
        ).count()
        if len(emails) != replies:
            raise CommandError(
                f"{replies} replies were posted but {len(emails)} reply emails queued."
            )
        received = self.sink.received()
        hung = [
            message_id
            for pk, message_id in emails
            if any(low < pk <= high for low, high in self.hanging_ranges)
        ]
        all_ids = [message_id for _, message_id in emails]
        return {
            "queued": len(hung),
            "delivered": sum(received[m] > 0 for m in hung),
            "twice": sum(received[m] > 1 for m in hung),
            "all_queued": len(all_ids),
            "all_delivered": sum(received[m] > 0 for m in all_ids),
            "all_twice": sum(received[m] > 1 for m in all_ids),
            "waited": waited,
        }

    def recommend_path(self):
        """A comment of the 2004 thread for the benchmark's reader to recommend."""
        comment = Debate.objects.get(slug=DEBATE_SLUG).comments.get(position=2)
        return f"/debates/{DEBATE_SLUG}/comments/{comment.pk}/recommend/"

    def mixed_run(self, page_url, recommend_url, script):
        """Signed-out readers on `page_url` while a signed-in reader recommends and
        takes back at a steady rate: (the readers' figures, recommendations per
        second, the share of the readers' views that needed nothing rendered)."""
        renders_before = page_cache.renders()
        recommending = subprocess.Popen(  # nosec B603 B607
            [
                "wrk",
                "-t1",
                "-c1",
                f"-d{self.duration + 1}s",
                "-s",
                script,
                recommend_url,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        readers, requests = self.wrk(page_url, with_count=True)
        output, _ = recommending.communicate(timeout=self.duration + 30)
        if re.search(r"Non-2xx or 3xx responses", output):
            raise CommandError(f"Recommending answered errors under load:\n{output}")
        recommends = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        rendered = page_cache.renders() - renders_before
        return readers, recommends, 1 - rendered / max(requests, 1)

    def wrk(
        self,
        url,
        *,
        cookie=None,
        connections=None,
        script=None,
        duration=None,
        with_count=False,
    ):
        command = [
            "wrk",
            "--latency",
            "-t1",
            f"-c{connections or self.connections}",
            f"-d{duration or self.duration}s",
        ]
        if cookie and not script:
            command += ["-H", f"Cookie: {cookie}"]
        if script:
            command += ["-s", script]
        output = subprocess.run(  # nosec B603
            [*command, url], capture_output=True, text=True, check=True
        ).stdout
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if non_2xx:
            raise CommandError(f"{url} answered errors under load:\n{output}")
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        figures = rps, latency(output, "50%"), latency(output, "99%")
        if with_count:
            return figures, int(re.search(r"(\d+) requests in", output).group(1))
        return figures

    def report(self, results):
        ceiling = results[0][1]
        db = connection.vendor
        lines = [
            f"Measured {timezone.now():%Y-%m-%d}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {db}, "
            f"{'Redis' if settings.REDIS_URL else 'local-memory'} cache, gunicorn "
            f"{os.cpu_count()} workers, wrk on the same machine, {self.connections} "
            f"connections unless said; median of {self.rounds} rounds of "
            f"{self.duration} s.",
            "",
            "| Page | Requests/s | p50 | p99 | Share of static |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for label, rps, p50, p99 in results:
            lines.append(
                f"| {label} | {rps:,.0f} | {p50:.2f} ms | {p99:.2f} ms "
                f"| {rps / ceiling:.0%} |"
            )
        share, recommends, hit_rate = sorted(self.mixed)[len(self.mixed) // 2]
        lines += [
            "",
            f"While one signed-in reader recommended and took back "
            f"{recommends:.0f} times a second, signed-out readers got {share:.0%} "
            f"of the throughput they got alone in the same round (median round); "
            f"{hit_rate:.2%} of their page views needed nothing rendered.",
        ]
        figures = {label: (rps, p50, p99) for label, rps, p50, p99 in results}
        answering, hanging = figures[REPLY_ANSWERING], figures[REPLY_HANGING]
        d = self.delivery
        lines += [
            "",
            f"Each reply queues an email, which a task worker sends. With the mail "
            f"server hanging (accepting connections, never answering), posting a "
            f"reply ran at {hanging[0] / answering[0]:.0%} of the requests/s it had "
            f"with the server answering; p99 {hanging[2]:.2f} ms against "
            f"{answering[2]:.2f} ms, a ratio of {hanging[2] / answering[2]:.2f}. "
            f"While it answers, the worker sending and the mail server receiving "
            f"(in the benchmark's own process) share the machine's cores with "
            f"gunicorn; while it hangs, they wait.",
            "",
            f"After the mail server answered again: {d['delivered']:,} of "
            f"{d['queued']:,} reply emails delivered, {d['twice']:,} twice "
            f"(those queued while it hung; the last within {d['waited']:.0f} s of it "
            f"answering; counted by Message-ID at the mail server). Of all "
            f"{d['all_queued']:,} reply emails queued, {d['all_delivered']:,} were "
            f"delivered, {d['all_twice']:,} twice.",
        ]
        self.stdout.write("\n".join(lines))


def latency(output, percentile):
    match = re.search(
        rf"^\s*{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output, re.M
    )
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def last_email_id():
    return OutgoingEmail.objects.aggregate(last=Max("pk"))["last"] or 0


def stop_group(process, timeout=30):
    """Stop a process started with start_new_session=True, and all it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


class MailSink:
    """An SMTP server on this machine that accepts every message and counts them by
    Message-ID."""

    def __init__(self):
        self._lock = threading.Lock()
        self._received = Counter()
        self._controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self._controller.start()
        self.port = self._controller.port

    async def handle_DATA(self, server, session, envelope):
        headers = email.parser.BytesHeaderParser(policy=email.policy.default)
        message_id = str(headers.parsebytes(envelope.content).get("Message-ID", ""))
        with self._lock:
            self._received[message_id.strip()] += 1
        return "250 Message accepted for delivery"

    def received(self):
        """How many times each Message-ID was received."""
        with self._lock:
            return Counter(self._received)

    def stop(self):
        self._controller.stop()


class SwitchableMailServer:
    """Where the site's EMAIL_HOST and EMAIL_PORT point: a mail server that answers,
    each connection relayed to the sink at `sink_port`, or, while `hanging`, accepts
    connections and never writes a byte (no greeting), as a stuck server does; the
    sender waits until its EMAIL_TIMEOUT. A connection keeps the behaviour it was
    accepted with."""

    def __init__(self, sink_port):
        self.sink_port = sink_port
        self.hanging = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connected, "127.0.0.1", 0), self._loop
        ).result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _connected(self, reader, writer):
        try:
            if self.hanging:
                await reader.read()  # Until the sender gives up and closes.
                return
            sink_reader, sink_writer = await asyncio.open_connection(
                "127.0.0.1", self.sink_port
            )
            await asyncio.gather(relay(reader, sink_writer), relay(sink_reader, writer))
        except OSError:
            pass
        finally:
            writer.close()

    def stop(self):
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


async def relay(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


def local_client():
    """A test client whose requests pass ALLOWED_HOSTS outside the test runner."""
    return Client(HTTP_HOST="localhost")


def ensure_database_exists():
    """Create the benchmark's PostgreSQL database on first use."""
    if connection.vendor != "postgresql":
        return
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(
                    psycopg.sql.Identifier(db["NAME"])
                )
            )
