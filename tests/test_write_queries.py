"""What each write costs the database, pinned so that a slowdown fails a test.

Counted from the POST to its redirect, through the page a reader or moderator uses.
Posting and editing include the automatic rules' two questions: whether the word
rules changed since they were compiled, and the poster's record.
The counts include reading the session from the database; with Redis configured (as
in production) the session comes from there, one query fewer.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.automoderation.judging import loaded_rules
from debates.models import Comment, Recommendation
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"
SESSION_QUERIES = 0 if settings.REDIS_URL else 1


def post_counting(client, url, data):
    """The queries the POST cost, less the session's."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    return len(queries) - SESSION_QUERIES


@pytest.fixture(autouse=True)
def rules_loaded(db):
    """The word rules as an app server holds them between changes: compiled once."""
    loaded_rules.current()


@pytest.fixture
def first(thread):
    return thread.comments.get(position=1)


@pytest.fixture
def own(thread, reader, reader_client):
    reader_client.post(f"{THREAD_URL}comments/", {"body": "My first view."})
    return Comment.objects.get(author=reader.author)


def test_posting_a_comment_costs_thirteen_queries(thread, reader_client):
    url = f"{THREAD_URL}comments/"
    assert post_counting(reader_client, url, {"body": "A new view."}) == 13
    assert Comment.objects.filter(body="A new view.").exists()


def test_posting_a_reply_costs_thirteen_queries(first, reader_client):
    url = f"{THREAD_URL}comments/{first.pk}/reply/"
    assert post_counting(reader_client, url, {"body": "A reply."}) == 13
    assert first.replies.filter(body="A reply.").exists()


def test_editing_a_comment_costs_thirteen_queries(own, reader_client):
    url = f"{THREAD_URL}comments/{own.pk}/edit/"
    assert post_counting(reader_client, url, {"body": "Edited."}) == 13
    own.refresh_from_db()
    assert own.body == "Edited."


def test_deleting_a_comment_costs_eight_queries(own, reader_client):
    url = f"{THREAD_URL}comments/{own.pk}/delete/"
    assert post_counting(reader_client, url, {}) == 8
    own.refresh_from_db()
    assert own.is_withdrawn


def test_recommending_costs_twelve_queries(thread, first, reader_client):
    url = f"{THREAD_URL}comments/{first.pk}/recommend/"
    assert post_counting(reader_client, url, {"recommend": "yes"}) == 12
    assert post_counting(reader_client, url, {"recommend": "no"}) == 9
    assert not Recommendation.objects.exists()


def test_reporting_costs_eight_queries(first, reader_client):
    url = f"{THREAD_URL}comments/{first.pk}/report/"
    assert post_counting(reader_client, url, {"reason": "spam"}) == 8
    assert first.reports.count() == 1


def test_removing_and_restoring_cost_fourteen_queries_each(
    first, moderator_client, rule
):
    remove = f"/moderation/comments/{first.pk}/remove/"
    restore = f"/moderation/comments/{first.pk}/restore/"
    # Each decision clears the comment's reports and the rules' flags.
    assert post_counting(moderator_client, remove, {"rule": rule.pk}) == 14
    # Restoring also answers a review its author may have asked for.
    assert post_counting(moderator_client, restore, {}) == 14
    first.refresh_from_db()
    assert first.is_visible


def test_closing_and_reopening_cost_eleven_queries_each(thread, moderator_client):
    close = f"/moderation/debates/{thread.slug}/close/"
    reopen = f"/moderation/debates/{thread.slug}/open/"
    assert post_counting(moderator_client, close, {"reason": ""}) == 11
    assert post_counting(moderator_client, reopen, {"reason": ""}) == 11


def test_deleting_a_long_debate_turns_no_version_per_comment(
    make_debate, make_comments
):
    debate = make_debate()
    make_comments(debate, 200)
    with CaptureQueriesContext(connection) as queries:
        debate.delete()
    turned = [q for q in queries.captured_queries if '"version" =' in q["sql"]]
    assert len(turned) == 1
    assert len(queries) < 20


def test_asking_for_a_review_costs_eight_queries(
    thread, reader, reader_client, moderator, rule
):
    comment = post_comment(debate=thread, author=reader.author, body="Sharp.")
    moderation.remove_comment(comment=comment, by=moderator, rule=rule)
    url = f"{THREAD_URL}comments/{comment.pk}/review/"
    assert post_counting(reader_client, url, {"note": "Look again."}) == 8
