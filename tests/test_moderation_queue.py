"""Moderators work the queue: pre-moderation, reports, decisions and their reasons."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from debates.models import Comment, Debate, ModerationAction, Report
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"


def decide_url(comment, verb):
    return reverse("moderation:decide", kwargs={"pk": comment.pk, "verb": verb})


def test_premoderated_comment_waits_and_only_its_author_sees_it(
    premoderated, reader_client, client
):
    response = reader_client.post(THREAD_URL + "comments/", {"body": "Hold me"})
    assert response.status_code == 302
    assert response["Location"].endswith("#your-comments")
    comment = Comment.objects.get(body="Hold me")
    assert comment.status == Comment.Status.PENDING
    own_page = reader_client.get(THREAD_URL).content.decode()
    assert "your comment is awaiting review" in own_page
    assert "Your unpublished comments" in own_page
    assert "Hold me" in own_page
    assert "40 comments" in own_page
    other_page = client.get(THREAD_URL).content.decode()
    assert "Hold me" not in other_page
    assert "40 comments" in other_page


def test_moderator_approves_from_the_queue_and_it_appears(
    premoderated, reader, moderator_client, moderator, client
):
    comment = post_comment(debate=premoderated, author=reader.author, body="Let me in")
    queue = moderator_client.get("/moderation/").content.decode()
    assert "Let me in" in queue
    assert "Awaiting review" in queue
    response = moderator_client.post(
        decide_url(comment, "approve"), {"note": "", "next": "/moderation/"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert "Let me in" in client.get(THREAD_URL).content.decode()
    action = ModerationAction.objects.get(comment=comment)
    assert (action.verb, action.moderator) == ("approve", moderator)


def test_rejection_needs_a_rule_and_the_author_sees_why(
    premoderated, reader, reader_client, moderator_client, rule
):
    comment = post_comment(debate=premoderated, author=reader.author, body="Rude words")
    response = moderator_client.post(decide_url(comment, "reject"), {"note": "x"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert (
        "Choose the house rule the comment breaks."
        in moderator_client.get(response["Location"]).content.decode()
    )
    moderator_client.post(
        decide_url(comment, "reject"), {"rule": rule.pk, "note": "Mind your tone."}
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    page = reader_client.get(THREAD_URL).content.decode()
    assert "Rejected" in page
    assert "Reason: Rule 1: Be civil. Mind your tone." in page
    author_page = reader_client.get(reader.author.get_absolute_url()).content.decode()
    assert "Rude words" in author_page
    assert "Rule 1: Be civil" in author_page


def test_removed_comment_leaves_a_placeholder_and_can_be_restored(
    thread, moderator_client, client, rule
):
    comment = thread.comments.get(position=3)
    moderator_client.post(decide_url(comment, "remove"), {"rule": rule.pk})
    page = client.get(THREAD_URL).content.decode()
    assert "I think people are getting carried away" not in page
    assert "Removed by a moderator: rule 1 (Be civil)." in page
    assert "39 comments" in page
    comment.refresh_from_db()
    assert comment.body.startswith("I think people are getting carried away")
    moderator_client.post(decide_url(comment, "restore"), {})
    assert (
        "I think people are getting carried away"
        in client.get(THREAD_URL).content.decode()
    )


def test_reports_hold_a_comment_at_the_limit_until_a_moderator_decides(
    thread, make_reader, settings, client, moderator_client
):
    settings.FORUM_REPORTS_TO_HOLD = 2
    comment = thread.comments.get(position=16)
    url = f"{THREAD_URL}comments/{comment.pk}/report/"
    for name in ["First", "Second"]:
        reporter = Client()
        reporter.force_login(make_reader(name=name))
        assert reporter.post(url, {"reason": "abuse"}).status_code == 302
        comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    page = client.get(THREAD_URL).content.decode()
    assert "Hidden while moderators review readers' reports." in page
    assert "Has the US forgotten" not in page
    queue = moderator_client.get("/moderation/").content.decode()
    assert "2 reports" in queue
    hold = ModerationAction.objects.get(comment=comment)
    assert hold.verb == "hold" and hold.moderator is None
    moderator_client.post(decide_url(comment, "approve"), {})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not comment.reports.unresolved().exists()
    assert "Has the US forgotten" in client.get(THREAD_URL).content.decode()


def test_a_reader_reports_a_comment_only_once(thread, reader_client):
    comment = thread.comments.get(position=1)
    url = f"{THREAD_URL}comments/{comment.pk}/report/"
    reader_client.post(url, {"reason": "spam"})
    response = reader_client.post(url, {"reason": "abuse"}, follow=True)
    assert "You have already reported this comment." in response.content.decode()
    assert Report.objects.filter(comment=comment).count() == 1


def test_a_report_needs_a_reason(thread, reader_client):
    comment = thread.comments.get(position=1)
    url = f"{THREAD_URL}comments/{comment.pk}/report/"
    response = reader_client.post(url, {"reason": "because"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_needs_signing_in(thread, client):
    comment = thread.comments.get(position=1)
    response = client.post(
        f"{THREAD_URL}comments/{comment.pk}/report/", {"reason": "spam"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Report.objects.exists()


def test_pick_needs_a_phrase_from_the_comment_and_is_listed(
    thread, moderator_client, client
):
    comment = thread.comments.get(position=3)
    url = reverse("moderation:pick", kwargs={"pk": comment.pk})
    response = moderator_client.post(url, {"quote": "Words nobody wrote"}, follow=True)
    assert "The pull-quote must be a phrase from the comment." in (
        response.content.decode()
    )
    moderator_client.post(url, {"quote": "the US is not leaving South Korea"})
    comment.refresh_from_db()
    assert comment.highlight == "the US is not leaving South Korea"
    picks = client.get(THREAD_URL + "picks/").content.decode()
    assert picks.count('class="pull-quote"') == 4
    assert "the US is not leaving South Korea" in picks
    moderator_client.post(url, {"unpick": "1"})
    picks = client.get(THREAD_URL + "picks/").content.decode()
    assert picks.count('class="pull-quote"') == 3
    verbs = ModerationAction.objects.filter(comment=comment).values_list(
        "verb", flat=True
    )
    assert sorted(verbs) == ["pick", "unpick"]


def test_scheduled_close_refuses_posts_after_its_time_without_any_job(
    thread, moderator, reader_client, client
):
    moderation.schedule_close(
        debate=thread,
        by=moderator,
        closes_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert "Closes on" in client.get(THREAD_URL).content.decode()
    # Time passes: the closing time is now behind us.
    Debate.objects.filter(pk=thread.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    thread.refresh_from_db()
    assert not thread.is_open
    page = client.get(THREAD_URL).content.decode()
    assert "<strong>Closed</strong> on schedule" in page
    signed_in = reader_client.get(THREAD_URL).content.decode()
    assert 'name="body"' not in signed_in
    response = reader_client.post(THREAD_URL + "comments/", {"body": "One second late"})
    assert response.status_code == 403
    assert "no longer accepts comments" in response.content.decode()
    assert not Comment.objects.filter(body="One second late").exists()


def test_scheduling_a_time_in_the_past_is_refused(thread, moderator_client):
    response = moderator_client.post(
        "/moderation/debates/us-troops-in-south-korea/schedule/",
        {"closes_at": "2004-06-30T12:00"},
        follow=True,
    )
    assert "Choose a closing time in the future" in response.content.decode()
    thread.refresh_from_db()
    assert thread.closes_at is None


def test_reopening_after_a_scheduled_close_clears_the_time(thread, moderator):
    Debate.objects.filter(pk=thread.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    thread.refresh_from_db()
    assert moderation.open_debate(debate=thread, by=moderator)
    thread.refresh_from_db()
    assert thread.is_open and thread.closes_at is None


def test_suspended_author_is_refused_with_the_reason(
    thread, reader, reader_client, moderator_client, rule
):
    moderator_client.post(
        f"/moderation/authors/{reader.author.pk}/suspend/",
        {"ends_at": "", "rule": rule.pk, "note": "Cool off."},
    )
    response = reader_client.post(THREAD_URL + "comments/", {"body": "Still here"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are suspended from posting until further notice." in page
    assert "Rule 1: Be civil" in page
    assert not Comment.objects.filter(body="Still here").exists()
    moderator_client.post(f"/moderation/authors/{reader.author.pk}/lift/")
    response = reader_client.post(THREAD_URL + "comments/", {"body": "Back again"})
    assert response.status_code == 302
    verbs = ModerationAction.objects.filter(author=reader.author).values_list(
        "verb", flat=True
    )
    assert set(verbs) == {"suspend", "lift"}


def test_suspension_with_an_end_date_ends(thread, reader, moderator, rule):
    suspension = moderation.suspend_author(
        author=reader.author,
        by=moderator,
        ends_at=timezone.now() + datetime.timedelta(days=1),
        rule=rule,
    )
    assert reader.author.suspensions.in_force().exists()
    later = suspension.ends_at + datetime.timedelta(seconds=1)
    assert not reader.author.suspensions.in_force(later).exists()


def test_moderation_mode_change_is_recorded(thread, moderator_client, moderator):
    moderator_client.post(
        "/moderation/debates/us-troops-in-south-korea/mode/", {"mode": "pre"}
    )
    thread.refresh_from_db()
    assert thread.is_premoderated
    assert ModerationAction.objects.get(verb="mode").moderator == moderator


def test_debate_staff_page_shows_every_action_in_the_audit_trail(
    thread, moderator_client, reader, rule
):
    moderator_client.post(
        "/moderation/debates/us-troops-in-south-korea/close/", {"reason": "Night"}
    )
    moderator_client.post(
        "/moderation/debates/us-troops-in-south-korea/open/", {"reason": "Morning"}
    )
    comment = thread.comments.get(position=5)
    moderator_client.post(decide_url(comment, "remove"), {"rule": rule.pk, "note": "n"})
    page = moderator_client.get(
        "/moderation/debates/us-troops-in-south-korea/"
    ).content.decode()
    for text in ["Closed", "Night", "Opened", "Morning", "Removed", "Rule 1: Be civil"]:
        assert text in page
    assert ModerationAction.objects.filter(debate=thread).count() == 3


def test_staff_navigation_shows_what_waits(premoderated, reader, moderator_client):
    post_comment(debate=premoderated, author=reader.author, body="one")
    post_comment(debate=premoderated, author=reader.author, body="two")
    page = moderator_client.get("/").content.decode()
    assert 'Queue <span class="badge text-bg-danger">2</span>' in page


def test_comments_pending_or_removed_never_leak_into_counts(
    premoderated, reader, client, moderator, rule
):
    post_comment(debate=premoderated, author=reader.author, body="secret")
    moderation.remove_comment(
        comment=premoderated.comments.get(position=1), by=moderator, rule=rule
    )
    assert "39 comments" in client.get("/").content.decode()
    assert "39 comments" in client.get(THREAD_URL).content.decode()
    author_page = client.get(reader.author.get_absolute_url()).content.decode()
    assert "secret" not in author_page
