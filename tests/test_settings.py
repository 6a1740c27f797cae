"""Production settings come from the environment, and `check --deploy` warns about
the ones left at their development defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from debates.checks import (
    check_email_is_sent,
    check_passwords_are_hashed_slowly,
    check_site_url,
    check_tasks_are_shared,
)

ROOT = Path(__file__).resolve().parent.parent


def settings_under(env, *names):
    """The named settings as a fresh process reads them from `env`."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))
    }
    code = (
        "import json, forum.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        env=clean | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout)


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        (
            {"DJANGO_DEBUG": "1", "EMAIL_HOST": "smtp.example.org"},
            "django.core.mail.backends.console.EmailBackend",
        ),
        (
            {"EMAIL_HOST": "smtp.example.org"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_email_goes_over_smtp_in_production_once_a_host_is_given(env, backend):
    assert settings_under(env, "EMAIL_BACKEND") == {"EMAIL_BACKEND": backend}


def test_smtp_settings_come_from_the_environment():
    found = settings_under(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "465",
            "EMAIL_HOST_USER": "forum",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": "0",
        },
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
    )
    assert found == {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "forum",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": False,
    }


@pytest.mark.parametrize(
    ("address", "warned"),
    [
        ("http://127.0.0.1:8000", True),
        ("https://localhost", True),
        ("http://forum.example.org", True),
        ("https://forum.example.org", False),
    ],
)
def test_deploy_checks_warn_while_the_site_address_is_not_public(
    settings, address, warned
):
    settings.FORUM_SITE_URL = address
    assert [w.id for w in check_site_url(None)] == (["debates.W001"] if warned else [])


@pytest.mark.parametrize(
    ("backend", "warned"),
    [
        ("django.core.mail.backends.console.EmailBackend", True),
        ("django.core.mail.backends.locmem.EmailBackend", True),
        ("django.core.mail.backends.smtp.EmailBackend", False),
    ],
)
def test_deploy_checks_warn_while_email_is_not_sent(settings, backend, warned):
    settings.EMAIL_BACKEND = backend
    assert [w.id for w in check_email_is_sent(None)] == (
        ["debates.W002"] if warned else []
    )


@pytest.mark.parametrize(
    ("redis_url", "immediate", "warned"),
    [
        ("", False, True),
        ("redis://redis:6379/0", True, True),
        ("redis://r/0", False, False),
    ],
)
def test_deploy_checks_warn_while_the_task_queue_is_not_shared(
    settings, redis_url, immediate, warned
):
    settings.REDIS_URL = redis_url
    settings.HUEY = {**settings.HUEY, "immediate": immediate}
    assert [w.id for w in check_tasks_are_shared(None)] == (
        ["debates.W003"] if warned else []
    )


def test_the_suites_fast_password_hashing_is_an_error_on_a_real_site(settings):
    settings.FORUM_TEST_FAST_PASSWORDS = True
    assert [e.id for e in check_passwords_are_hashed_slowly(None)] == ["debates.E001"]
    settings.FORUM_TEST_FAST_PASSWORDS = False
    assert check_passwords_are_hashed_slowly(None) == []


def test_a_fresh_process_keeps_djangos_hashers_unless_the_suite_asks():
    unset = settings_under(
        {"FORUM_TEST_FAST_PASSWORDS": ""}, "FORUM_TEST_FAST_PASSWORDS"
    )
    assert unset == {"FORUM_TEST_FAST_PASSWORDS": False}
    fast = settings_under({"FORUM_TEST_FAST_PASSWORDS": "1"}, "PASSWORD_HASHERS")
    assert fast["PASSWORD_HASHERS"] == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_two_lock_files_pin_every_shared_package_alike():
    """pip-audit and the installs read both: a package at two versions breaks both."""

    def pins(name):
        text = (ROOT / name).read_text()
        return dict(
            line.split(" ", 1)[0].split("==")
            for line in text.splitlines()
            if "==" in line and not line.startswith((" ", "#"))
        )

    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert production.keys() <= development.keys()
    assert {name: development[name] for name in production} == production


@pytest.mark.parametrize(
    ("given", "sent_as"),
    [
        (None, "Revived Debates <noreply@localhost>"),
        ("forum@example.org", "Revived Debates <forum@example.org>"),
        ("The Debates Desk <desk@example.org>", "The Debates Desk <desk@example.org>"),
    ],
)
def test_emails_come_from_a_named_sender(given, sent_as):
    env = {} if given is None else {"DEFAULT_FROM_EMAIL": given}
    assert settings_under(env, "DEFAULT_FROM_EMAIL") == {"DEFAULT_FROM_EMAIL": sent_as}
