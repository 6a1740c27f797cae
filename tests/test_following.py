"""Readers follow a debate: an email for every new published comment or a daily
digest, told when it closes or reopens, and one click stops it."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debates.models import Comment, Follow, ModerationAction
from debates.models.choices import ModerationMode, ModerationVerb
from debates.moderation import actions as moderation
from debates.notifications import following
from debates.participation.posting import post_comment
from tests.builders import subscribe

THREAD_URL = "/debates/us-troops-in-south-korea/"
FOLLOW_URL = f"{THREAD_URL}follow/"


SETTLED = datetime.timedelta(minutes=1)


def in_a_minute():
    return timezone.now() + datetime.timedelta(minutes=1)


def tomorrow():
    return timezone.now() + datetime.timedelta(days=1)


@pytest.fixture
def follower(make_reader):
    user = make_reader(name="Ji-woo", place="Busan", username="jiwoo")
    subscribe(user.author, "jiwoo@example.org", on_reply=False, on_decision=False)
    return user


@pytest.fixture
def poster(make_reader):
    return make_reader(name="Sam", place="Leeds", username="sam")


def told(send, now):
    """Run a follow task as a worker would: the emails it queues are sent once
    its transactions commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return send(now)


def follows(user, debate, emails):
    return following.follow_debate(author=user.author, debate=debate, emails=emails)


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


# The button on the debate page.


def test_a_signed_out_reader_is_offered_to_sign_in_to_follow(thread, client):
    page = client.get(THREAD_URL).content.decode()
    assert "Follow this debate" in page
    assert "Sign in</a> to follow this debate by email." in page
    assert f'action="{FOLLOW_URL}"' not in page


def test_a_reader_follows_changes_how_and_stops_from_the_debate_page(thread, follower):
    browser = signed_in(follower)
    page = browser.get(THREAD_URL).content.decode()
    assert f'<form method="post" action="{FOLLOW_URL}"' in page
    assert "An email for every new comment" in page

    response = browser.post(FOLLOW_URL, {"emails": "every"}, follow=True)
    assert response.redirect_chain == [(f"{THREAD_URL}#follow-heading", 302)]
    page = response.content.decode()
    assert "You follow “US troop cuts in South Korea: do you agree?”: an email" in page
    assert (
        "You follow this debate: <strong>an email for every new comment</strong>"
        in page
    )
    assert Follow.objects.get().emails == Follow.Emails.EVERY

    browser.post(FOLLOW_URL, {"emails": "daily"})
    assert Follow.objects.get().emails == Follow.Emails.DAILY
    page = browser.get(THREAD_URL).content.decode()
    assert "<strong>a daily digest of new comments</strong>" in page
    assert '<option value="none">No emails: stop following</option>' in page

    page = browser.post(FOLLOW_URL, {"emails": "none"}, follow=True)
    assert "You no longer follow" in page.content.decode()
    assert not Follow.objects.exists()


def test_following_refuses_a_choice_it_does_not_offer(thread, follower):
    page = signed_in(follower).post(FOLLOW_URL, {"emails": "hourly"}, follow=True)
    assert "Choose how to follow: an email for every new comment, or a daily" in (
        page.content.decode()
    )
    assert not Follow.objects.exists()


def test_following_needs_a_signed_in_reader_and_a_post(thread, client, follower):
    response = client.post(FOLLOW_URL, {"emails": "every"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert signed_in(follower).get(FOLLOW_URL).status_code == 405
    assert not Follow.objects.exists()


def test_a_reader_without_a_confirmed_address_is_told_emails_need_one(
    thread, make_reader
):
    user = make_reader(name="No", place="Address")
    page = signed_in(user).post(FOLLOW_URL, {"emails": "every"}, follow=True)
    assert "Emails go only to a confirmed address" in page.content.decode()


def test_following_costs_a_fixed_number_of_queries(
    thread, follower, django_assert_num_queries
):
    browser = signed_in(follower)
    browser.get(THREAD_URL)
    # Session (read through Redis when configured), user with author, the debate,
    # and the follow's lookup and insert in the write's transaction and
    # get_or_create's savepoint.
    with django_assert_num_queries(8 if settings.REDIS_URL else 9):
        browser.post(FOLLOW_URL, {"emails": "every"})


# An email for every comment.


def test_a_follower_is_emailed_each_new_published_comment_once(
    thread, follower, poster, mailoutbox
):
    follows(follower, thread, Follow.Emails.EVERY)
    comment = post_comment(debate=thread, author=poster.author, body="Bring them home.")
    assert told(following.send_comment_emails, in_a_minute()) == 1
    (email,) = mailoutbox
    assert email.to == ["jiwoo@example.org"]
    assert email.subject == (
        "New comment on “US troop cuts in South Korea: do you agree?”"
    )
    assert "Sam, Leeds commented on" in email.body
    assert "> Bring them home." in email.body
    assert f"/comments/{comment.pk}/" in email.body
    assert "Stop following this debate: " in email.body
    assert told(following.send_comment_emails, in_a_minute()) == 0
    assert len(mailoutbox) == 1


def test_followers_are_not_told_of_their_own_older_or_unpublished_comments(
    thread, follower, poster, mailoutbox, moderator
):
    post_comment(debate=thread, author=poster.author, body="Before following.")
    Comment.objects.update(posted_at=timezone.now() - datetime.timedelta(hours=1))
    follows(follower, thread, Follow.Emails.EVERY)
    post_comment(debate=thread, author=follower.author, body="My own.")
    removed = post_comment(debate=thread, author=poster.author, body="Removed soon.")
    moderation.remove_comment(comment=removed, by=moderator, rule=None)
    assert told(following.send_comment_emails, in_a_minute()) == 0
    assert mailoutbox == []


def test_a_comment_held_for_review_is_told_once_a_moderator_approves_it(
    thread, follower, poster, moderator, mailoutbox
):
    moderation.set_moderation_mode(debate=thread, by=moderator, mode=ModerationMode.PRE)
    follows(follower, thread, Follow.Emails.EVERY)
    waiting = post_comment(debate=thread, author=poster.author, body="Reviewed.")
    assert told(following.send_comment_emails, in_a_minute()) == 0
    moderation.approve_comment(comment=waiting, by=moderator)
    assert told(following.send_comment_emails, in_a_minute()) == 1
    assert "> Reviewed." in mailoutbox[-1].body


def test_a_comment_of_the_last_half_minute_waits_for_the_next_run(
    thread, follower, poster, mailoutbox
):
    follows(follower, thread, Follow.Emails.EVERY)
    post_comment(debate=thread, author=poster.author, body="Just now.")
    assert told(following.send_comment_emails, timezone.now()) == 0
    assert told(following.send_comment_emails, in_a_minute()) == 1


def test_followers_are_told_when_a_moderator_closes_and_reopens_the_debate(
    thread, follower, moderator, mailoutbox
):
    follows(follower, thread, Follow.Emails.EVERY)
    moderation.close_debate(debate=thread, by=moderator, reason="Enough for now.")
    assert told(following.send_comment_emails, in_a_minute()) == 1
    closed = mailoutbox[-1]
    assert closed.subject == "“US troop cuts in South Korea: do you agree?” was closed"
    assert "A moderator closed the debate to new comments.\nEnough for now." in (
        closed.body
    )
    moderation.open_debate(debate=thread, by=moderator)
    # Reopened after that email went out (the clock runs in steps here).
    later = timezone.now() + datetime.timedelta(minutes=2)
    ModerationAction.objects.filter(verb=ModerationVerb.OPEN).update(created_at=later)
    assert told(following.send_comment_emails, later + SETTLED) == 1
    assert mailoutbox[-1].subject.endswith("was reopened")


# Closing on schedule.


def test_a_scheduled_closing_is_recorded_once_by_the_forum_and_told(
    thread, follower, moderator, mailoutbox
):
    follows(follower, thread, Follow.Emails.EVERY)
    moderation.schedule_close(debate=thread, by=moderator, closes_at=in_a_minute())
    assert moderation.record_scheduled_closings() == 0
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert moderation.record_scheduled_closings(later) == 1
    assert moderation.record_scheduled_closings(later) == 0
    (line,) = ModerationAction.objects.filter(verb=ModerationVerb.CLOSE_ON_SCHEDULE)
    assert line.moderator is None
    assert str(line).startswith("Closed on schedule by the forum")
    assert line.note == "Closed on schedule"
    assert line.detail.startswith("scheduled for ")
    assert (
        told(following.send_comment_emails, later + datetime.timedelta(minutes=1)) == 1
    )
    assert "The debate closed to new comments, as scheduled." in mailoutbox[-1].body


def test_a_recorded_scheduled_closing_shows_once_in_the_timeline(
    thread, moderator, client
):
    moderation.schedule_close(debate=thread, by=moderator, closes_at=in_a_minute())
    thread.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    thread.save(update_fields=["closes_at"])
    # The timeline is on the page twice: folded for a phone, beside for a desk.
    page = client.get(THREAD_URL).content.decode()
    assert page.count("Closed, as scheduled") == 2
    assert moderation.record_scheduled_closings() == 1
    page = client.get(THREAD_URL).content.decode()
    assert page.count("Closed, as scheduled") == 2


# The daily digest.


def test_a_digest_lists_the_days_published_comments_of_each_followed_debate(
    thread, make_debate, follower, poster, moderator, mailoutbox
):
    other = make_debate(title="Another question")
    follows(follower, thread, Follow.Emails.DAILY)
    follows(follower, other, Follow.Emails.DAILY)
    post_comment(debate=thread, author=poster.author, body="First thought.")
    post_comment(debate=other, author=poster.author, body="Elsewhere too.")
    removed = post_comment(debate=thread, author=poster.author, body="Rude words.")
    moderation.remove_comment(comment=removed, by=moderator, rule=None)
    moderation.set_moderation_mode(debate=other, by=moderator, mode=ModerationMode.PRE)
    post_comment(debate=other, author=poster.author, body="Awaiting review.")
    moderation.close_debate(debate=other, by=moderator)

    assert told(following.send_digests, in_a_minute()) == 1
    (digest,) = mailoutbox
    assert digest.subject == "Today in the debates you follow: 2 new comments"
    body = digest.body
    assert "“Another question”" in body
    assert "“US troop cuts in South Korea: do you agree?”" in body
    assert "> First thought." in body
    assert "> Elsewhere too." in body
    assert "Rude words" not in body
    assert "Awaiting review" not in body
    assert "A moderator closed the debate to new comments." in body
    assert body.count("Stop following “") == 2
    assert "Stop following every debate: " in body
    assert digest.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_a_reader_gets_at_most_one_digest_a_day(thread, follower, poster, mailoutbox):
    follows(follower, thread, Follow.Emails.DAILY)
    post_comment(debate=thread, author=poster.author, body="Morning.")
    assert told(following.send_digests, in_a_minute()) == 1
    evening = post_comment(debate=thread, author=poster.author, body="Evening.")
    assert told(following.send_digests, in_a_minute()) == 0
    # It was posted later in the day than the first digest went out.
    evening.posted_at = timezone.now() + datetime.timedelta(hours=2)
    evening.save(update_fields=["posted_at"])
    assert len(mailoutbox) == 1
    assert told(following.send_digests, tomorrow()) == 1
    assert "> Evening." in mailoutbox[-1].body
    assert "Morning" not in mailoutbox[-1].body


def test_nothing_new_sends_no_digest(thread, follower, mailoutbox):
    follows(follower, thread, Follow.Emails.DAILY)
    assert told(following.send_digests, tomorrow()) == 0
    assert mailoutbox == []


def test_a_follower_without_a_confirmed_address_is_sent_nothing(
    thread, make_reader, poster, mailoutbox
):
    unconfirmed = make_reader(name="Un", place="Confirmed")
    follows(unconfirmed, thread, Follow.Emails.EVERY)
    post_comment(debate=thread, author=poster.author, body="Hello?")
    assert told(following.send_comment_emails, in_a_minute()) == 0
    assert mailoutbox == []


# One click stops it.


def one_click(email):
    header = email.extra_headers["List-Unsubscribe"]
    return urlsplit(header[1:-1]).path


def test_one_click_in_a_comment_email_stops_following_that_debate_only(
    thread, make_debate, follower, poster, mailoutbox
):
    other = make_debate(title="Another question")
    follows(follower, thread, Follow.Emails.EVERY)
    follows(follower, other, Follow.Emails.EVERY)
    post_comment(debate=thread, author=poster.author, body="Hi.")
    told(following.send_comment_emails, in_a_minute())
    (email,) = mailoutbox
    asked = Client().get(one_click(email)).content.decode()
    assert "Stop sending emails about “US troop cuts in South Korea" in asked
    assert Follow.objects.count() == 2
    done = Client().post(one_click(email), {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert list(Follow.objects.values_list("debate__title", flat=True)) == [
        "Another question"
    ]


def test_one_click_in_a_digest_stops_every_follow_and_nothing_else(
    thread, follower, poster, mailoutbox
):
    subscribe(follower.author, "jiwoo@example.org", on_reply=True, on_decision=True)
    follows(follower, thread, Follow.Emails.DAILY)
    post_comment(debate=thread, author=poster.author, body="Hi.")
    told(following.send_digests, in_a_minute())
    (digest,) = mailoutbox
    page = Client().post(one_click(digest)).content.decode()
    assert "will no longer get emails about the debates you follow" in page
    assert not Follow.objects.exists()
    follower.author.refresh_from_db()
    assert follower.author.notify_on_reply and follower.author.notify_on_decision


@pytest.mark.parametrize(
    "send", [following.send_comment_emails, following.send_digests]
)
def test_a_run_reads_the_debates_news_once_however_many_follow_it(
    thread, make_reader, poster, send
):
    emails = (
        Follow.Emails.EVERY
        if send is following.send_comment_emails
        else Follow.Emails.DAILY
    )
    for n in range(4):
        user = make_reader(name=f"Follower {n}", place="Leeds")
        subscribe(user.author, f"follower{n}@example.org")
        follows(user, thread, emails)
    post_comment(debate=thread, author=poster.author, body="News for all four.")
    with CaptureQueriesContext(connection) as queries:
        assert told(send, in_a_minute()) == 4
    reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT")
        and 'FROM "debates_comment"' in query["sql"]
    ]
    assert len(reads) == 1, reads
