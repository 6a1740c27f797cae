"""A comment sent after the reader's session ended is not lost: it waits for them
to sign in, and nobody is ever sent to an address that only takes POSTs."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from debates.models import Comment
from tests.builders import PASSWORD

THREAD_URL = "/debates/us-troops-in-south-korea/"
DRAFT_URL = THREAD_URL + "draft/"
SIGN_IN = "/accounts/login/"


def session_ends(browser):
    """The reader's session ends on the server (signed out in another tab, or
    expired), while this browser still holds its cookies and the open form."""
    Session.objects.all().delete()
    browser.cookies.pop("sessionid", None)


def sign_in_as(browser, user, next_url):
    return browser.post(
        f"{SIGN_IN}?next={next_url}",
        {"username": user.get_username(), "password": PASSWORD, "next": next_url},
    )


@pytest.fixture
def writer(reader):
    browser = Client()
    assert browser.login(username=reader.get_username(), password=PASSWORD)
    return browser


def test_a_comment_sent_signed_out_waits_for_the_reader_to_sign_in(
    thread, reader, writer
):
    writer.get(THREAD_URL)
    session_ends(writer)
    stance = thread.stances.get(key="against")
    response = writer.post(
        THREAD_URL + "comments/",
        {"body": "Words I spent an hour on.", "stance": stance.key},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={DRAFT_URL}"
    assert not Comment.objects.filter(body="Words I spent an hour on.").exists()
    page = writer.get(response["Location"]).content.decode()
    assert "You were signed out, so your comment was not posted." in page
    signed_in = sign_in_as(writer, reader, DRAFT_URL)
    assert signed_in["Location"] == DRAFT_URL
    draft = writer.get(DRAFT_URL)
    assert draft.status_code == 200
    page = draft.content.decode()
    assert "Your comment, ready to send" in page
    assert "Words I spent an hour on.</textarea>" in page
    assert re.search(rf'<input[^>]*value="{stance.key}"[^>]*checked>', page)
    posted = writer.post(
        THREAD_URL + "comments/",
        {"body": "Words I spent an hour on.", "stance": stance.key},
    )
    comment = Comment.objects.get(body="Words I spent an hour on.")
    assert posted["Location"] == comment.get_absolute_url()
    assert comment.stance == stance
    # Posted, the draft is gone: its page leads back to the debate.
    assert writer.get(DRAFT_URL)["Location"] == THREAD_URL


def test_a_reply_sent_signed_out_comes_back_as_that_reply(thread, reader, writer):
    answered = thread.comments.get(position=3)
    passage = "There will still be 24,500 American troops left in Korea"
    session_ends(writer)
    writer.post(
        f"{THREAD_URL}comments/{answered.pk}/reply/",
        {"body": "Kept reply.", "quote": passage},
    )
    sign_in_as(writer, reader, DRAFT_URL)
    page = writer.get(DRAFT_URL).content.decode()
    assert "Your reply, ready to send" in page
    assert "Kept reply.</textarea>" in page
    assert f"{passage}</textarea>" in page
    assert f'action="{THREAD_URL}comments/{answered.pk}/reply/"' in page
    assert answered.author.signature in page


def test_a_reply_whose_comment_went_comes_back_as_a_comment(thread, reader, writer):
    answered = thread.comments.get(position=3)
    session_ends(writer)
    writer.post(f"{THREAD_URL}comments/{answered.pk}/reply/", {"body": "Orphan."})
    Comment.objects.filter(pk=answered.pk).update(status=Comment.Status.REMOVED)
    sign_in_as(writer, reader, DRAFT_URL)
    page = writer.get(DRAFT_URL).content.decode()
    assert "can no longer be answered" in page
    assert "Orphan.</textarea>" in page
    assert f'action="{THREAD_URL}comments/"' in page


def test_a_draft_is_kept_only_for_its_own_debate(thread, reader, writer, make_debate):
    other = make_debate()
    session_ends(writer)
    writer.post(THREAD_URL + "comments/", {"body": "For the troops debate."})
    sign_in_as(writer, reader, DRAFT_URL)
    assert writer.get(f"/debates/{other.slug}/draft/")["Location"] == (
        other.get_absolute_url()
    )


@pytest.mark.parametrize("action", ["recommend", "delete"])
def test_signing_in_after_a_post_only_form_leads_to_the_comment(thread, reader, action):
    comment = thread.comments.get(position=1)
    browser = Client()
    response = browser.post(f"{THREAD_URL}comments/{comment.pk}/{action}/")
    assert response.status_code == 302
    next_url = response["Location"].split("next=")[1].replace("%2F", "/")
    assert next_url == f"{THREAD_URL}comments/{comment.pk}/"
    assert browser.login(username=reader.get_username(), password=PASSWORD)
    assert browser.get(next_url).status_code in (200, 302)
    assert browser.get(next_url, follow=True).status_code == 200


def test_a_form_that_fails_its_csrf_check_keeps_the_text(thread, reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post(THREAD_URL + "comments/", {"body": "Mind <this> text"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be checked" in page
    assert "Mind &lt;this&gt; text</textarea>" in page
