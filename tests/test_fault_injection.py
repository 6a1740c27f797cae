"""Under a steady load of reads and posts, a held row lock and a frozen PostgreSQL
cost readers quick 503s, never a killed worker, a bare 500, or a post lost or
stored behind the poster's back.

Starts its own PostgreSQL (initdb, on a private port, in a temporary folder), its
own redis-server and gunicorn against them, and freezes each with SIGSTOP; the
suite's own database and the machine's shared services are never touched. It runs in the
PostgreSQL pass of `.ci/run`; its figures are printed (pytest -s) and quoted in
the README.
"""

import collections
import os
import pwd
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from forum.local_servers import free_port, wait_until_ready
from tests.builders import PASSWORD, THREAD_SLUG
from tests.live_http import Browser
from tests.private_services import redis_server

ROOT = Path(__file__).resolve().parent.parent
THREAD = f"/debates/{THREAD_SLUG}/"
DEADLINE = 5

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="runs in the PostgreSQL pass, beside the suite's own PostgreSQL",
    ),
    pytest.mark.skipif(
        not shutil.which("initdb") or not shutil.which("postgres"),
        reason="needs PostgreSQL's initdb and postgres programs",
    ),
]


def as_unprivileged():
    """PostgreSQL refuses to run as root: run its programs as nobody there."""
    if os.getuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@pytest.fixture(scope="module")
def private_postgres():
    folder = Path(tempfile.mkdtemp(prefix="forum-fault-postgres-"))
    if os.getuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    data, port = folder / "data", free_port()
    subprocess.run(
        [
            *as_unprivileged(),
            "initdb",
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [
            *as_unprivileged(),
            *("postgres", "-D", str(data), "-p", str(port), "-k", str(folder)),
            *("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"postgres://postgres@127.0.0.1:{port}/postgres"
    try:
        for _ in range(100):
            try:
                psycopg.connect(url, connect_timeout=1).close()
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("CREATE DATABASE forum")
        yield server, url.rsplit("/", 1)[0] + "/forum"
    finally:
        everything = postgres_processes(server.pid)
        signal_all(everything, signal.SIGCONT)
        signal_all(everything, signal.SIGKILL)
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def postgres_processes(postmaster):
    """The postmaster and its children (the backends and helpers)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(entry.name))
    return [postmaster, *children]


def signal_all(pids, number):
    for pid in pids:
        try:
            os.kill(pid, number)
        except ProcessLookupError:
            continue


@contextmanager
def frozen(server):
    """PostgreSQL stopped dead (SIGSTOP), as a hung machine or a network that
    drops every packet would leave it: connections open, nothing answered."""
    processes = postgres_processes(server.pid)
    signal_all(processes, signal.SIGSTOP)
    try:
        yield
    finally:
        signal_all(processes, signal.SIGCONT)


@pytest.fixture(scope="module")
def private_redis():
    with redis_server() as started:
        yield started


@pytest.fixture(scope="module")
def app_server(private_postgres, private_redis):
    server, database_url = private_postgres
    redis_server, redis_url = private_redis
    log = tempfile.NamedTemporaryFile(prefix="forum-fault-gunicorn-")  # noqa: SIM115
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "fault-injection-test-secret",
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_ROOT": str(ROOT / "staticfiles"),
        "FORUM_POST_RATE": "1000/1000/60",
        "FORUM_DATABASE_DEADLINE": str(DEADLINE),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["loadthread"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from debates.participation.accounts import register_reader\n"
            "for n in range(2):\n"
            f"    register_reader(username=f'poster{{n}}', password='{PASSWORD}',"
            " name=f'Poster {n}', place='Seoul')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    base = f"http://127.0.0.1:{free_port()}"
    gunicorn = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "forum/gunicorn.conf.py"),
            *("--bind", base.removeprefix("http://")),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_ready(base)
        yield server, redis_server, database_url, base, Path(log.name)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        log.close()


class Load:
    """Readers and posters hitting the site until stopped, recording each
    response's status and time, and every post the site acknowledged."""

    def __init__(self, base):
        self.base = base
        self.results = []  # (phase, kind, status, seconds)
        self.acknowledged = collections.Counter()
        self.phase = "steady"
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def record(self, kind, started, status):
        with self.lock:
            self.results.append((self.phase, kind, status, time.monotonic() - started))

    def call(self, kind, method, *args, **kwargs):
        started = time.monotonic()
        try:
            status, page = method(*args, **kwargs)
        except OSError:
            status, page = "gave up", ""
        self.record(kind, started, status)
        return status, page

    def reader(self):
        browser = Browser(timeout=15)
        while not self.stopping.is_set():
            self.call("read", browser.get, self.base + THREAD)
            time.sleep(0.05)

    def poster(self, username):
        browser = Browser(timeout=15)
        browser.sign_in(self.base, username)
        number = 0
        while not self.stopping.is_set():
            number += 1
            words = f"{username}'s comment number {number}"
            # Sent until acknowledged, as the 503 page asks: a post the database
            # stored but could not confirm is recognised, not posted twice.
            while not self.stopping.is_set():
                status, _ = self.call(
                    "post",
                    browser.post,
                    self.base + THREAD + "comments/",
                    {"body": words},
                    referer=self.base + THREAD,
                )
                if status == 302:
                    with self.lock:
                        self.acknowledged[words] += 1
                    break
                time.sleep(0.2)
            time.sleep(0.1)

    def liveness(self):
        browser = Browser(timeout=15)
        while not self.stopping.is_set():
            self.call("live", browser.get, self.base + "/health/live/")
            time.sleep(0.2)


def test_locks_and_frozen_services_cost_quick_503s_and_nothing_else(app_server):
    server, redis_server, database_url, base, log = app_server
    load = Load(base)
    workers = [
        threading.Thread(target=load.reader),
        threading.Thread(target=load.reader),
        threading.Thread(target=load.poster, args=("poster0",)),
        threading.Thread(target=load.poster, args=("poster1",)),
        threading.Thread(target=load.liveness),
    ]
    for worker in workers:
        worker.start()
    try:
        time.sleep(3)
        load.phase = "row lock"
        with psycopg.connect(database_url) as holder, holder.transaction():
            holder.execute(
                "SELECT id FROM debates_debate WHERE slug = %s FOR UPDATE",
                [THREAD_SLUG],
            )
            time.sleep(6)
        load.phase = "recovering"
        time.sleep(3)
        load.phase = "frozen"
        with frozen(server):
            time.sleep(10)
        load.phase = "thawed"
        time.sleep(8)
        load.phase = "redis frozen"
        signal_all([redis_server.pid], signal.SIGSTOP)
        try:
            time.sleep(6)
        finally:
            signal_all([redis_server.pid], signal.SIGCONT)
        load.phase = "redis thawed"
        time.sleep(3)
    finally:
        load.stopping.set()
        for worker in workers:
            worker.join(timeout=60)

    by_phase = collections.defaultdict(collections.Counter)
    worst = collections.defaultdict(float)
    for phase, kind, status, seconds in load.results:
        by_phase[phase][f"{kind} {status}"] += 1
        worst[(phase, kind)] = max(worst[(phase, kind)], seconds)
    unavailable = sorted(s for _, _, status, s in load.results if status == 503)
    live = [s for _, kind, _, s in load.results if kind == "live"]
    with psycopg.connect(database_url) as check:
        stored = collections.Counter(
            body
            for (body,) in check.execute(
                "SELECT body FROM debates_comment WHERE body LIKE 'poster%%'"
            )
        )
    print()
    for phase, counts in by_phase.items():
        slowest = {
            kind: round(worst[(phase, kind)], 2) for kind in ("read", "post", "live")
        }
        print(f"{phase}: {dict(counts)}; slowest {slowest}")
    within_a_second = sum(s < 1 for s in unavailable)
    print(
        f"503s: {len(unavailable)}, {within_a_second} within 1 s, median "
        f"{statistics.median(unavailable):.2f} s, slowest {unavailable[-1]:.2f} s"
    )
    print(f"/health/live/: slowest {max(live):.2f} s")
    acknowledged, rows = sum(load.acknowledged.values()), sum(stored.values())
    print(f"posts acknowledged: {acknowledged}, rows: {rows}")

    statuses = collections.Counter(status for _, _, status, _ in load.results)
    assert statuses[500] == 0
    assert statuses["gave up"] == 0
    assert "WORKER TIMEOUT" not in log.read_text()
    # Every acknowledged post is stored once; nothing is stored that was not.
    assert stored == load.acknowledged
    # The held row lock costs only the posts that wait on it, not the readers.
    assert by_phase["row lock"]["read 503"] == 0
    assert by_phase["frozen"]["read 503"] > 0
    # Only the requests already waiting when the database froze wait out the
    # deadline; once it is known to be away, the rest are told at once.
    assert unavailable[-1] < DEADLINE + 1.5
    assert statistics.median(unavailable) < 1
    # Liveness never waits on the database, at most for a thread to be free.
    assert max(live) < DEADLINE + 1
    # Afterwards, all is as before.
    assert by_phase["thawed"]["read 200"] > 0
    # A frozen Redis slows a page by one socket timeout at most, and stops none.
    assert by_phase["redis frozen"]["read 200"] > 0
    assert by_phase["redis frozen"]["post 302"] > 0
    assert worst[("redis frozen", "read")] < 2.5
    assert by_phase["redis thawed"]["read 200"] > 0
