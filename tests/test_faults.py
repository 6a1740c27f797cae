"""Security headers, error pages, and what readers get when a service is away."""

import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client

from debates.models import Author
from debates.notifications.emails import unsubscribe_url
from forum.cache import PausingRedisCache
from forum.database_guard import breaker
from tests.builders import PASSWORD
from tests.private_services import redis_server

THREAD_URL = "/debates/us-troops-in-south-korea/"
ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_the_security_headers(client, thread):
    response = client.get(THREAD_URL)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_only_the_admin_may_use_inline_styles(client, thread):
    directives = {
        path: dict(
            part.strip().split(" ", 1)
            for part in client.get(path)["Content-Security-Policy"].split(";")
        )
        for path in [THREAD_URL, "/admin/login/"]
    }
    assert directives[THREAD_URL]["style-src"] == "'self'"
    assert directives["/admin/login/"]["style-src"] == "'self' 'unsafe-inline'"
    assert directives["/admin/login/"]["script-src"] == "'self'"


def test_production_settings_secure_cookies_and_hsts():
    """DJANGO_HTTPS=1 is read when settings load, so ask a fresh process."""
    env = {
        **os.environ,
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "forum.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output == "True True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_unknown_pages_get_the_sites_404(client, db):
    response = client.get("/debates/nowhere/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_forbidden_pages_get_the_sites_403(reader_client, thread):
    response = reader_client.get("/moderation/")
    assert response.status_code == 403
    assert "You are not allowed to do that" in response.content.decode()


def test_database_away_gives_a_short_503_and_no_traceback(thread):
    browser = Client(raise_request_exception=False)
    with mock.patch(
        "debates.models.Debate.objects.page_state",
        side_effect=OperationalError("connection refused"),
    ):
        response = browser.get(THREAD_URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "The forum is briefly unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    # The database is back: once any pause after a lost connection is over (see
    # forum.database_guard), the next request is served as usual.
    breaker.until = 0.0
    assert browser.get(THREAD_URL).status_code == 200


def test_other_failures_get_the_sites_500(thread):
    browser = Client(raise_request_exception=False)
    with mock.patch(
        "debates.models.Debate.objects.page_state", side_effect=RuntimeError("bug")
    ):
        response = browser.get(THREAD_URL)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.fixture
def redis_away(settings):
    """A Redis nobody listens on: every cache call fails at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "forum.sessions"


def test_redis_away_slows_reading_but_does_not_stop_it(
    redis_away, thread, client, reader
):
    response = client.get(THREAD_URL)
    assert response.status_code == 200
    assert "I hope Koreans learn" in response.content.decode()
    signed_in = Client()
    assert signed_in.login(username=reader.username, password="a-Long-enough-pass-42")
    page = signed_in.get(THREAD_URL).content.decode()
    assert 'name="body"' in page
    response = signed_in.post(THREAD_URL + "comments/", {"body": "Still posting"})
    assert response.status_code == 302
    assert "Still posting" in signed_in.get(THREAD_URL).content.decode()


@pytest.fixture
def private_redis(settings):
    """A redis-server of the test's own as the cache and sessions; its process."""
    with redis_server() as (server, url):
        settings.CACHES = {
            "default": {
                "BACKEND": "forum.cache.PausingRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        settings.SESSION_ENGINE = "forum.sessions"
        PausingRedisCache.paused_until = 0.0
        caches["default"].set("ping", 1)
        yield server
    PausingRedisCache.paused_until = 0.0


def test_a_frozen_redis_costs_one_timeout_not_one_per_call(
    private_redis, thread, reader
):
    signed_in = Client()
    assert signed_in.login(username=reader.username, password=PASSWORD)
    assert signed_in.get(THREAD_URL).status_code == 200
    private_redis.send_signal(signal.SIGSTOP)
    timings = []
    for _ in range(5):
        started = time.monotonic()
        page = signed_in.get(THREAD_URL)
        timings.append(time.monotonic() - started)
        assert page.status_code == 200
        assert 'name="body"' in page.content.decode()
    # The first page waits out one 1 s socket timeout; the rest do not ask Redis.
    assert timings[0] < 2
    assert max(timings[1:]) < 0.5
    private_redis.send_signal(signal.SIGCONT)
    PausingRedisCache.paused_until = 0.0
    # Redis is asked again after the pause.
    assert signed_in.get(THREAD_URL).status_code == 200
    assert caches["default"].get("ping") == 1


def test_errors_are_logged_without_passwords(client, db, caplog):
    client.post(
        "/accounts/login/", {"username": "someone", "password": "hunter2-secret"}
    )
    assert "hunter2-secret" not in caplog.text


@pytest.fixture
def console_log():
    """What the site's console log handler (the operator's log) writes."""
    handler = logging.getLogger("django").handlers[0]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_tokens_in_links_are_not_written_to_the_log(reader, reader_client, console_log):
    unsubscribe = unsubscribe_url(reader.author, Author.Notification.REPLY)
    confirm = "/accounts/notifications/confirm/forged-confirmation-token/"
    reset = "/accounts/reset/MQ/secret-reset-token/"
    for path in (urlsplit(unsubscribe).path, confirm, reset):
        reader_client.get(path)
    log = console_log.getvalue()
    token = urlsplit(unsubscribe).path.rstrip("/").rsplit("/", 1)[-1]
    assert "GET /notifications/unsubscribe/[redacted]/ 200" in log
    # Django's own line for the refused confirmation, and the request log's.
    assert "Bad Request: /accounts/notifications/confirm/[redacted]/" in log
    assert "/accounts/reset/[redacted]/[redacted]/" in log
    for secret in (token, "forged-confirmation-token", "secret-reset-token"):
        assert secret not in log


def test_the_site_has_an_icon_at_its_root_and_in_every_page(client, thread):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"
    page = client.get(THREAD_URL).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.png" type="image/png">' in page


def test_collected_static_files_come_in_brotli_and_gzip(tmp_path):
    """WhiteNoise compresses what collectstatic writes, with Brotli when it is
    installed (it is a dependency), and serves browsers the smaller one."""
    env = {**os.environ, "DJANGO_STATIC_ROOT": str(tmp_path), "DJANGO_DEBUG": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    stylesheets = {path.name for path in (tmp_path / "css").iterdir()}
    assert any(name.endswith(".css.br") for name in stylesheets)
    assert any(name.endswith(".css.gz") for name in stylesheets)
