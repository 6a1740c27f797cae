"""Services a fault test starts for itself, on private ports, and kills after:
the machine's shared PostgreSQL and Redis are never stopped."""

import os
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import redis

from forum.local_servers import free_port

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def redis_server():
    """A redis-server of the test's own, answering; its process and its URL."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_timeout=1)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield server, url
    finally:
        # Thawed first, in case a test left it frozen with SIGSTOP.
        server.send_signal(signal.SIGCONT)
        server.kill()
        server.wait(timeout=10)


class SmtpSink:
    """A mail server of the test's own (aiosmtpd), on a private port: it keeps what
    it accepts, by Message-ID. Set `stall` and it holds every conversation after
    the sender names a recipient, until cleared, as a mail server that hangs."""

    def __init__(self):
        import threading

        self.messages = []
        self.connections = 0
        self.stall = threading.Event()
        self.stalled = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, options):
        import asyncio

        while self.stall.is_set():
            self.stalled.set()
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]


@contextmanager
def smtp_sink():
    """An SmtpSink answering on 127.0.0.1; yields it and its port."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        sink.stall.clear()
        controller.stop()


@contextmanager
def silent_server():
    """A server that accepts connections and never says a word, as a mail server
    that hangs; yields its port and a list of the connections it accepted."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stopping = threading.Event()

    def accept():
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stopping.set()
        listener.close()
        for connection in accepted:
            connection.close()


def database_url_for_tests():
    """The address of the database the tests run on, for the servers and workers
    a test starts in other processes."""
    import urllib.parse

    from django.db import connection

    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@contextmanager
def task_worker(env):
    """`manage.py run_huey` in its own process group, with `env`; yields the
    process. Killed, with its worker processes, when the block ends."""
    import sys

    worker = subprocess.Popen(  # nosec B603
        [sys.executable, "manage.py", "run_huey"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield worker
    finally:
        kill_group(worker)


def kill_group(process, sig=signal.SIGKILL):
    """Kill a process started with start_new_session and everything it forked."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=20)
