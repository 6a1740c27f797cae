"""The rules that need no word list: links from new accounts, blocked sites,
repeated text and a poor record."""

import pytest
from django.test import Client

from debates.models import AutomaticFlag, Comment, LinkDomain, ModerationAction
from debates.models.choices import CommentStatus, ModerationVerb
from debates.participation.posting import post_comment
from tests.builders import THREAD_SLUG, make_debate, make_reader

THREAD_URL = f"/debates/{THREAD_SLUG}/"
POST_URL = f"{THREAD_URL}comments/"
LONG_TEXT = (
    "Buy cheap flights to Seoul today at the lowest prices anywhere on the web, "
    "limited offer for readers of this debate."
)


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def own_comment(user):
    return Comment.objects.filter(author=user.author).latest("posted_at")


# Links


def test_a_new_account_may_post_one_link(thread, reader, reader_client):
    reader_client.post(POST_URL, {"body": "See https://www.korea.net/ for more."})
    assert own_comment(reader).status == CommentStatus.PUBLISHED


def test_a_new_account_posting_more_links_is_held(thread, reader, reader_client):
    body = "See https://a.example.org/1 and www.b.example.com and c.example.net too."
    response = reader_client.post(POST_URL, {"body": body}, follow=True)
    comment = own_comment(reader)
    assert comment.status == CommentStatus.PENDING
    flag = AutomaticFlag.objects.get(comment=comment)
    assert flag.kind == "links"
    assert flag.reason.startswith("link limit: 3 links from a new account (at most 1")
    assert "Held for review by the forum" in response.content.decode()


def test_links_to_allowed_sites_do_not_count(thread, reader, reader_client):
    LinkDomain.objects.create(domain="korea.net", listing="allowed")
    body = "See https://www.korea.net/a and https://news.korea.net/b and https://x.org"
    reader_client.post(POST_URL, {"body": body})
    assert own_comment(reader).status == CommentStatus.PUBLISHED


def test_an_established_account_may_post_many_links(thread, settings):
    settings.FORUM_RULES_NEW_ACCOUNT_COMMENTS = 1
    user = make_reader()
    post_comment(debate=thread, author=user.author, body="My first view.")
    body = "https://a.example.org https://b.example.org https://c.example.org"
    signed_in(user).post(POST_URL, {"body": body})
    assert own_comment(user).status == CommentStatus.PUBLISHED


def test_a_link_to_a_blocked_site_is_refused_by_name(thread, reader_client):
    LinkDomain.objects.create(domain="spam.example", listing="blocked")
    response = reader_client.post(
        POST_URL, {"body": "Cheap at http://shop.spam.example/deal now"}
    )
    assert response.status_code == 403
    assert "links to spam.example" in response.content.decode()
    assert ModerationAction.objects.filter(verb=ModerationVerb.RULE_REFUSE).exists()


# Repeated text


def test_the_same_text_in_another_debate_is_held(thread, reader, reader_client):
    other = make_debate()
    post_comment(debate=other, author=reader.author, body=LONG_TEXT)
    reader_client.post(POST_URL, {"body": LONG_TEXT.upper() + "!!"})
    comment = own_comment(reader)
    assert comment.debate == thread
    assert comment.status == CommentStatus.PENDING
    flag = AutomaticFlag.objects.get(comment=comment)
    assert flag.kind == "repeat"
    assert f"by the same poster in “{other.title}”" in flag.reason


def test_nearly_the_same_text_from_another_new_account_is_held(thread, reader):
    other = make_debate()
    spammer = make_reader(name="Spammer", place="Nowhere")
    post_comment(debate=other, author=spammer.author, body=LONG_TEXT)
    nearly = LONG_TEXT.replace("cheap", "cheapest").replace("today", "now")
    comment = post_comment(debate=thread, author=reader.author, body=nearly)
    assert comment.status == CommentStatus.PENDING
    assert "by another new account" in comment.automatic_flags.get().reason


def test_different_texts_and_short_agreements_are_not_repeats(thread, reader):
    other = make_debate()
    post_comment(debate=other, author=reader.author, body="Agreed, well put.")
    post_comment(debate=other, author=reader.author, body=LONG_TEXT)
    short = post_comment(debate=thread, author=reader.author, body="Agreed, well put.")
    different = post_comment(
        debate=thread,
        author=reader.author,
        body="The withdrawal of 12,500 troops leaves the 2nd Infantry Division "
        "thinner along the DMZ than at any time since 1953.",
    )
    assert short.status == different.status == CommentStatus.PUBLISHED


def test_text_repeated_after_the_window_is_not_held(thread, reader, settings):
    from django.utils import timezone

    other = make_debate()
    earlier = post_comment(debate=other, author=reader.author, body=LONG_TEXT)
    Comment.objects.filter(pk=earlier.pk).update(
        posted_at=timezone.now() - timezone.timedelta(hours=25)
    )
    again = post_comment(debate=thread, author=reader.author, body=LONG_TEXT)
    assert again.status == CommentStatus.PUBLISHED


# Record


@pytest.fixture
def poor_record(thread, reader, moderator, rule):
    """A reader whose two comments of three were rejected."""
    from debates.moderation import actions as moderation

    thread.moderation_mode = "pre"
    thread.save()
    comments = [
        post_comment(debate=thread, author=reader.author, body=f"View number {n}.")
        for n in range(3)
    ]
    moderation.reject_comment(comment=comments[0], by=moderator, rule=rule)
    moderation.reject_comment(comment=comments[1], by=moderator, rule=rule)
    moderation.approve_comment(comment=comments[2], by=moderator)
    thread.moderation_mode = "reactive"
    thread.save()
    return reader


def test_a_poster_with_many_rejections_is_premoderated(
    poor_record, thread, reader_client
):
    # Two of three rejected: under the four comments the rule needs.
    reader_client.post(POST_URL, {"body": "My fourth view."})
    assert own_comment(poor_record).status == CommentStatus.PUBLISHED
    reader_client.post(POST_URL, {"body": "My fifth view."})
    held = own_comment(poor_record)
    assert held.status == CommentStatus.PENDING
    assert held.automatic_flags.get().kind == "record"


def test_a_moderator_clears_the_record_and_comments_appear_again(
    poor_record, thread, reader_client, moderator_client
):
    reader_client.post(POST_URL, {"body": "My fourth view."})
    reader_client.post(POST_URL, {"body": "My fifth view."})
    held = own_comment(poor_record)
    detail = moderator_client.get(f"/moderation/comments/{held.pk}/").content.decode()
    assert "Clear the poster's record" in detail
    moderator_client.post(
        f"/moderation/authors/{poor_record.author.pk}/clear-record/",
        {"next": f"/moderation/comments/{held.pk}/"},
    )
    assert ModerationAction.objects.filter(
        verb=ModerationVerb.CLEAR_RECORD, author=poor_record.author
    ).exists()
    reader_client.post(POST_URL, {"body": "My sixth view."})
    assert own_comment(poor_record).status == CommentStatus.PUBLISHED


def test_readers_cannot_clear_a_record(poor_record, reader_client):
    response = reader_client.post(
        f"/moderation/authors/{poor_record.author.pk}/clear-record/"
    )
    assert response.status_code == 403
