"""Spam, scripts and abuse: double posts, floods, password guessing, robots."""

import pytest
from django.test import Client

from debates.models import Comment
from debates.models.choices import CommentStatus
from debates.participation.forms import HONEYPOT_MESSAGE
from debates.participation.posting import post_comment
from tests.builders import PASSWORD

THREAD_URL = "/debates/us-troops-in-south-korea/"
POST_URL = THREAD_URL + "comments/"


def test_a_form_sent_twice_posts_once(reader_client, thread):
    for _ in range(2):
        response = reader_client.post(POST_URL, {"body": "Clicked twice"})
        assert response.status_code == 302
    assert Comment.objects.filter(body="Clicked twice").count() == 1


def test_the_same_words_later_or_elsewhere_are_a_new_comment(
    reader, thread, make_debate, settings
):
    settings.FORUM_DUPLICATE_WINDOW_SECONDS = 0
    first = post_comment(debate=thread, author=reader.author, body="Again")
    second = post_comment(debate=thread, author=reader.author, body="Again")
    assert first != second
    other = post_comment(debate=make_debate(), author=reader.author, body="Again")
    assert other.debate != thread


def test_honeypot_filled_in_refuses_the_comment(reader_client, thread):
    response = reader_client.post(
        POST_URL, {"body": "Buy now", "website": "http://spam.example"}
    )
    assert response.status_code == 400
    assert HONEYPOT_MESSAGE in response.content.decode()
    assert not Comment.objects.filter(body="Buy now").exists()


def test_honeypot_filled_in_refuses_the_sign_up(client, db, django_user_model):
    client.post(
        "/accounts/signup/",
        {
            "name": "Bot",
            "username": "bot",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "x",
        },
    )
    assert not django_user_model.objects.exists()


def test_honeypot_is_hidden_from_people(reader_client, thread):
    page = reader_client.get(THREAD_URL).content.decode()
    assert 'class="honeypot-wrapper"' in page
    assert 'aria-hidden="true"' in page
    assert 'tabindex="-1"' in page


def test_new_posters_first_comments_can_wait_for_review(reader, thread, settings):
    settings.FORUM_HOLD_FIRST_COMMENTS = 1
    first = post_comment(debate=thread, author=reader.author, body="Hello")
    assert first.status == CommentStatus.PENDING
    first.status = CommentStatus.PUBLISHED
    first.save()
    second = post_comment(debate=thread, author=reader.author, body="Hello again")
    assert second.status == CommentStatus.PUBLISHED


def test_password_guessing_is_stopped_per_username(reader, settings):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "signin": (3, 100, 900)}
    statuses = []
    for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]:
        guesser = Client(REMOTE_ADDR=address)
        response = guesser.post(
            "/accounts/login/", {"username": reader.username, "password": "guess"}
        )
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    # Even the right password waits now: the limit does not reveal which is right.
    response = Client().post(
        "/accounts/login/", {"username": reader.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Slow down a little" in response.content.decode()


def test_sign_in_from_one_address_is_limited_across_usernames(db, settings):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "signin": (100, 2, 900)}
    guesser = Client()
    statuses = [
        guesser.post(
            "/accounts/login/", {"username": f"user{n}", "password": "x"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_sign_ups_are_limited_per_address(client, db, settings, django_user_model):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "signup": (1, 1, 3600)}
    for n in range(2):
        response = client.post(
            "/accounts/signup/",
            {
                "name": f"Person {n}",
                "username": f"person{n}",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        client.logout()
    assert response.status_code == 429
    assert django_user_model.objects.count() == 1


def test_reports_are_limited_per_reader(thread, reader_client, settings):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "report": (2, 100, 600)}
    statuses = []
    for position in (1, 2, 3):
        comment = thread.comments.get(position=position)
        response = reader_client.post(
            f"{THREAD_URL}comments/{comment.pk}/report/", {"reason": "spam"}
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]


def test_429_says_when_to_retry(reader_client, thread, settings):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "post": (0, 0, 60)}
    response = reader_client.post(POST_URL, {"body": "x"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert f"wait {response['Retry-After']} second" in response.content.decode()


@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
def test_looking_at_the_forms_is_not_counted(client, db, settings, page):
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "signin": (0, 0, 900),
        "signup": (0, 0, 900),
    }
    assert client.get(page).status_code == 200
