"""Services a fault test starts for itself, on private ports, and kills after:
the machine's shared PostgreSQL and Redis are never stopped."""

import shutil
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis

from forum.local_servers import free_port


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
