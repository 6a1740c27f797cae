"""Keeping a slow or stuck database from holding the site up: every request's
database wait has a deadline, and once the database has stopped answering, this
process says so at once for a few seconds instead of making every reader wait for
the same timeout. Wired in as forum.database_guard.DatabaseGuardMiddleware."""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connections
from django.http import HttpResponse
from django.template.loader import render_to_string

from debates.participation.drafts import text_being_sent

logger = logging.getLogger(__name__)


def unavailable(request):
    """The site's 503 page, with a time to retry and the text the reader was
    sending kept for them. It needs no database and no request context."""
    kept = text_being_sent(request)
    response = HttpResponse(
        render_to_string("503.html", {"kept_text": kept}), status=503
    )
    response["Retry-After"] = "30"
    return response


def is_connection_failure(error):
    """Whether a database error means PostgreSQL is not answering at all (no
    connection, or a connection lost), rather than refusing one statement (a lock
    or statement timeout, which the server reports with an SQLSTATE)."""
    return (
        connections["default"].vendor == "postgresql"
        and getattr(error.__cause__, "sqlstate", None) is None
    )


class _Breaker:
    """After the database stopped answering, answer 503 at once in this process
    for FORUM_DATABASE_PAUSE seconds; then let requests try it again."""

    def __init__(self):
        self.until = 0.0

    def trip(self):
        pause = settings.FORUM_DATABASE_PAUSE
        if pause:
            logger.warning("The database is not answering; pausing %s s", pause)
            self.until = time.monotonic() + pause

    def is_open(self):
        return time.monotonic() < self.until


breaker = _Breaker()


class DatabaseGuardMiddleware:
    """Cut a request's database connections once it has waited on them for
    FORUM_DATABASE_DEADLINE seconds.

    The database's own timeouts (statement, lock) cannot help when the database has
    stopped answering altogether (a frozen server, a network that drops packets):
    the request would wait until gunicorn killed the worker and answered a bare 500.
    Shutting the connection's socket down ends that wait with an OperationalError,
    which rolls back what the request was writing and answers the site's 503 page
    (forum.errors.server_error); the connection is then closed, so the next request
    connects afresh. One watchdog thread per process looks after every request.

    While the breaker is open (see _Breaker), requests get the 503 at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if breaker.is_open() and not request.path_info.startswith("/health/"):
            return unavailable(request)
        seconds = settings.FORUM_DATABASE_DEADLINE
        # Only PostgreSQL connections can be cut (SQLite has no socket to wait on).
        wrappers = [
            connections[alias]
            for alias in connections
            if connections[alias].vendor == "postgresql"
        ]
        if not seconds or not wrappers:
            return self.get_response(request)
        watch = _watchdog.watch(time.monotonic() + seconds, wrappers)
        try:
            return self.get_response(request)
        finally:
            if _watchdog.forget(watch):
                breaker.trip()
                for wrapper in wrappers:
                    wrapper.close()


class _Watchdog:
    """Requests' deadlines, and a thread that cuts the connections of those past
    theirs. Started on first use in each process (a thread does not survive
    gunicorn's fork)."""

    interval = 0.2

    def __init__(self):
        self.lock = threading.Lock()
        self.watches = {}
        self.thread = None
        self.owner = None

    def watch(self, deadline, wrappers):
        watch = object()
        with self.lock:
            if self.owner != os.getpid() or not self.thread.is_alive():
                self.owner = os.getpid()
                self.thread = threading.Thread(
                    target=self._run, name="database-deadline", daemon=True
                )
                self.thread.start()
            self.watches[watch] = [deadline, wrappers, False]
        return watch

    def forget(self, watch):
        """Stop watching; whether the request's connections were cut."""
        with self.lock:
            return self.watches.pop(watch)[2]

    def _run(self):
        while True:
            time.sleep(self.interval)
            now = time.monotonic()
            with self.lock:
                for entry in self.watches.values():
                    deadline, wrappers, cut = entry
                    if not cut and now >= deadline:
                        # Every connection, not only until one is cut.
                        shut = [_shut_down(wrapper) for wrapper in wrappers]
                        entry[2] = any(shut)


_watchdog = _Watchdog()


def _shut_down(wrapper):
    """Shut down the socket of a PostgreSQL connection, waking whoever waits on
    it; whether there was one to shut down."""
    if wrapper.connection is None:
        return False
    try:
        duplicate = os.dup(wrapper.connection.pgconn.socket)
    except Exception:
        return False
    logger.warning("The database did not answer in time; cutting the connection")
    with socket.socket(fileno=duplicate) as sock:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            return False
    return True
