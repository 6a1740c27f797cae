"""Readers choose emails about replies and moderators' decisions, and can stop them."""

import email
import email.utils
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.test import Client
from django.urls import reverse

from debates.models import Author, Comment
from debates.moderation import actions as moderation
from debates.notifications.emails import (
    UNSUBSCRIBE_SALT,
    notify_reply,
    unsubscribe_url,
)
from debates.participation.posting import post_comment
from tests.builders import PASSWORD, subscribe

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
    assert own_page.count(f'href="{SETTINGS_URL}"') == 1
    assert (
        '<a class="btn btn-sm btn-outline-secondary" href="/accounts/">Account</a>'
        in (own_page)
    )
    account = reader_client.get("/accounts/").content.decode()
    assert f'href="{SETTINGS_URL}"' in account
    public_page = client.get(reader.author.get_absolute_url()).content.decode()
    assert SETTINGS_URL not in public_page


@pytest.fixture
def replier(make_reader):
    return make_reader(name="Sam", place="Leeds")


def reply_to(comment, *, author, body="I see it differently.\n\nHere is why."):
    """A published reply to `comment`."""
    return post_comment(debate=comment.debate, author=author, body=body, parent=comment)


def unsubscribe_path(email):
    """The path of the link in an email's List-Unsubscribe header."""
    header = email.message()["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return urlsplit(header[1:-1]).path


def test_a_reply_emails_the_author_of_the_comment_it_answers(
    thread,
    subscriber,
    replier,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.FORUM_SITE_URL = "https://forum.example.org"
    original = post_comment(debate=thread, author=subscriber.author, body="Stay.")
    reply = reply_to(original, author=replier.author)
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply(reply)
    (email,) = mailoutbox
    assert email.to == ["jiwoo@example.org"]
    assert email.subject == (
        "Sam, Leeds replied to your comment on “US troop cuts in South Korea: do you "
        "agree?”"
    )
    assert email.body.startswith("Hello Ji-woo,\n\nSam, Leeds replied to your comment")
    assert "> I see it differently.\n>\n> Here is why." in email.body
    assert (
        "Read it in the debate: https://forum.example.org"
        f"/debates/{thread.slug}/comments/{reply.pk}/" in email.body
    )
    assert "asked to be emailed when someone replies to your comments" in email.body
    assert f"Stop these emails: https://forum.example.org{unsubscribe_path(email)}" in (
        email.body
    )
    assert "https://forum.example.org/accounts/notifications/" in email.body


def test_a_reply_sends_nothing_until_it_commits(
    thread, subscriber, replier, mailoutbox, django_capture_on_commit_callbacks
):
    original = post_comment(debate=thread, author=subscriber.author, body="Stay.")
    reply = reply_to(original, author=replier.author)
    with django_capture_on_commit_callbacks() as callbacks:
        notify_reply(reply)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "change",
    [
        "preference off",
        "no address",
        "own comment",
        "reply awaiting review",
        "no parent",
        "archived author",
    ],
)
def test_a_reply_is_not_emailed_when_it_should_not_be(
    thread,
    subscriber,
    replier,
    change,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    author = subscriber.author
    original = post_comment(debate=thread, author=author, body="Stay.")
    reply = reply_to(original, author=replier.author)
    if change == "preference off":
        author.stop_notifications([Author.Notification.REPLY])
    elif change == "no address":
        get_user_model().objects.filter(pk=subscriber.pk).update(email="")
        original.author.refresh_from_db()
        original.author.user.refresh_from_db()
    elif change == "own comment":
        reply = reply_to(original, author=author, body="And another thing.")
    elif change == "reply awaiting review":
        Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.PENDING)
        reply.refresh_from_db()
    elif change == "no parent":
        reply.parent = reply.in_reply_to = None
    elif change == "archived author":
        reply.in_reply_to = thread.comments.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply(reply)
    assert mailoutbox == []


def test_every_email_carries_one_click_unsubscribe_headers(
    thread, subscriber, replier, mailoutbox, django_capture_on_commit_callbacks
):
    original = post_comment(debate=thread, author=subscriber.author, body="Stay.")
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply(reply_to(original, author=replier.author))
    message = mailoutbox[0].message()
    assert message["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"


def test_every_email_is_plain_text_and_html_from_the_forum_by_name(
    thread, subscriber, replier, mailoutbox, django_capture_on_commit_callbacks
):
    original = post_comment(debate=thread, author=subscriber.author, body="Stay.")
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_to(original, author=replier.author, body="No <b>way</b>.")
        notify_reply(reply)
    message = email.message_from_bytes(mailoutbox[0].message().as_bytes())
    assert message.get_content_type() == "multipart/alternative"
    assert email.utils.parseaddr(message["From"])[0] == "Revived Debates"
    plain, rich = message.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert rich.get_content_type() == "text/html"
    text = plain.get_payload(decode=True).decode()
    page = rich.get_payload(decode=True).decode()
    assert "> No <b>way</b>." in text
    # The reader's words are text in the HTML part too, never markup.
    assert "No &lt;b&gt;way&lt;/b&gt;." in page
    assert "<b>way</b>" not in page
    links = re.findall(r'href="([^"]+)"', page)
    assert links == re.findall(r"https?://\S+", text)
    assert links[0].endswith(f"/comments/{reply.pk}/")


def test_unsubscribe_link_asks_first_and_changes_nothing_on_get(subscriber, client):
    path = unsubscribe_path_for(subscriber.author, Author.Notification.REPLY)
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Stop sending emails when someone replies to your comments to Ji-woo, Busan?"
        in page
    )
    assert f'<form method="post" action="{path}">' in page
    assert preferences(subscriber.author) == ("jiwoo@example.org", True, True)


def test_unsubscribe_post_stops_only_that_kind_without_signing_in(subscriber):
    path = unsubscribe_path_for(subscriber.author, Author.Notification.REPLY)
    # As a mail program's one-click unsubscribe sends it: no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert (
        "Ji-woo, Busan will no longer get emails when someone replies to your comments."
        in response.content.decode()
    )
    assert preferences(subscriber.author) == ("jiwoo@example.org", False, True)


def test_unsubscribe_from_every_kind_stops_both(subscriber, client):
    path = unsubscribe_path_for(subscriber.author, "all")
    assert client.post(path).status_code == 200
    assert preferences(subscriber.author) == ("jiwoo@example.org", False, False)


def test_the_link_in_an_email_unsubscribes_its_recipient(
    thread, subscriber, replier, client, mailoutbox, django_capture_on_commit_callbacks
):
    original = post_comment(debate=thread, author=subscriber.author, body="Stay.")
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply(reply_to(original, author=replier.author))
    assert client.post(unsubscribe_path(mailoutbox[0])).status_code == 200
    assert preferences(subscriber.author) == ("jiwoo@example.org", False, True)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_or_foreign_token_gets_400_and_changes_nothing(
    subscriber, make_reader, client, method
):
    someone = make_reader(name="Someone", place="Daegu")
    genuine = unsubscribe_token(subscriber.author, Author.Notification.REPLY)
    payload, signature = genuine.rsplit(":", 1)
    # The signature's first character, changed (its last carries padding bits).
    altered = ("B" if signature[0] == "A" else "A") + signature[1:]
    someone_elses = signing.dumps(
        [someone.author.pk, Author.Notification.REPLY], salt=UNSUBSCRIBE_SALT
    ).rsplit(":", 1)[0]
    for token in [
        f"{payload}:{altered}",
        f"{someone_elses}:{signature}",
        # Signed by the site, but for another purpose.
        signing.dumps([subscriber.author.pk, "all"]),
        "not-a-token",
    ]:
        response = getattr(client, method)(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400, token
        assert "This link is not valid" in response.content.decode()
    assert preferences(subscriber.author) == ("jiwoo@example.org", True, True)


def unsubscribe_token(author, kind):
    return urlsplit(unsubscribe_url(author, kind)).path.split("/")[-2]


def unsubscribe_path_for(author, kind):
    return urlsplit(unsubscribe_url(author, kind)).path


def test_approval_emails_the_author_with_the_comments_permalink(
    premoderated, subscriber, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post_comment(debate=premoderated, author=subscriber.author, body="Hi")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_comment(comment=comment, by=moderator)
    (email,) = mailoutbox
    assert email.to == ["jiwoo@example.org"]
    assert email.subject == (
        "Your comment on “US troop cuts in South Korea: do you agree?” was approved"
    )
    assert (
        "A moderator approved your comment on “US troop cuts in South Korea: do you "
        "agree?”. It is published." in email.body
    )
    assert (
        "Your comment: http://127.0.0.1:8000"
        f"/debates/us-troops-in-south-korea/comments/{comment.pk}/" in email.body
    )
    assert "asked to be emailed when a moderator decides on your comments" in email.body
    assert "The reason" not in email.body


def test_removal_email_cites_the_rule_and_the_note(
    thread, subscriber, moderator, rule, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post_comment(debate=thread, author=subscriber.author, body="Rude")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove_comment(
            comment=comment, by=moderator, rule=rule, note="Please mind your tone."
        )
    (email,) = mailoutbox
    assert email.subject.endswith("was removed")
    assert "The reason: Rule 1: Be civil.\n" in email.body
    assert rule.text and f"\n{rule.text}\n" in email.body
    assert "The moderator's note: Please mind your tone." in email.body
    assert f"/comments/{comment.pk}/" in email.body
    assert email.message()["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/"
    )
    assert email.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_rejection_email_links_to_the_authors_page_where_the_comment_is(
    premoderated,
    subscriber,
    moderator,
    rule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    comment = post_comment(debate=premoderated, author=subscriber.author, body="No")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_comment(comment=comment, by=moderator, rule=rule)
    (email,) = mailoutbox
    assert email.subject.endswith("was rejected")
    assert "It will not be published." in email.body
    assert "The reason: Rule 1: Be civil." in email.body
    page = f"http://127.0.0.1:8000/authors/{subscriber.author.pk}/"
    assert f"Read it on your page: {page}" in email.body
    assert f"/comments/{comment.pk}/" not in email.body


def test_every_decision_from_the_moderators_pages_emails_the_author(
    thread,
    subscriber,
    moderator_client,
    rule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    comment = post_comment(debate=thread, author=subscriber.author, body="Up")
    for verb, data in [("remove", {"rule": rule.pk}), ("restore", {})]:
        url = reverse("moderation:decide", kwargs={"pk": comment.pk, "verb": verb})
        with django_capture_on_commit_callbacks(execute=True):
            assert moderator_client.post(url, data).status_code == 302
    assert [email.subject.rsplit(" ", 1)[-1] for email in mailoutbox] == [
        "removed",
        "restored",
    ]


def test_the_admins_bulk_actions_email_each_author(
    thread,
    subscriber,
    make_reader,
    moderator_client,
    rule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other = make_reader(name="Min", place="Incheon")
    subscribe(other.author, "min@example.org", on_reply=False)
    comments = [
        post_comment(debate=thread, author=author, body="Bulk")
        for author in [subscriber.author, other.author]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            "/admin/debates/comment/",
            {
                "action": f"remove_under_rule_{rule.number}",
                "_selected_action": [comment.pk for comment in comments],
            },
        )
    assert sorted(email.to[0] for email in mailoutbox) == [
        "jiwoo@example.org",
        "min@example.org",
    ]


@pytest.mark.parametrize("change", ["preference off", "no address"])
def test_a_decision_is_not_emailed_to_an_author_who_did_not_ask(
    thread,
    subscriber,
    moderator,
    rule,
    change,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    author = subscriber.author
    if change == "preference off":
        author.stop_notifications([Author.Notification.DECISION])
    else:
        get_user_model().objects.filter(pk=subscriber.pk).update(email="")
    comment = post_comment(debate=thread, author=author, body="Quiet")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove_comment(comment=comment, by=moderator, rule=rule)
    assert mailoutbox == []


def test_a_moderator_deciding_on_their_own_comment_is_not_emailed(
    thread, moderator, rule, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe(moderator.author, "mo@example.org")
    comment = post_comment(debate=thread, author=moderator.author, body="Mine")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove_comment(comment=comment, by=moderator, rule=rule)
        moderation.restore_comment(comment=comment, by=moderator)
    assert mailoutbox == []


def test_archived_comments_decisions_email_nobody(
    thread, moderator, rule, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove_comment(
            comment=thread.comments.get(position=3), by=moderator, rule=rule
        )
    assert mailoutbox == []


def test_a_decision_is_emailed_only_after_it_commits(
    thread, subscriber, moderator, rule, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post_comment(debate=thread, author=subscriber.author, body="Later")
    with django_capture_on_commit_callbacks() as callbacks:
        moderation.remove_comment(comment=comment, by=moderator, rule=rule)
        assert mailoutbox == []
    assert mailoutbox == []
    (send,) = callbacks
    send()
    assert len(mailoutbox) == 1


def test_a_decision_rolled_back_emails_nobody(
    thread, subscriber, moderator, rule, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post_comment(debate=thread, author=subscriber.author, body="Undone")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        moderation.remove_comment(comment=comment, by=moderator, rule=rule)
        raise RuntimeError("the decision's request failed")
    assert callbacks == []
    assert mailoutbox == []
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_a_reply_held_for_review_is_announced_when_approved(
    premoderated, subscriber, moderator, rule, monkeypatch
):
    announced = []
    monkeypatch.setattr(moderation, "notify_reply", announced.append)
    waiting = post_comment(debate=premoderated, author=subscriber.author, body="Hold")
    moderation.approve_comment(comment=waiting, by=moderator)
    moderation.remove_comment(comment=waiting, by=moderator, rule=rule)
    moderation.restore_comment(comment=waiting, by=moderator)
    rejected = post_comment(debate=premoderated, author=subscriber.author, body="No")
    moderation.reject_comment(comment=rejected, by=moderator, rule=rule)
    moderation.restore_comment(comment=rejected, by=moderator)
    assert [comment.pk for comment in announced] == [waiting.pk, rejected.pk]


def signup_data(**overrides):
    data = {
        "name": "Ji-woo",
        "place": "Busan, South Korea",
        "username": "jiwoo",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | overrides


def test_sign_up_offers_an_optional_address_and_both_kinds_of_email(client, db):
    page = client.get("/accounts/signup/").content.decode()
    assert "Notifications (optional)" in page
    assert "Used only to send you the notification emails you choose" in page
    assert 'type="email"' in page
    assert "Email me when someone replies to my comments" in page
    assert "Email me when a moderator approves, rejects, removes or restores" in page


def test_sign_up_with_an_address_keeps_it_and_the_chosen_emails(client, db):
    response = client.post(
        "/accounts/signup/",
        signup_data(email="Jiwoo@Example.ORG", notify_on_reply="on"),
    )
    assert response.status_code == 302
    author = Author.objects.get(name="Ji-woo")
    assert preferences(author) == ("Jiwoo@example.org", True, False)


def test_sign_up_without_an_address_chooses_no_emails(client, db):
    assert client.post("/accounts/signup/", signup_data()).status_code == 302
    assert preferences(Author.objects.get(name="Ji-woo")) == ("", False, False)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"notify_on_decision": "on"}, "Give an email address to send the"),
        ({"email": "jiwoo@"}, "Enter a valid email address."),
    ],
)
def test_sign_up_refuses_emails_it_could_not_send(client, db, data, error):
    response = client.post("/accounts/signup/", signup_data(**data))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Author.objects.exists()


def test_sign_up_refuses_a_password_like_the_address(client, db):
    response = client.post(
        "/accounts/signup/",
        signup_data(
            email="seoulsummer2004@example.org",
            password1="seoulsummer2004",
            password2="seoulsummer2004",
        ),
    )
    assert response.status_code == 200
    assert "too similar to the email address" in response.content.decode()
