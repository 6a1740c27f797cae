"""Spam, scripts and abuse: double posts, floods, password guessing, robots."""

from unittest import mock

import pytest
from django.test import Client

from debates.models import Comment
from debates.models.choices import CommentStatus
from debates.participation.forms import HONEYPOT_MESSAGE
from debates.participation.posting import post_comment
from debates.templatetags.durations import in_words
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


def test_429_says_when_to_retry_in_words_and_keeps_the_text(
    reader_client, thread, settings
):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "post": (0, 0, 3600)}
    typed = "A long comment I would hate to lose <b>really</b>."
    # Twenty minutes into the hour's window, so the wait is 40 minutes, said in
    # minutes (near the window's end it would rightly be said in seconds).
    with mock.patch("debates.ratelimit.time.time", return_value=1_800_001_200.0):
        response = reader_client.post(POST_URL, {"body": typed})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3601
    page = response.content.decode()
    assert f"wait {in_words(int(response['Retry-After']))} and try again" in page
    assert "second" not in page
    assert "A long comment I would hate to lose &lt;b&gt;really&lt;/b&gt;." in page
    assert not Comment.objects.filter(body=typed).exists()


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "about a minute"),
        (1989, "about 33 minutes"),
        (3569, "about 59 minutes"),
        (3600, "about an hour"),
        (5400, "about 1½ hours"),
        (7300, "about 2 hours"),
    ],
)
def test_waits_are_said_in_words(seconds, words):
    assert in_words(seconds) == words


def sign_up(client, n, **fields):
    response = client.post(
        "/accounts/signup/",
        {
            "name": f"Person {n}",
            "place": "Seoul",
            "username": f"person{n}",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **fields,
        },
    )
    client.logout()
    return response


def test_a_sign_up_sent_back_for_a_correction_does_not_count(
    client, db, settings, django_user_model
):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "signup": (2, 2, 3600)}
    assert sign_up(client, 1).status_code == 302
    other = Client()
    # The same signature again is refused, and refused for that reason alone.
    refused = sign_up(other, 2, name="Person 1")
    assert refused.status_code == 200
    assert "Someone already signs as “Person 1, Seoul”" in refused.content.decode()
    accepted = sign_up(other, 2)
    assert accepted.status_code == 302
    assert django_user_model.objects.count() == 2


def test_sign_ups_sent_back_still_count_against_a_ceiling(client, db, settings):
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "signup": (5, 5, 3600),
        "signup_attempt": (3, 3, 3600),
    }
    statuses = [sign_up(client, n, password2="mismatch").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
def test_looking_at_the_forms_is_not_counted(client, db, settings, page):
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "signin": (0, 0, 900),
        "signup": (0, 0, 900),
    }
    assert client.get(page).status_code == 200
