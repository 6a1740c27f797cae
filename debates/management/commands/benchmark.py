"""Measure the site under load: wrk against gunicorn on this machine.

Run it through `make bench`, which points it at a PostgreSQL database and Redis of its
own. It serves the site with gunicorn (production settings, one worker per core), drives
it with wrk from the same machine, and prints one table: requests per second and
p50/p99 latency for each page, and each page's share of the static-file ceiling (the
40-comment page's own HTML served as a static file by the same stack).
"""

import os
import platform
import re
import shutil
import signal

# Runs gunicorn and wrk with fixed argument lists, never through a shell.
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from debates.management.commands.loadthread import DEBATE_SLUG
from debates.models import Debate
from debates.participation.accounts import register_reader
from debates.reading import page_cache
from forum.local_servers import free_port, wait_until_ready

BIG_SLUG = "bench-100k"
POSTING_SLUG = "bench-posting"
BENCH_USER = "bench-reader"

POST_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
counter = 0
request = function()
  counter = counter + 1
  wrk.body = "csrfmiddlewaretoken={token}&body=Benchmark+comment+" .. counter
  return wrk.format(nil)
end
"""

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
        server = self.start_gunicorn(port)
        try:
            try:
                wait_until_ready(base)
            except TimeoutError as error:
                raise CommandError(str(error)) from error
            results = self.run_scenarios(base, cookie, token, static_path)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
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

    def start_gunicorn(self, port):
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "FORUM_POST_RATE": "100000000/100000000/60",
            "FORUM_RECOMMEND_RATE": "100000000/100000000/60",
        }
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
            script.write(POST_SCRIPT.format(cookie=cookie, token=token))
        runs.append(
            (
                "Post a comment, signed in, 2 connections",
                f"/debates/{POSTING_SLUG}/comments/",
                {"script": script.name, "connections": 2},
            )
        )
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
            self.wrk(base + path, **options, duration=2)
        # Rounds interleave the pages, so a slow spell on a shared machine hits all of
        # them alike; each figure is the round with the median requests per second.
        measured = {label: [] for label, _, _ in runs}
        measured[MIXED_LABEL] = []
        self.mixed = []
        for round_number in range(1, self.rounds + 1):
            self.stderr.write(f"Round {round_number} of {self.rounds}")
            for label, path, options in runs:
                self.stderr.write(f"  {label}…")
                measured[label].append(self.wrk(base + path, **options))
            self.stderr.write(f"  {MIXED_LABEL}…")
            alone = measured["40-comment debate, anonymous"][-1]
            mixed, recommends, hit_rate = self.mixed_run(
                base + thread, recommend_url, recommend_script
            )
            measured[MIXED_LABEL].append(mixed)
            self.mixed.append((mixed[0] / alone[0], recommends, hit_rate))
        os.unlink(script.name)
        os.unlink(recommend_script)
        return [
            (label, *sorted(rounds)[len(rounds) // 2])
            for label, rounds in measured.items()
        ]

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
        self.stdout.write("\n".join(lines))


def latency(output, percentile):
    match = re.search(
        rf"^\s*{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output, re.M
    )
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


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
