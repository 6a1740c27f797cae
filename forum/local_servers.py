"""Starting app servers on this machine: for the benchmark and the two-server test."""

import socket
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(base, timeout=30):
    """Wait until the server at `base` (http://127.0.0.1:PORT) says it is ready."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # An http://127.0.0.1 address the caller built itself.
            with urllib.request.urlopen(base + "/health/ready/", timeout=2) as response:  # nosec B310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base} did not become ready within {timeout} s")
