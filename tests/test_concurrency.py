"""Many posters at once, and a close racing with them, on PostgreSQL.

SQLite serialises every write, so these races only mean something on PostgreSQL;
`.ci/run` runs them there.
"""

import threading

import pytest
from django.db import connection, connections

from debates.models import Comment, Debate, PostingRefused
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment
from debates.participation.recommending import recommend_comment

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL), as in CI",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(tasks):
    """Start every task at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(tasks))
    errors = []

    def run(task):
        try:
            barrier.wait()
            task()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def posters(make_debate, make_reader):
    debate = make_debate()
    authors = [make_reader(name=f"Poster {n}").author for n in range(8)]
    return debate, authors


def test_many_posters_at_once_lose_nothing_and_share_no_position(posters):
    debate, authors = posters

    def poster(author):
        return lambda: [
            post_comment(debate=debate, author=author, body=f"{author.name} #{n}")
            for n in range(5)
        ]

    errors = run_together([poster(author) for author in authors])
    assert errors == []
    positions = list(
        Comment.objects.filter(debate=debate).values_list("position", flat=True)
    )
    assert len(positions) == 40
    assert sorted(positions) == list(range(1, 41))
    for author in authors:
        assert author.comments.count() == 5


def test_a_form_sent_twice_at_the_same_moment_posts_once(posters):
    debate, authors = posters
    author = authors[0]
    errors = run_together(
        [
            lambda: post_comment(debate=debate, author=author, body="Double click")
            for _ in range(6)
        ]
    )
    assert errors == []
    assert Comment.objects.filter(body="Double click").count() == 1


def test_no_comment_gets_in_after_a_close_is_committed(posters, moderator):
    debate, authors = posters
    refused = []

    def poster(author):
        def post_until_refused():
            for n in range(200):
                try:
                    post_comment(debate=debate, author=author, body=f"{author.pk}:{n}")
                except PostingRefused:
                    refused.append(author.pk)
                    return

        return post_until_refused

    def closer():
        while Comment.objects.filter(debate=debate).count() < 20:
            pass
        moderation.close_debate(debate=debate, by=moderator, reason="race")

    errors = run_together([closer] + [poster(author) for author in authors])
    assert errors == []
    debate.refresh_from_db()
    assert debate.state == Debate.State.CLOSED
    assert sorted(refused) == sorted(author.pk for author in authors)
    latest = Comment.objects.filter(debate=debate).order_by("-posted_at").first()
    assert latest.posted_at < debate.state_changed_at


def test_readers_recommending_at_once_are_all_counted_once(posters, make_comments):
    debate, authors = posters
    [comment] = make_comments(debate, 1)
    readers = [author.user for author in authors]

    def recommend_twice(reader):
        return lambda: [
            recommend_comment(comment=comment, reader=reader) for _ in range(2)
        ]

    errors = run_together([recommend_twice(reader) for reader in readers])
    assert errors == []
    comment.refresh_from_db()
    assert comment.recommendation_count == comment.recommendations.count() == 8
