"""Readers learn what will happen to a comment before they write it: a suspended
poster sees the suspension in the form's place, and a pre-moderated debate says
that comments are reviewed first."""

import datetime

import pytest
from django.utils import timezone

from debates.models import Comment
from debates.models.choices import ModerationMode
from debates.moderation import actions as moderation

THREAD_URL = "/debates/us-troops-in-south-korea/"
REVIEWED = "Comments here are reviewed by a moderator before they appear."


def join_section(page):
    section = page[page.index('<section id="join"') :]
    return section[: section.index("</section>")]


def suspend(reader, moderator, rule, *, days=None, note=""):
    return moderation.suspend_author(
        author=reader.author,
        by=moderator,
        ends_at=timezone.now() + datetime.timedelta(days=days) if days else None,
        rule=rule,
        note=note,
    )


@pytest.mark.parametrize("whole_page", [False, True], ids=["filled in", "whole"])
def test_a_suspended_reader_sees_the_suspension_instead_of_the_form(
    thread, reader, reader_client, moderator, rule, whole_page
):
    if whole_page:
        # A reader with a message to read gets the page rendered whole, not filled
        # in: "Your comment is posted." waits to be read.
        reader_client.post(THREAD_URL + "comments/", {"body": "Before, in time."})
    suspension = suspend(reader, moderator, rule, days=3, note="Cool off.")
    section = join_section(reader_client.get(THREAD_URL).content.decode())
    assert "You are suspended from posting until" in section
    ends = timezone.localtime(suspension.ends_at)
    assert f"{ends.day} {ends:%B %Y}" in section
    assert "Reason: Rule 1: Be civil." in section
    assert "Cool off." in section
    assert 'name="body"' not in section
    assert "Post comment" not in section


def test_the_form_comes_back_once_the_suspension_is_lifted(
    thread, reader, reader_client, moderator, rule
):
    reader_client.get(THREAD_URL)
    suspend(reader, moderator, rule)
    assert "suspended" in join_section(reader_client.get(THREAD_URL).content.decode())
    moderation.lift_suspensions(author=reader.author, by=moderator)
    section = join_section(reader_client.get(THREAD_URL).content.decode())
    assert "suspended" not in section
    assert 'name="body"' in section


def test_another_readers_suspension_leaves_my_form_alone(
    thread, reader, make_reader, moderator, rule, client
):
    suspend(reader, moderator, rule)
    other = make_reader(name="Other")
    client.force_login(other)
    section = join_section(client.get(THREAD_URL).content.decode())
    assert 'name="body"' in section
    assert "suspended" not in section


def test_the_reply_page_shows_the_suspension_instead_of_the_form(
    thread, reader, reader_client, moderator, rule
):
    suspend(reader, moderator, rule)
    answered = thread.comments.get(position=1)
    page = reader_client.get(f"{THREAD_URL}comments/{answered.pk}/reply/").content
    page = page.decode()
    assert "You are suspended from posting until further notice." in page
    assert 'name="body"' not in page


def test_an_open_ended_suspension_outranks_a_shorter_one(
    thread, reader, moderator, rule
):
    suspend(reader, moderator, rule, days=1)
    suspend(reader, moderator, rule)
    assert reader.author.suspension_in_force().ends_at is None


def test_a_premoderated_debate_says_so_above_the_form(thread, reader_client, moderator):
    assert REVIEWED not in reader_client.get(THREAD_URL).content.decode()
    moderation.set_moderation_mode(debate=thread, by=moderator, mode=ModerationMode.PRE)
    section = join_section(reader_client.get(THREAD_URL).content.decode())
    assert section.index(REVIEWED) < section.index('name="body"')
    answered = thread.comments.get(position=1)
    reply_page = reader_client.get(f"{THREAD_URL}comments/{answered.pk}/reply/")
    assert REVIEWED in reply_page.content.decode()


def test_a_suspended_reader_who_posts_anyway_keeps_the_text(
    thread, reader, reader_client, moderator, rule
):
    suspend(reader, moderator, rule)
    response = reader_client.post(THREAD_URL + "comments/", {"body": "My words"})
    assert response.status_code == 403
    assert "My words" in response.content.decode()
    assert not Comment.objects.filter(body="My words").exists()
