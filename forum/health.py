"""Health endpoints for load balancers: liveness and readiness."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def live(request):
    """The process answers. Touches nothing else, so a database outage does not get
    every app server restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    """The process can serve pages: the database answers, and Redis if configured;
    and the task workers keep up: no email waits longer than FORUM_QUEUE_MAX_WAIT
    past its time (the workers have stopped, or fall far behind)."""
    checks = {"database": _check_database()}
    if settings.REDIS_URL:
        checks["cache"] = _check_cache()
    body = {}
    if checks["database"] == "ok" and settings.FORUM_QUEUE_MAX_WAIT:
        checks["queue"], body["queue"] = _check_queue()
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks, **body},
        status=200 if healthy else 503,
    )


def _check_queue():
    from debates.notifications.outbox import queue_state
    from debates.tasks import HUEY

    state = queue_state()
    try:
        state["tasks_queued"] = HUEY.pending_count()
    except Exception:
        logger.exception("Readiness check: the task queue does not answer")
        return "unavailable", state
    if state["oldest_due_seconds"] > settings.FORUM_QUEUE_MAX_WAIT:
        logger.error(
            "Readiness check: an email has waited %s s past its time",
            state["oldest_due_seconds"],
        )
        return "behind", state
    return "ok", state


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Readiness check: the database does not answer")
        return "unavailable"
    return "ok"


def _check_cache():
    try:
        cache.set("health:ping", "pong", 5)
        if cache.get("health:ping") != "pong":
            return "unavailable"
    except Exception:
        logger.exception("Readiness check: the cache does not answer")
        return "unavailable"
    return "ok"
