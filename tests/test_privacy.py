"""A reader's rights over their data: the account page, download my data, closing
the account; and the privacy page that says what is kept."""

import datetime
import io
import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone

from debates.models import (
    Author,
    Comment,
    DataExport,
    Follow,
    HouseRule,
    ModerationAction,
    OutgoingEmail,
)
from debates.models.choices import CommentStatus, ModerationMode, ModerationVerb
from debates.moderation import actions as moderation
from debates.notifications.following import follow_debate
from debates.participation.posting import ask_for_review, edit_comment, post_comment
from debates.participation.recommending import recommend_comment
from debates.privacy import closing
from debates.ratelimit import _counter, retry_after
from tests.builders import PASSWORD, subscribe

THREAD_URL = "/debates/us-troops-in-south-korea/"


def commits():
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def ana(make_reader):
    """A reader who has done everything a reader can: signed up with a confirmed
    address, posted, edited, been rejected and asked for a review, been quoted,
    recommended, reported, followed and been suspended."""
    user = make_reader(name="Ana Lima", place="Porto Alegre", username="analima")
    subscribe(user.author, "ana@example.org")
    return user


@pytest.fixture
def ana_did_everything(thread, ana, make_reader, moderator):
    author = ana.author
    published = post_comment(
        debate=thread, author=author, body="Keep the troops where they are."
    )
    edit_comment(
        comment=published, author=author, body="Keep the troops where they are now."
    )
    moderation.set_moderation_mode(debate=thread, by=moderator, mode=ModerationMode.PRE)
    rejected = post_comment(debate=thread, author=author, body="Shouting in capitals")
    rule = HouseRule.objects.first()
    moderation.reject_comment(
        comment=rejected, by=moderator, rule=rule, note="Please make your case."
    )
    ask_for_review(comment=rejected, author=author, note="It was not shouting.")
    moderation.set_moderation_mode(
        debate=thread, by=moderator, mode=ModerationMode.REACTIVE
    )
    other = make_reader(name="Bo", place="Oslo", username="bo").author
    post_comment(
        debate=thread,
        author=other,
        body="I disagree.",
        parent=published,
        quote="Keep the troops",
    )
    archived = thread.comments.get(position=1)
    recommend_comment(comment=archived, reader=ana)
    moderation.report_comment(
        comment=thread.comments.get(position=2), reporter=ana, reason="spam"
    )
    follow_debate(author=author, debate=thread, emails=Follow.Emails.DAILY)
    moderation.suspend_author(
        author=author,
        by=moderator,
        ends_at=timezone.now() + datetime.timedelta(days=1),
        rule=rule,
        note="A day to cool off.",
    )
    return published, rejected


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


# The account page.


def test_the_account_page_needs_a_signed_in_reader(client, db):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_account_page_shows_what_the_account_holds(thread, ana):
    follow_debate(author=ana.author, debate=thread, emails=Follow.Emails.EVERY)
    page = signed_in(ana).get("/accounts/").content.decode()
    assert "Your comments are signed <strong>Ana Lima, Porto Alegre</strong>" in page
    assert "you sign in as <strong>analima</strong>" in page
    assert "<strong>ana@example.org</strong> is confirmed." in page
    assert "US troop cuts in South Korea: do you agree?</a>: an email for every" in page
    assert 'href="/accounts/password_change/"' in page
    assert "Two-factor sign-in" not in page
    assert "Prepare my data" in page
    assert "Close my account" in page


def test_the_password_change_pages_are_in_the_sites_style(ana):
    browser = signed_in(ana)
    page = browser.get("/accounts/password_change/").content.decode()
    assert '<h1 class="h3 mb-3">Change your password</h1>' in page
    assert "Django administration" not in page
    response = browser.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a whole new passphrase",
            "new_password2": "a whole new passphrase",
        },
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    assert "Django administration" not in response.content.decode()


# Download my data.


def test_download_my_data_holds_everything_the_forum_holds_about_the_reader(
    ana, ana_did_everything, mailoutbox
):
    published, rejected = ana_did_everything
    browser = signed_in(ana)
    with commits():
        response = browser.post("/accounts/data/", follow=True)
    assert "Your data is being put together." in response.content.decode()
    export = DataExport.objects.get()
    assert export.is_ready
    assert mailoutbox[-1].subject == "Your data is ready to download"
    page = browser.get("/accounts/").content.decode()
    assert f'href="/accounts/data/{export.pk}/"' in page

    download = browser.get(f"/accounts/data/{export.pk}/")
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)

    assert data["account"]["username"] == "analima"
    assert data["account"]["email"] == "ana@example.org"
    assert data["account"]["email_confirmed"] is True
    assert data["signature"] == {"name": "Ana Lima", "place": "Porto Alegre"}
    assert data["notification_settings"] == {
        "email_on_reply": True,
        "email_on_decision": True,
    }
    comments = {comment["id"]: comment for comment in data["comments"]}
    kept = comments[published.pk]
    assert kept["text"] == "Keep the troops where they are now."
    assert kept["earlier_versions"][0]["text"] == "Keep the troops where they are."
    assert kept["status"] == "Published"
    assert kept["address"].endswith(f"/comments/{published.pk}/")
    refused = comments[rejected.pk]
    assert refused["status"] == "Rejected"
    assert refused["address"] is None
    assert refused["moderation"]["note"] == "Please make your case."
    assert refused["moderation"]["rule"]
    assert refused["review_request"]["note"] == "It was not shouting."
    (quote,) = data["quotes_of_your_words"]
    assert quote["quote"] == "Keep the troops"
    (recommendation,) = data["recommendations"]
    assert recommendation["comment_address"].endswith("/")
    (report,) = data["reports"]
    assert report["reason"] == "Spam or advertising"
    (follow,) = data["follows"]
    assert follow["emails"] == "A daily digest of new comments"
    (suspension,) = data["suspensions"]
    assert suspension["note"] == "A day to cool off."
    assert "readme" in data and data["format"].startswith("Revived Debates")


def test_a_readers_data_goes_to_them_alone_and_only_until_it_expires(
    ana, make_reader, client
):
    with commits():
        signed_in(ana).post("/accounts/data/")
    export = DataExport.objects.get()
    url = f"/accounts/data/{export.pk}/"
    assert client.get(url).status_code == 302  # to sign in
    someone = make_reader(name="Someone", place="Else")
    assert signed_in(someone).get(url).status_code == 404
    DataExport.objects.update(expires_at=timezone.now())
    assert signed_in(ana).get(url).status_code == 404


def test_asking_twice_builds_one_download(ana):
    browser = signed_in(ana)
    with commits():
        browser.post("/accounts/data/")
        browser.post("/accounts/data/")
    assert DataExport.objects.count() == 1


# Closing an account.


def ask_to_close(user, comments="keep", password=PASSWORD):
    browser = signed_in(user)
    with commits():
        response = browser.post(
            "/accounts/close/", {"comments": comments, "password": password}
        )
    return browser, response


def test_closing_needs_the_password_and_changes_nothing_without_it(ana):
    _, response = ask_to_close(ana, password="not it")
    assert response.status_code == 400
    assert "That is not your password; your account stays open." in (
        response.content.decode()
    )
    ana.author.refresh_from_db()
    assert ana.author.closing_requested_at is None


def test_asking_to_close_signs_out_emails_the_date_and_signing_in_cancels(
    ana, mailoutbox
):
    browser, response = ask_to_close(ana)
    page = response.content.decode()
    assert "Your account will be closed" in page
    assert "your published comments will stay, signed “A former reader”" in page
    assert browser.get("/accounts/").status_code == 302  # signed out
    (email,) = mailoutbox
    assert email.subject == "Your account will be closed"
    assert "Sign in before then and the account stays as it is." in email.body

    welcome = Client()
    response = welcome.post(
        "/accounts/login/", {"username": "analima", "password": PASSWORD}, follow=True
    )
    assert "Welcome back: your account is no longer being closed." in (
        response.content.decode()
    )
    ana.author.refresh_from_db()
    assert ana.author.closing_requested_at is None
    assert closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=8)) == 0


def test_nothing_is_erased_before_the_cooling_off_period_ends(ana, settings):
    settings.FORUM_CLOSING_DAYS = 7
    ask_to_close(ana)
    assert closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=6)) == 0
    assert get_user_model().objects.filter(username="analima").exists()


IDENTIFYING = ["Ana Lima", "Porto Alegre", "analima", "ana@example.org"]


def crawl(thread, author_pk):
    """Every page, feed, search and export a reader or a crawler could reach."""
    reader = Client()
    pages = [
        "/",
        THREAD_URL,
        f"{THREAD_URL}?order=newest",
        f"{THREAD_URL}picks/",
        f"/authors/{author_pk}/",
        f"{THREAD_URL}comments.rss",
        f"{THREAD_URL}comments.atom",
        "/feeds/debates.rss",
        "/sitemap.xml",
        "/search/?q=troops",
    ]
    texts = []
    for path in pages:
        response = reader.get(path)
        assert response.status_code == 200, path
        texts.append(response.content.decode())
    for comment in thread.comments.all():
        texts.append(
            reader.get(comment.get_absolute_url(), follow=True).content.decode()
        )
    export = io.StringIO()
    call_command("export_debate", thread.slug, stdout=export)
    texts.append(export.getvalue())
    # A search for the name itself: it may echo the words searched, but finds
    # no comment signed with them.
    for words in ["Ana Lima", "Porto Alegre"]:
        found = reader.get("/search/", {"q": words}).content.decode()
        if "Nothing matches" in found:
            texts.append(found.replace(words, ""))
        else:
            texts.append(found)
    return "\n".join(texts)


def erase(user):
    with commits():
        ask_to_close_result = ask_to_close(user)
        erased = closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=8))
    return ask_to_close_result, erased


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_a_closed_account_leaves_nothing_that_identifies_its_reader(
    thread, ana, ana_did_everything, client, choice, mailoutbox
):
    published, _ = ana_did_everything
    author_pk = ana.author.pk
    # Pages cached before the erasure, as a busy site would have them.
    before = crawl(thread, author_pk)
    assert "Ana Lima" in before
    with commits():
        ask_to_close(ana, comments=choice)
        assert (
            closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=8)) == 1
        )

    after = crawl(thread, author_pk)
    for identifying in IDENTIFYING:
        assert identifying not in after, identifying
    assert not get_user_model().objects.filter(username="analima").exists()
    assert not Session.objects.exists()
    assert not Follow.objects.exists()
    assert not DataExport.objects.exists()
    author = Author.objects.get(pk=author_pk)
    assert (author.name, author.place, author.user) == ("A former reader", "", None)
    published.refresh_from_db()
    if choice == "keep":
        assert published.status == CommentStatus.PUBLISHED
        assert "Keep the troops where they are now." in after
        assert "A former reader" in after
    else:
        assert published.status == CommentStatus.WITHDRAWN
        assert published.body == ""
        assert "Keep the troops" not in after
        assert not Comment.objects.filter(quote__contains="Keep the troops").exists()
    assert not Comment.objects.filter(author=author, body="Shouting in capitals")
    assert not author.comments.filter(revisions__isnull=False).exists()
    # The thread stays readable: every other comment is still there.
    assert "I disagree." in after
    # Her recommendation no longer counts.
    assert thread.comments.get(position=1).recommendation_count == 0
    # The audit trail keeps the facts, naming nobody.
    (erasure,) = ModerationAction.objects.filter(verb=ModerationVerb.ERASE)
    assert erasure.author_id == author_pk
    assert ModerationAction.objects.filter(
        author=author, verb=ModerationVerb.SUSPEND
    ).exists()
    goodbye = mailoutbox[-1]
    assert goodbye.subject == "Your account is closed"
    assert goodbye.to == ["ana@example.org"]
    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["account"]


def test_a_new_reader_cannot_sign_as_a_former_reader(thread, ana, client):
    with commits():
        ask_to_close(ana)
        closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=8))
    response = client.post(
        "/accounts/signup/",
        {
            "name": "A former reader",
            "place": "",
            "username": "pretender",
            "password1": "a long passphrase here",
            "password2": "a long passphrase here",
        },
    )
    assert "Someone already signs as “A former reader”" in response.content.decode()


# What is kept.


def test_every_page_links_to_the_privacy_page_and_it_states_the_settings(
    thread, client, settings
):
    settings.FORUM_EMAIL_KEEP_DAYS = 30
    settings.FORUM_CLOSING_DAYS = 7
    page = client.get(THREAD_URL).content.decode()
    assert '<a href="/privacy/">Privacy: what we keep</a>' in page
    privacy = client.get("/privacy/").content.decode()
    assert "deleted after 30 days" in privacy
    assert "It is erased 7 days later" in privacy
    assert "never the address itself" in privacy


def test_rate_limit_counters_keep_no_client_address(db):
    retry_after("post", "203.0.113.7", limit=5, window=60)
    key = _counter("post", "203.0.113.7", 60, time.time())
    assert "203.0.113.7" not in key
    assert cache.get(key) == 1
