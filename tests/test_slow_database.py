"""A slow or stuck database costs a reader a quick 503 with their text, never a
worker held until gunicorn kills it; on PostgreSQL, as in production."""

import time
from unittest import mock

import psycopg
import pytest
from django.db import connection
from django.test import Client

from debates.models import Comment
from forum.database_guard import breaker

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL), as in CI",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = "Held up behind someone else's lock, and kept for me."


def other_connection():
    """A second session on the test database, as another app server would hold."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def poster(make_debate, make_reader):
    debate = make_debate()
    browser = Client(raise_request_exception=False)
    browser.force_login(make_reader())
    return debate, browser


def test_a_post_behind_a_held_row_lock_answers_503_at_once_and_saves_nothing(
    poster, settings
):
    debate, browser = poster
    with other_connection() as holder, holder.transaction():
        holder.execute(
            "SELECT id FROM debates_debate WHERE id = %s FOR UPDATE", [debate.pk]
        )
        started = time.monotonic()
        response = browser.post(
            debate.get_absolute_url() + "comments/", {"body": WORDS}
        )
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "may not have been saved" in page
    assert WORDS.replace("'", "&#x27;") in page
    # The lock timeout (2 s), not gunicorn's 30 s, decided.
    assert waited < settings.DATABASE_LOCK_TIMEOUT_MS / 1000 + 3
    assert not Comment.objects.filter(body=WORDS).exists()
    # The lock released, the same reader posts as usual.
    assert (
        browser.post(
            debate.get_absolute_url() + "comments/", {"body": WORDS}
        ).status_code
        == 302
    )
    assert Comment.objects.filter(body=WORDS).count() == 1


def test_a_database_that_stops_answering_is_cut_off_at_the_deadline(poster, settings):
    """A statement the database never finishes (here pg_sleep, past the deadline
    and under the statement timeout) ends at FORUM_DATABASE_DEADLINE with the 503,
    as it would for a frozen server, which could not enforce a timeout itself."""
    settings.FORUM_DATABASE_DEADLINE = 1
    debate, browser = poster

    def stuck(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(4)")

    started = time.monotonic()
    with mock.patch("debates.models.Debate.objects.page_state", side_effect=stuck):
        response = browser.get(debate.get_absolute_url())
    waited = time.monotonic() - started
    assert response.status_code == 503
    assert waited < 3
    # For the pause after it, the next readers get the 503 at once...
    started = time.monotonic()
    assert browser.get(debate.get_absolute_url()).status_code == 503
    assert time.monotonic() - started < 0.5
    assert Client().get("/health/live/").status_code == 200
    # ...and after it, the cut connection discarded, pages are served as usual.
    breaker.until = time.monotonic()
    assert browser.get(debate.get_absolute_url()).status_code == 200
