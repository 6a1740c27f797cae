"""Every text a person can submit is checked, with a message per field, and what is
accepted comes back exactly as it was typed."""

import pytest
from django.contrib.auth import get_user_model

from debates.models import Author, Comment
from tests.builders import sign_up

POST_URL = "/debates/us-troops-in-south-korea/comments/"
THREAD_URL = "/debates/us-troops-in-south-korea/"


BAD_TEXT = [
    ("\x00hidden", "control character (U+0000)"),
    ("bell\x07", "control character (U+0007)"),
    ("broken \ufffd bytes", "was not valid Unicode"),
    ("\u200b\u2060\ufeff", "needs some visible text"),
    ("\u3164\u3164", "needs some visible text"),
]


@pytest.mark.parametrize(("body", "message"), BAD_TEXT)
def test_bad_comment_text_is_refused_with_its_reason(
    reader_client, thread, body, message
):
    response = reader_client.post(POST_URL, {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 40


@pytest.mark.parametrize(("value", "message"), BAD_TEXT[:3])
@pytest.mark.parametrize("field", ["name", "place"])
def test_bad_signature_text_is_refused_and_no_account_is_made(
    client, db, field, value, message
):
    response = sign_up(client, **{field: value})
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
    assert not Author.objects.exists()


def test_a_comment_at_the_limit_with_line_breaks_is_accepted_as_the_browser_counted(
    reader_client, thread
):
    # The browser counts each line break once against maxlength and sends CRLF.
    body = ("x" * 99 + "\r\n") * 49 + "x" * 100
    assert len(body) == 5049
    response = reader_client.post(THREAD_URL + "comments/", {"body": body})
    assert response.status_code == 302
    saved = Comment.objects.get(author__name="New Reader").body
    assert len(saved) == 5000 and "\r" not in saved


@pytest.mark.parametrize(
    "disguise",
    [
        "Matt\u200b",  # zero-width space
        "\u202eMatt",  # right-to-left override
        "Ma\u200dtt",  # zero-width joiner
        "Matt\u2066",  # left-to-right isolate
    ],
)
def test_invisible_characters_cannot_fake_an_archived_signature(
    client, thread, disguise
):
    response = sign_up(client, name=disguise, place="San Francisco, USA")
    assert "invisible or direction-changing characters" in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "lookalike", ["\uff2d\uff41\uff54\uff54", "MATT", "matt", "Matt  "]
)
def test_lookalikes_of_an_archived_signature_are_refused(client, thread, lookalike):
    response = sign_up(client, name=lookalike, place="San Francisco, USA")
    page = response.content.decode()
    assert "Someone already signs as" in page or "look-alike characters" in page
    assert not get_user_model().objects.exists()


def test_line_breaks_are_refused_in_single_line_fields(client, db):
    response = sign_up(client, place="Busan\nSeoul")
    assert "control character (U+000A)" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_limits_are_stated_on_the_forms(reader_client, thread, client):
    page = reader_client.get(THREAD_URL).content.decode()
    assert "Up to 5,000 characters." in page
    signup_page = client.get("/accounts/signup/").content.decode()
    assert signup_page.count("Up to 100 characters.") == 2


@pytest.mark.parametrize(
    "body",
    [
        "주한미군 감축은 잘못된 결정이다. 🇰🇷🇺🇸",
        "انسحاب القوات الأمريكية من كوريا الجنوبية",
        "עברית ו-English באותה שורה",
        "Cafe\u0301 with a combining accent, and e\u0301\u0301 doubled",
        "Kin \U0001f468\u200d\U0001f469\u200d\U0001f467, thumb \U0001f44d\U0001f3fd",
    ],
)
def test_any_script_and_emoji_round_trip_exactly(reader_client, thread, body):
    assert reader_client.post(POST_URL, {"body": body}).status_code == 302
    stored = Comment.objects.get(position=41).body
    assert stored == body
    assert body in reader_client.get(THREAD_URL).content.decode()


def test_korean_signature_with_combining_marks_round_trips(client, db):
    name, place = "이지우", "Mon\u0301treal"
    sign_up(client, name=name, place=place)
    author = Author.objects.get()
    assert (author.name, author.place) == (name, place)


def test_a_field_failing_saves_nothing_of_the_others(client, db):
    response = sign_up(client, name="Valid Name", password2="not-the-same-pass-1")
    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    assert not Author.objects.exists()


def test_moderation_notes_are_checked_too(thread, moderator_client, rule):
    comment = thread.comments.get(position=1)
    response = moderator_client.post(
        f"/moderation/comments/{comment.pk}/remove/",
        {"rule": rule.pk, "note": "bad\x00note"},
        follow=True,
    )
    assert "control character (U+0000)" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
