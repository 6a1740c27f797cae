"""Notifications go only to an address its reader confirmed from a link sent to it."""

import base64
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from debates.models import Author
from debates.notifications.emails import (
    CONFIRM_SALT,
    CONFIRMATION_DAYS,
    confirmation_token,
)
from debates.participation.posting import post_comment

SETTINGS_URL = "/accounts/notifications/"


def choose_emails(browser, email, **choices):
    data = {"email": email, "notify_on_reply": "on"} | choices
    return browser.post(SETTINGS_URL, data, follow=True)


def link_in(email):
    """The path of the confirmation link in an email."""
    (link,) = re.findall(
        r"https?://\S+/accounts/notifications/confirm/\S+/", email.body
    )
    return urlsplit(link).path


def confirmed_address(author):
    author.refresh_from_db()
    author.user.refresh_from_db()
    return author.user.email if author.email_confirmed else None


@pytest.fixture
def reply_notifications(
    thread, make_reader, mailoutbox, django_capture_on_commit_callbacks
):
    """The notification emails a reply to a new comment by an author sends."""

    def emails(author):
        parent = post_comment(debate=thread, author=author, body="Any answers?")
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(
                debate=thread,
                author=make_reader(name="Answerer").author,
                body="Here is one.",
                parent=parent,
            )
        return mailoutbox[before:]

    return emails


def test_choosing_emails_sends_a_link_to_the_address_and_nothing_else(
    reader,
    reader_client,
    reply_notifications,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.FORUM_SITE_URL = "https://forum.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        page = choose_emails(reader_client, "reader@example.org").content.decode()
    assert "We sent a confirmation link to reader@example.org:" in page
    assert "Not confirmed yet." in page
    (email,) = mailoutbox
    assert email.to == ["reader@example.org"]
    assert email.subject == "Confirm your address for Revived Debates"
    assert "You asked Revived Debates to send notification emails" in email.body
    assert "If you did not ask for this, ignore this email" in email.body
    assert "https://forum.example.org/accounts/notifications/confirm/" in email.body
    assert confirmed_address(reader.author) is None
    assert reply_notifications(reader.author) == []


def test_the_link_asks_first_then_confirms_and_notifications_start(
    reader,
    reader_client,
    reply_notifications,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        choose_emails(reader_client, "reader@example.org")
    link = link_in(mailoutbox[0])
    stranger = Client()  # the link works from a mail program, signed out
    page = stranger.get(link).content.decode()
    assert "Send the notification emails New Reader, Seoul, South Korea chose" in page
    assert "Confirm this address" in page
    assert confirmed_address(reader.author) is None
    page = stranger.post(link).content.decode()
    assert "<strong>reader@example.org</strong> is confirmed." in page
    assert "when someone replies to their comments." in page
    assert confirmed_address(reader.author) == "reader@example.org"
    settings_page = reader_client.get(SETTINGS_URL).content.decode()
    assert "<strong>reader@example.org</strong> is confirmed." in settings_page
    (notification,) = reply_notifications(reader.author)
    assert notification.to == ["reader@example.org"]
    assert "Answerer" in notification.subject


def test_a_new_address_needs_confirming_again_and_old_links_stop_working(
    reader,
    reader_client,
    reply_notifications,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        choose_emails(reader_client, "old@example.org")
    old_link = link_in(mailoutbox[0])
    reader_client.post(old_link)
    with django_capture_on_commit_callbacks(execute=True):
        choose_emails(reader_client, "new@example.org")
    assert mailoutbox[-1].to == ["new@example.org"]
    assert confirmed_address(reader.author) is None
    response = reader_client.post(old_link)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link is for an address the account no longer uses." in page
    assert "Nothing has been changed." in page
    assert confirmed_address(reader.author) is None
    assert reply_notifications(reader.author) == []


def test_a_confirmed_address_sends_no_new_link_when_settings_change(
    reader, reader_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        choose_emails(reader_client, "reader@example.org")
    reader_client.post(link_in(mailoutbox[0]))
    with django_capture_on_commit_callbacks(execute=True):
        page = choose_emails(
            reader_client, "reader@example.org", notify_on_decision="on"
        ).content.decode()
    assert len(mailoutbox) == 1
    assert "We sent a confirmation link" not in page
    assert confirmed_address(reader.author) == "reader@example.org"


def test_an_address_without_emails_chosen_gets_no_link(
    reader_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reader_client.post(SETTINGS_URL, {"email": "quiet@example.org"})
    assert mailoutbox == []


def test_sign_up_with_emails_chosen_sends_the_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "username": "jiwoo",
                "name": "Ji-woo",
                "place": "Busan",
                "email": "jiwoo@example.org",
                "notify_on_decision": "on",
                "password1": "a long and unusual pass phrase",
                "password2": "a long and unusual pass phrase",
            },
            follow=True,
        )
    assert (
        "We sent a confirmation link to jiwoo@example.org:" in response.content.decode()
    )
    (email,) = mailoutbox
    assert email.to == ["jiwoo@example.org"]
    client.post(link_in(email))
    assert confirmed_address(Author.objects.get(name="Ji-woo")) == "jiwoo@example.org"


def token_made_days_ago(author, email, days, monkeypatch):
    """A link's token as ask_to_confirm would have made it `days` ago."""
    made_at = time.time() - days * 24 * 60 * 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: made_at)
        return confirmation_token(author, email)


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("forged", "This link was not made by the forum, or part of it is missing."),
        ("expired", f"This link is more than {CONFIRMATION_DAYS} days old."),
    ],
)
def test_a_link_that_cannot_confirm_says_why_and_changes_nothing(
    reader, reader_client, monkeypatch, token, problem
):
    reader_client.post(
        SETTINGS_URL, {"email": "r@example.org", "notify_on_reply": "on"}
    )
    if token == "forged":
        made = signing.dumps([reader.author.pk, "r@example.org"], salt="another")
    else:
        made = token_made_days_ago(
            reader.author, "r@example.org", CONFIRMATION_DAYS + 1, monkeypatch
        )
    for method in (Client().get, Client().post):
        response = method(f"/accounts/notifications/confirm/{made}/")
        assert response.status_code == 400
        assert problem in response.content.decode()
    assert confirmed_address(reader.author) is None


def test_a_link_still_fresh_confirms(reader, reader_client, monkeypatch):
    reader_client.post(
        SETTINGS_URL, {"email": "r@example.org", "notify_on_reply": "on"}
    )
    made = token_made_days_ago(
        reader.author, "r@example.org", CONFIRMATION_DAYS - 1, monkeypatch
    )
    assert Client().post(f"/accounts/notifications/confirm/{made}/").status_code == 200
    assert confirmed_address(reader.author) == "r@example.org"


def test_links_to_one_address_are_limited(
    settings, reader_client, mailoutbox, django_capture_on_commit_callbacks
):
    settings.FORUM_RATE_LIMITS = settings.FORUM_RATE_LIMITS | {"confirm": (2, 10, 3600)}
    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            pages.append(choose_emails(reader_client, "victim@example.org"))
    assert len(mailoutbox) == 2
    last = pages[-1].content.decode()
    assert "Your notification settings are saved." in last
    assert (
        "Several confirmation links have gone to victim@example.org in the last hour"
        in last
    )


def test_the_address_cannot_be_read_from_the_link(
    reader_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reader_client.post(
            SETTINGS_URL, {"email": "ri.sol@example.org", "notify_on_reply": "on"}
        )
    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[-1]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"ri.sol" not in decoded
    assert b"example.org" not in decoded


def test_a_link_sent_before_addresses_were_digested_still_confirms(
    reader, reader_client
):
    reader_client.post(
        SETTINGS_URL, {"email": "r@example.org", "notify_on_reply": "on"}
    )
    earlier = signing.dumps([reader.author.pk, "r@example.org"], salt=CONFIRM_SALT)
    Client().post(f"/accounts/notifications/confirm/{earlier}/")
    assert confirmed_address(Author.objects.get(pk=reader.author.pk)) == (
        "r@example.org"
    )
