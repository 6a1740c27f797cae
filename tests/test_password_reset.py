"""A reader who forgot their password asks for a link, on the site's own pages; it
goes only to an address they confirmed, and lets them choose a new one."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client, TestCase

from tests.builders import PASSWORD

RESET_URL = "/accounts/password_reset/"
NEW_PASSWORD = "another-Long-pass-77"


@pytest.fixture
def confirmed_reader(make_reader):
    """A reader whose account's address is the one they confirmed."""
    user = make_reader(name="Ji-woo", username="jiwoo")
    user.email = "jiwoo@example.org"
    user.save()
    user.author.confirmed_email = user.email
    user.author.save()
    return user


def ask_for_link(browser, email):
    """Ask for a reset link; its email, if any, is queued and sent as the request's
    transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return browser.post(RESET_URL, {"email": email}, follow=True)


def link_in(email):
    (link,) = re.findall(r"https?://\S+/accounts/reset/\S+/", email.body)
    return link


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        (RESET_URL, "Reset your password"),
        ("/accounts/password_reset/done/", "Check your email"),
        ("/accounts/reset/MQ/not-a-token/", "This link cannot reset your password"),
        ("/accounts/reset/done/", "Your password is changed"),
    ],
)
def test_reset_pages_are_the_sites_own_not_the_admins(client, db, path, heading):
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in page
    assert '<a class="site-name me-auto" href="/">Revived Debates</a>' in page
    assert "Django administration" not in page
    assert "Django site admin" not in page


def test_the_sign_in_page_links_to_password_reset(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert f'<a class="ms-3" href="{RESET_URL}">Forgot your password?</a>' in page


def test_a_confirmed_address_is_sent_one_link_on_the_sites_own_address(
    confirmed_reader, mailoutbox, settings
):
    settings.FORUM_SITE_URL = "https://forum.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example"]
    page = ask_for_link(Client(HTTP_HOST="elsewhere.example"), "JiWoo@example.org")
    assert page.redirect_chain == [("/accounts/password_reset/done/", 302)]
    (email,) = mailoutbox
    assert email.to == ["jiwoo@example.org"]
    assert email.subject == "Reset your password for Revived Debates"
    assert "the Revived Debates account jiwoo, which uses this address" in email.body
    link = link_in(email)
    assert link.startswith(settings.FORUM_SITE_URL + "/accounts/reset/")
    assert "elsewhere.example" not in email.body
    ((html, kind),) = email.alternatives
    assert kind == "text/html"
    assert f'<a href="{link}"' in html
    assert "elsewhere.example" not in html
    # An automatic email: out-of-office replies are not sent back to it.
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_an_unconfirmed_address_is_sent_nothing_and_told_the_same(
    confirmed_reader, make_reader, mailoutbox, django_user_model
):
    never_confirmed = make_reader(username="unsure")
    never_confirmed.email = "unsure@example.org"
    never_confirmed.save()
    changed = make_reader(username="moved")
    changed.author.confirmed_email = "old@example.org"
    changed.author.save()
    changed.email = "new@example.org"
    changed.save()
    django_user_model.objects.create_user("staff", "staff@example.org", PASSWORD)

    told = ask_for_link(Client(), "jiwoo@example.org").content
    assert len(mailoutbox) == 1
    for address in [
        "unsure@example.org",
        "new@example.org",
        "old@example.org",
        "staff@example.org",
        "nobody@example.org",
    ]:
        assert ask_for_link(Client(), address).content == told, address
    assert len(mailoutbox) == 1
    assert "Check your email" in told.decode()


def test_following_the_link_sets_a_new_password_to_sign_in_with(
    confirmed_reader, mailoutbox
):
    browser = Client()
    ask_for_link(browser, "jiwoo@example.org")
    path = urlsplit(link_in(mailoutbox[0])).path

    form = browser.get(path, follow=True)
    page = form.content.decode()
    assert "Choose a new password" in page
    assert 'name="new_password1"' in page
    set_password_path = form.redirect_chain[-1][0]
    done = browser.post(
        set_password_path,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain == [("/accounts/reset/done/", 302)]
    assert "Your password is changed" in done.content.decode()
    assert "You are signed in as jiwoo" in done.content.decode()
    assert browser.session["_auth_user_id"] == str(confirmed_reader.pk)

    signing_in = Client()
    refused = signing_in.post(
        "/accounts/login/", {"username": "jiwoo", "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in signing_in.session
    accepted = signing_in.post(
        "/accounts/login/", {"username": "jiwoo", "password": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    assert signing_in.session["_auth_user_id"] == str(confirmed_reader.pk)

    used_again = Client().get(path).content.decode()
    assert "This link cannot reset your password" in used_again
    assert 'name="new_password1"' not in used_again


def test_a_broken_link_says_so_and_offers_a_new_one(confirmed_reader, mailoutbox):
    ask_for_link(Client(), "jiwoo@example.org")
    path = urlsplit(link_in(mailoutbox[0])).path
    response = Client().get(path[:-3] + "xx/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This link cannot reset your password" in page
    assert "It has expired, it was used already, or part of it is missing." in page
    assert f'<a href="{RESET_URL}">Ask for a new link</a>' in page
    assert 'name="new_password1"' not in page
    confirmed_reader.refresh_from_db()
    assert confirmed_reader.check_password(PASSWORD)


def test_reset_requests_are_limited_per_address_typed(
    confirmed_reader, mailoutbox, settings
):
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "password_reset": (2, 100, 3600),
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        statuses = [
            Client(REMOTE_ADDR=f"10.0.0.{n}")
            .post(RESET_URL, {"email": "JIWOO@example.org "})
            .status_code
            for n in range(3)
        ]
    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2
    refused = Client().post(RESET_URL, {"email": "jiwoo@example.org"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Slow down a little" in page
    assert "You have done that too often in a short time. Please wait" in page
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert len(mailoutbox) == 2


def test_reset_requests_from_one_address_are_limited_across_addresses_typed(
    client, db, settings
):
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "password_reset": (100, 2, 3600),
    }
    statuses = [
        client.post(RESET_URL, {"email": f"person{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert client.get(RESET_URL).status_code == 200


def test_a_reader_locked_out_by_guessing_gets_in_by_choosing_a_new_password(
    confirmed_reader, mailoutbox, settings
):
    guesser = Client()
    for n in range(60):
        guesser.post("/accounts/login/", {"username": "jiwoo", "password": f"g{n}"})
    owner = Client()
    locked = owner.post("/accounts/login/", {"username": "jiwoo", "password": PASSWORD})
    assert locked.status_code == 429

    ask_for_link(owner, "jiwoo@example.org")
    form = owner.get(urlsplit(link_in(mailoutbox[0])).path, follow=True)
    owner.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert owner.session["_auth_user_id"] == str(confirmed_reader.pk)
