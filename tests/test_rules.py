"""Each rule has one home, and what a page offers is what that rule allows.

The page shows Edit, a decision or a recommend button because the model's rule says
so, and the write function refuses with the same rule: the two cannot disagree.
"""

import datetime
import re

import pytest
from django.utils import timezone

from debates.models import Comment, Debate
from debates.models.choices import CommentStatus, ModerationMode, ModerationVerb
from debates.models.comment import DECISIONS_BY_STATUS
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"


def posted_minutes_ago(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        posted_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def edit_link(comment):
    return f'href="{THREAD_URL}comments/{comment.pk}/edit/"'


# The edit window


def test_a_waiting_comment_past_the_edit_window_shows_no_edit_link(
    premoderated, reader, reader_client
):
    comment = post_comment(debate=premoderated, author=reader.author, body="Waiting")
    assert comment.status == CommentStatus.PENDING
    posted_minutes_ago(comment, 16)
    page = reader_client.get(THREAD_URL).content.decode()
    assert "Waiting" in page
    assert edit_link(comment) not in page
    assert reader_client.get(
        f"{THREAD_URL}comments/{comment.pk}/edit/"
    ).status_code == (403)


def test_a_waiting_comment_within_the_edit_window_shows_edit_and_can_be_edited(
    premoderated, reader, reader_client
):
    comment = post_comment(debate=premoderated, author=reader.author, body="Waiting")
    page = reader_client.get(THREAD_URL).content.decode()
    assert edit_link(comment) in page
    assert reader_client.get(
        f"{THREAD_URL}comments/{comment.pk}/edit/"
    ).status_code == (200)


@pytest.mark.parametrize("minutes, editable", [(14, True), (16, False)])
def test_the_edit_link_and_the_edit_page_agree_on_both_sides_of_the_window(
    thread, reader, reader_client, minutes, editable
):
    comment = post_comment(debate=thread, author=reader.author, body="Mine")
    posted_minutes_ago(comment, minutes)
    comment.refresh_from_db()
    assert comment.is_editable_by(reader.author) is editable
    page = reader_client.get(THREAD_URL).content.decode()
    assert (edit_link(comment) in page) is editable
    edit_page = reader_client.get(f"{THREAD_URL}comments/{comment.pk}/edit/")
    assert edit_page.status_code == (200 if editable else 403)


# Quoting


@pytest.mark.parametrize(
    "passage, found",
    [
        ("", True),
        ("the US", True),
        ("the\n  US", True),
        ("US the", False),
    ],
)
def test_a_passage_is_found_in_a_comment_by_its_words_in_order(thread, passage, found):
    comment = Comment(body="I think the US\nshould stay.")
    assert comment.contains_passage(passage) is found


def test_a_pull_quote_and_a_reply_quote_meet_the_same_rule(
    thread, moderator, reader_client
):
    comment = thread.comments.get(position=1)
    words = " ".join(comment.body.split()[:4])
    moderation.pick_comment(comment=comment, by=moderator, quote=words)
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/reply/",
        {"body": "A reply.", "quote": words},
    )
    assert response.status_code == 302
    with pytest.raises(moderation.ModerationError):
        moderation.pick_comment(comment=comment, by=moderator, quote="not in it")
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/reply/",
        {"body": "A reply.", "quote": "not in it"},
    )
    assert "must come from the comment you reply to" in response.content.decode()


# Moderators' decisions


def comment_in(thread, status, reader):
    comment = post_comment(debate=thread, author=reader.author, body="Judge me")
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    return comment


def offered_decisions(moderator_client, comment):
    page = moderator_client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    offered = set(re.findall(rf"/moderation/comments/{comment.pk}/(\w+)/", page))
    return {verb for verb in offered if verb in ModerationVerb.values}


@pytest.mark.parametrize("status", list(CommentStatus))
def test_the_moderation_page_offers_exactly_the_decisions_the_status_allows(
    thread, reader, moderator_client, status
):
    comment = comment_in(thread, status, reader)
    assert offered_decisions(moderator_client, comment) == set(
        DECISIONS_BY_STATUS[status]
    )


@pytest.mark.parametrize("status", list(CommentStatus))
def test_every_decision_not_offered_is_refused_and_changes_nothing(
    thread, reader, moderator, rule, status
):
    comment = comment_in(thread, status, reader)
    refused = {
        ModerationVerb.APPROVE: lambda: moderation.approve_comment(
            comment=comment, by=moderator
        ),
        ModerationVerb.REJECT: lambda: moderation.reject_comment(
            comment=comment, by=moderator, rule=rule
        ),
        ModerationVerb.REMOVE: lambda: moderation.remove_comment(
            comment=comment, by=moderator, rule=rule
        ),
        ModerationVerb.RESTORE: lambda: moderation.restore_comment(
            comment=comment, by=moderator
        ),
        ModerationVerb.PICK: lambda: moderation.pick_comment(
            comment=comment, by=moderator, quote="Judge me"
        ),
    }
    for verb, decide in refused.items():
        if verb in DECISIONS_BY_STATUS[status]:
            continue
        with pytest.raises(moderation.ModerationError):
            decide()
        comment.refresh_from_db()
        assert comment.status == status


# Recommending


def recommend_controls(page, comment):
    """What the page offers for recommending `comment`: a form, a link or nothing."""
    start = page.index(f'id="{comment.anchor}"')
    end = page.index(f'id="recommends-{comment.pk}"', start)
    part = page[start:end]
    if f'action="{THREAD_URL}comments/{comment.pk}/recommend/"' in part:
        return "form"
    if "/accounts/login/?next=" in part[part.rfind("Permalink") :]:
        return "sign in"
    return None


def test_recommend_buttons_follow_the_recommending_rule(
    thread, reader, reader_client, client, moderator
):
    own = post_comment(debate=thread, author=reader.author, body="My own view")
    other = thread.comments.get(position=1)
    page = reader_client.get(THREAD_URL).content.decode()
    assert recommend_controls(page, other) == "form"
    assert recommend_controls(page, own) is None
    assert recommend_controls(client.get(THREAD_URL).content.decode(), other) == (
        "sign in"
    )
    moderation.close_debate(debate=thread, by=moderator)
    page = reader_client.get(THREAD_URL).content.decode()
    assert recommend_controls(page, other) is None


def test_recommend_button_urls_are_reversed_for_each_comment(thread, reader_client):
    page = reader_client.get(THREAD_URL).content.decode()
    for comment in thread.comments.all():
        assert f'action="{THREAD_URL}comments/{comment.pk}/recommend/"' in page, (
            comment.position
        )
        assert f'aria-describedby="recommends-{comment.pk}"' in page


# Pages readers see after a change on a moderator's page


def test_changing_the_moderation_mode_on_its_page_changes_the_warm_debate_page(
    thread, moderator_client, client
):
    note = "Comments appear once a moderator has read them."
    assert note not in client.get(THREAD_URL).content.decode()
    response = moderator_client.post(
        f"/moderation/debates/{thread.slug}/mode/", {"mode": ModerationMode.PRE}
    )
    assert response.status_code == 302
    assert Debate.objects.get(pk=thread.pk).is_premoderated
    assert note in client.get(THREAD_URL).content.decode()
