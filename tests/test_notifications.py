"""Readers choose emails about replies and moderators' decisions, and can stop them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from debates.models import Author

SETTINGS_URL = "/accounts/notifications/"


def preferences(author):
    author.refresh_from_db()
    author.user.refresh_from_db()
    return author.user.email, author.notify_on_reply, author.notify_on_decision


def test_settings_page_needs_a_signed_in_reader(client, db):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_settings_page_shows_the_readers_choices_and_saves_changes(
    reader, reader_client
):
    page = reader_client.get(SETTINGS_URL).content.decode()
    assert "Notification settings" in page
    assert "Email me when someone replies to my comments" in page
    response = reader_client.post(
        SETTINGS_URL,
        {"email": "reader@EXAMPLE.org", "notify_on_decision": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == SETTINGS_URL
    assert preferences(reader.author) == ("reader@example.org", False, True)
    page = reader_client.get(SETTINGS_URL).content.decode()
    assert "Your notification settings are saved." in page
    assert 'value="reader@example.org"' in page


def test_settings_page_turns_notifications_off_again(reader, reader_client):
    reader_client.post(
        SETTINGS_URL,
        {"email": "r@example.org", "notify_on_reply": "on", "notify_on_decision": "on"},
    )
    reader_client.post(SETTINGS_URL, {"email": "r@example.org"})
    assert preferences(reader.author) == ("r@example.org", False, False)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"notify_on_reply": "on"}, "Give an email address to send the notifications"),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": "a\x07b@example.org"}, "control character"),
    ],
)
def test_settings_page_refuses_choices_it_cannot_keep(
    reader, reader_client, data, error
):
    response = reader_client.post(SETTINGS_URL, data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert preferences(reader.author) == ("", False, False)


def test_settings_page_only_ever_changes_the_signed_in_readers_author(
    reader, make_reader
):
    other = make_reader(name="Someone Else")
    browser = Client()
    browser.force_login(other)
    browser.post(
        SETTINGS_URL,
        {
            "email": "else@example.org",
            "notify_on_reply": "on",
            "author": reader.author.pk,
            "pk": reader.author.pk,
            "user": reader.pk,
        },
    )
    assert preferences(reader.author) == ("", False, False)
    assert preferences(other.author) == ("else@example.org", True, False)


def test_an_account_without_an_author_has_no_settings_page(db):
    user = get_user_model().objects.create_user(username="admin", password="x" * 20)
    browser = Client()
    browser.force_login(user)
    assert browser.get(SETTINGS_URL).status_code == 404
    assert not Author.objects.exists()


def test_the_header_and_the_readers_own_page_link_to_the_settings(
    reader, reader_client, client
):
    own_page = reader_client.get(reader.author.get_absolute_url()).content.decode()
    assert own_page.count(f'href="{SETTINGS_URL}"') == 2
    public_page = client.get(reader.author.get_absolute_url()).content.decode()
    assert SETTINGS_URL not in public_page
