"""A process's own memory of what it rendered: least recently used, and expiring."""

import threading
import time
from collections import OrderedDict

# How long a process keeps what it rendered, however often it is asked for.
REMEMBERED_FOR = 10 * 60
_every_cache = []


def forget_everything():
    """Empty every LocalCache of this process (a fresh server's memory)."""
    for local in _every_cache:
        local.clear()


class LocalCache:
    """A small least-recently-used map, private to this process, whose entries
    also expire `timeout` seconds after they were stored."""

    def __init__(self, size, timeout=REMEMBERED_FOR, clock=time.monotonic):
        _every_cache.append(self)
        self._size = size
        self._timeout = timeout
        self._clock = clock
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, expires_at = entry
            if expires_at <= self._clock():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key, value):
        with self._lock:
            self._entries[key] = (value, self._clock() + self._timeout)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def get_or_set(self, key, make):
        """The value under `key`, made and kept if it is not there yet."""
        value = self.get(key)
        if value is None:
            value = make()
            self.set(key, value)
        return value
