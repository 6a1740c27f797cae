"""Moderators open and close debates from the site; nobody else can."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client

from debates.models import Comment, Debate
from debates.roles import MODERATORS_GROUP

THREAD_URL = "/debates/us-troops-in-south-korea/"
CLOSE_URL = "/moderation/debates/us-troops-in-south-korea/close/"
OPEN_URL = "/moderation/debates/us-troops-in-south-korea/open/"


def test_moderator_sees_the_close_form(moderator_client, thread):
    page = moderator_client.get(THREAD_URL).content.decode()
    assert f'action="{CLOSE_URL}"' in page
    assert "Close this debate" in page


def test_reader_does_not_see_the_close_form(reader_client, thread):
    page = reader_client.get(THREAD_URL).content.decode()
    assert CLOSE_URL not in page


def test_moderator_closes_with_a_reason_and_readers_see_who_and_why(
    moderator_client, moderator, thread, client
):
    response = moderator_client.post(CLOSE_URL, {"reason": "The debate has run."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.state == Debate.State.CLOSED
    assert thread.state_changed_by == moderator
    assert thread.state_reason == "The debate has run."
    assert thread.state_changed_at is not None
    page = client.get(THREAD_URL).content.decode()
    assert "<strong>Closed</strong> by Mo Derator on" in page
    assert "Reason: The debate has run." in page
    assert 'name="body"' not in page


def test_posting_fails_cleanly_after_a_moderator_closes(
    moderator_client, thread, make_reader, client
):
    moderator_client.post(CLOSE_URL, {"reason": ""})
    client.force_login(make_reader(name="Late Comer"))
    response = client.post(THREAD_URL + "comments/", {"body": "Too late?"})
    assert response.status_code == 403
    assert "no longer accepts comments" in response.content.decode()
    assert Comment.objects.count() == 40


def test_moderator_reopens_a_closed_debate(moderator_client, thread):
    moderator_client.post(CLOSE_URL, {"reason": ""})
    response = moderator_client.post(OPEN_URL, {"reason": "New developments"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_open
    assert thread.state_reason == "New developments"


def test_closing_a_closed_debate_changes_nothing_and_says_so(moderator_client, thread):
    moderator_client.post(CLOSE_URL, {"reason": "first"})
    response = moderator_client.post(CLOSE_URL, {"reason": "second"}, follow=True)
    assert "The debate was already closed." in response.content.decode()
    thread.refresh_from_db()
    assert thread.state_reason == "first"


def test_over_long_reason_is_refused_with_a_message(moderator_client, thread):
    response = moderator_client.post(CLOSE_URL, {"reason": "x" * 501}, follow=True)
    assert "at most 500 characters" in response.content.decode()
    thread.refresh_from_db()
    assert thread.is_open


@pytest.mark.parametrize("url", [CLOSE_URL, OPEN_URL])
def test_readers_get_403_and_nothing_changes(reader_client, thread, url):
    thread.set_state(Debate.State.CLOSED, by=None, reason="kept")
    response = reader_client.post(url, {"reason": "hijack"})
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.state_reason == "kept"


@pytest.mark.parametrize("url", [CLOSE_URL, OPEN_URL])
def test_anonymous_visitors_get_403(client, thread, url):
    assert client.post(url).status_code == 403
    thread.refresh_from_db()
    assert thread.is_open


def test_staff_without_the_permission_get_403(client, thread, make_reader):
    staff = make_reader(name="Staff Only")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.post(CLOSE_URL).status_code == 403


@pytest.mark.parametrize("url", [CLOSE_URL, OPEN_URL])
def test_state_changes_refuse_get(moderator_client, thread, url):
    assert moderator_client.get(url).status_code == 405


def test_close_without_csrf_token_is_refused(moderator, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(CLOSE_URL).status_code == 403
    thread.refresh_from_db()
    assert thread.is_open


def test_makemoderator_gives_staff_and_the_group_but_not_superuser(
    make_reader, thread, client
):
    user = make_reader(username="editor")
    call_command("makemoderator", "editor", stdout=StringIO())
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=MODERATORS_GROUP).exists()
    client.force_login(user)
    assert client.post(CLOSE_URL).status_code == 302


def test_makemoderator_names_an_unknown_account(db):
    with pytest.raises(CommandError, match="No account is called “ghost”"):
        call_command("makemoderator", "ghost")


def test_moderators_group_holds_only_what_moderators_need(db):
    codenames = set(
        Group.objects.get(name=MODERATORS_GROUP).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {
        "open_close_debate",
        "moderate_comment",
        "suspend_author",
        "view_moderationaction",
        "view_report",
    } <= codenames
    assert (
        not {
            "delete_comment",
            "delete_debate",
            "add_user",
            "change_user",
            "change_moderationaction",
            "hide_comment",
        }
        & codenames
    )
