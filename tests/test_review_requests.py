"""The author of a rejected or removed comment asks, once, for another moderator to
look again; the request waits in the queue, and the answer reaches the author and
the audit trail."""

import pytest
from django.test import Client
from django.urls import reverse

from debates.models import Comment, ModerationAction, ReviewRequest
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment
from tests.builders import make_moderator
from tests.test_notifications import subscribe

THREAD_URL = "/debates/us-troops-in-south-korea/"
NOTE = "It quoted the article; it did not insult anyone."


@pytest.fixture
def removed(thread, reader, moderator, rule):
    """A reader's comment a moderator removed under rule 1."""
    comment = post_comment(debate=thread, author=reader.author, body="Sharp words.")
    moderation.remove_comment(comment=comment, by=moderator, rule=rule, note="Tone.")
    return Comment.objects.get(pk=comment.pk)


@pytest.fixture
def second_moderator(db):
    return make_moderator(name="Second Look", username="second")


@pytest.fixture
def second_client(second_moderator):
    browser = Client()
    browser.force_login(second_moderator)
    return browser


def review_url(comment):
    return f"{THREAD_URL}comments/{comment.pk}/review/"


def answer_url(comment):
    return reverse("moderation:review", kwargs={"pk": comment.pk})


def test_the_author_of_a_removed_comment_is_offered_a_review(
    removed, reader_client, client
):
    page = reader_client.get(THREAD_URL).content.decode()
    box = page[page.index('id="your-comments"') :]
    assert f'<a href="{review_url(removed)}">Ask for a review</a>' in box
    assert "Ask for a review" not in client.get(THREAD_URL).content.decode()


def test_asking_for_a_review_puts_the_comment_in_the_queue_with_the_note(
    removed, reader_client, second_client
):
    form = reader_client.get(review_url(removed)).content.decode()
    assert "Your comment was <strong>removed by a moderator</strong>" in form
    assert "Sharp words." in form
    response = reader_client.post(review_url(removed), {"note": NOTE})
    assert response.status_code == 302
    assert response["Location"] == f"{THREAD_URL}#your-comments"
    review = ReviewRequest.objects.get(comment=removed)
    assert (review.note, review.decision_reviewed) == (NOTE, "removed")
    page = reader_client.get(THREAD_URL).content.decode()
    assert "Your request is with the moderators." in page
    assert "You asked for a review on" in page
    assert "Ask for a review</a>" not in page
    queue = second_client.get("/moderation/").content.decode()
    assert "Review asked" in queue
    assert "It quoted the article; it did not insult anyone." in queue
    assert ">Restore it</button>" in queue and ">Keep the decision</button>" in queue


def test_a_review_is_asked_for_once(removed, reader, reader_client):
    reader_client.post(review_url(removed), {"note": NOTE})
    response = reader_client.post(review_url(removed), {"note": "Again, please."})
    assert response.status_code == 403
    assert "You have already asked for a review of this decision." in (
        response.content.decode()
    )
    assert ReviewRequest.objects.filter(comment=removed).count() == 1


def test_an_empty_or_long_note_is_refused_with_the_text_kept(removed, reader_client):
    empty = reader_client.post(review_url(removed), {"note": "  "})
    assert empty.status_code == 400
    assert "Say in a few words why the decision should change." in (
        empty.content.decode()
    )
    long = reader_client.post(review_url(removed), {"note": "x" * 501})
    assert long.status_code == 400
    assert "x" * 501 in long.content.decode()
    assert not ReviewRequest.objects.exists()


def test_only_rejected_or_removed_comments_of_ones_own_can_be_reviewed(
    thread, reader, reader_client, removed, make_reader
):
    published = post_comment(debate=thread, author=reader.author, body="Fine words.")
    response = reader_client.post(review_url(published), {"note": NOTE})
    assert response.status_code == 403
    assert "Only a rejected or removed comment can be reviewed again." in (
        response.content.decode()
    )
    stranger = Client()
    stranger.force_login(make_reader(name="Stranger"))
    assert stranger.post(review_url(removed), {"note": NOTE}).status_code == 404
    assert not ReviewRequest.objects.exists()


def test_the_moderator_who_decided_cannot_answer_the_review(
    removed, reader_client, moderator, moderator_client
):
    reader_client.post(review_url(removed), {"note": NOTE})
    page = moderator_client.get(f"/moderation/comments/{removed.pk}/").content.decode()
    assert "another moderator must look again" in page
    assert ">Restore it</button>" not in page
    moderator_client.post(answer_url(removed), {"outcome": "restore"})
    removed.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED
    assert ReviewRequest.objects.get(comment=removed).decided_at is None


def test_another_moderator_restores_and_the_author_is_told(
    removed,
    reader,
    reader_client,
    second_client,
    second_moderator,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    subscribe(reader.author, "reader@example.org")
    reader_client.post(review_url(removed), {"note": NOTE})
    with django_capture_on_commit_callbacks(execute=True):
        response = second_client.post(
            answer_url(removed), {"outcome": "restore", "note": "Fair point."}
        )
    assert response.status_code == 302
    removed.refresh_from_db()
    assert removed.status == Comment.Status.PUBLISHED
    assert "Sharp words." in client.get(THREAD_URL).content.decode()
    review = ReviewRequest.objects.get(comment=removed)
    assert (review.outcome, review.decided_by) == ("restored", second_moderator)
    (email,) = mailoutbox
    assert email.to == ["reader@example.org"]
    assert email.subject.endswith("was restored on review")
    assert "The moderator's note: Fair point." in email.body
    latest = ModerationAction.objects.first()
    assert (latest.verb, latest.moderator, latest.note) == (
        "restore",
        second_moderator,
        "Fair point.",
    )
    assert latest.detail == "asked for by its author"
    assert "Review asked" not in second_client.get("/moderation/").content.decode()


def test_another_moderator_keeps_the_decision_and_the_trail_says_so(
    removed,
    reader,
    reader_client,
    second_client,
    second_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    subscribe(reader.author, "reader@example.org")
    reader_client.post(review_url(removed), {"note": NOTE})
    with django_capture_on_commit_callbacks(execute=True):
        second_client.post(answer_url(removed), {"outcome": "keep"})
    removed.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED
    (email,) = mailoutbox
    assert email.subject.endswith("stands")
    assert "kept the decision: it stays removed by a moderator." in email.body
    assert "The reason: Rule 1: Be civil." in email.body
    audit = second_client.get("/moderation/audit/").content.decode()
    assert "Kept the decision after review" in audit
    page = reader_client.get(THREAD_URL).content.decode()
    assert "another moderator kept the decision" in page
    assert "Ask for a review</a>" not in page


def test_a_rejected_comment_restored_on_review_is_published(
    premoderated, reader, reader_client, moderator, second_client, rule, client
):
    comment = post_comment(debate=premoderated, author=reader.author, body="Held.")
    moderation.reject_comment(comment=comment, by=moderator, rule=rule)
    reader_client.post(review_url(comment), {"note": NOTE})
    second_client.post(answer_url(comment), {"outcome": "restore"})
    assert "Held." in client.get(THREAD_URL).content.decode()


def test_a_plain_restore_answers_a_waiting_review(
    removed, reader_client, second_moderator
):
    reader_client.post(review_url(removed), {"note": NOTE})
    moderation.restore_comment(comment=removed, by=second_moderator)
    review = ReviewRequest.objects.get(comment=removed)
    assert review.outcome == "restored"
    assert not Comment.objects.needing_moderation().filter(pk=removed.pk).exists()


def test_answering_without_a_choice_says_what_to_do(
    removed, reader_client, second_client
):
    reader_client.post(review_url(removed), {"note": NOTE})
    response = second_client.post(answer_url(removed), {}, follow=True)
    assert "Choose Restore it or Keep the decision." in response.content.decode()
    assert ReviewRequest.objects.get(comment=removed).decided_at is None


def test_answering_a_review_nobody_asked_for_is_refused(removed, second_client):
    response = second_client.post(
        answer_url(removed), {"outcome": "restore"}, follow=True
    )
    assert "No review of this comment is waiting for an answer." in (
        response.content.decode()
    )
    removed.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED


def test_readers_cannot_answer_reviews(removed, reader_client):
    reader_client.post(review_url(removed), {"note": NOTE})
    response = reader_client.post(answer_url(removed), {"outcome": "restore"})
    assert response.status_code == 403
    removed.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED
