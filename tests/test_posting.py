"""Signing up and posting comments, and the refusals a reader can meet."""

import warnings

import pytest
from django.contrib.auth import get_user_model

from debates.models import Author, Comment, Debate
from debates.reading import page_cache as caching
from debates.text import COMMENT_MAX_LENGTH
from tests.builders import PASSWORD

THREAD_URL = "/debates/us-troops-in-south-korea/"
POST_URL = THREAD_URL + "comments/"


def signup_data(**overrides):
    data = {
        "name": "Ji-woo",
        "place": "Busan, South Korea",
        "username": "jiwoo",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | overrides


def test_sign_up_creates_an_account_and_its_author_and_signs_in(client, db):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    author = Author.objects.get(name="Ji-woo")
    assert author.place == "Busan, South Korea"
    assert author.user.username == "jiwoo"
    assert author.user.check_password(PASSWORD)
    page = client.get("/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert f'<a href="/authors/{author.pk}/"><strong>' in header
    signature = "Ji-woo, Busan, South Korea"
    assert f'<span class="d-none d-sm-inline">{signature}</span>' in header


def test_sign_up_returns_to_the_debate_it_came_from(client, thread):
    response = client.post("/accounts/signup/", signup_data(next=THREAD_URL))
    assert response["Location"] == THREAD_URL


def test_sign_up_never_redirects_off_site(client, db):
    response = client.post(
        "/accounts/signup/", signup_data(next="https://evil.example/")
    )
    assert response["Location"] == "/"


def test_sign_up_refuses_an_archived_authors_signature(client, thread):
    response = client.post(
        "/accounts/signup/", signup_data(name="matt", place="San Francisco, USA")
    )
    assert response.status_code == 200
    assert "Someone already signs as “matt, San Francisco, USA”" in (
        response.content.decode()
    )
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", "   ", "This field is required."),
        ("name", "\u200b\u200b", "This field needs some visible text."),
        ("name", "x" * 101, "Ensure this value has at most 100 characters"),
        ("password2", "different-Pass-99", "The two password fields didn"),
    ],
)
def test_bad_sign_up_input_gets_a_message_and_saves_nothing(
    client, db, field, value, message
):
    response = client.post("/accounts/signup/", signup_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.exists()
    assert not Author.objects.exists()


def test_signed_in_reader_posts_and_sees_the_comment_at_once(reader_client, thread):
    response = reader_client.post(
        POST_URL, {"body": "Twenty years on, the question is back."}
    )
    comment = Comment.objects.get(body="Twenty years on, the question is back.")
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    assert comment.position == 41
    assert not comment.is_archived
    assert comment.author.name == "New Reader"
    page = reader_client.get(THREAD_URL).content.decode()
    assert "Twenty years on, the question is back." in page
    assert "Your comment is posted." in page
    assert "41 comments" in page


def test_paragraphs_survive_and_markup_is_shown_as_text(reader_client, thread):
    reader_client.post(
        POST_URL, {"body": "First point.\r\n\r\n<b>Second</b> & <script>x</script>"}
    )
    page = reader_client.get(THREAD_URL).content.decode()
    assert "<p>First point.</p>" in page
    assert "&lt;b&gt;Second&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in page


def test_reader_not_signed_in_is_shown_how_to_sign_in(client, thread):
    page = client.get(THREAD_URL).content.decode()
    assert "to add your view" in page
    assert 'href="/accounts/login/?next=' in page
    assert 'name="body"' not in page


def test_post_without_signing_in_goes_to_sign_in_and_saves_nothing(client, thread):
    response = client.post(POST_URL, {"body": "Anonymous words"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Comment.objects.count() == 40


def test_posting_form_is_get_only_refused(reader_client, thread):
    assert reader_client.get(POST_URL).status_code == 405


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your comment before posting."),
        ("   \n\t  ", "Write your comment before posting."),
        ("\u200b\u200c\u2060", "This field needs some visible text."),
        (
            "x" * (COMMENT_MAX_LENGTH + 1),
            f"Comments can be at most {COMMENT_MAX_LENGTH} characters long "
            f"(this one has {COMMENT_MAX_LENGTH + 1})",
        ),
    ],
)
def test_bad_comment_gets_a_clear_message_and_nothing_is_saved(
    reader_client, thread, body, message
):
    response = reader_client.post(POST_URL, {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 40


def test_closed_debate_shows_no_form(reader_client, thread):
    thread.set_state(Debate.State.CLOSED, by=None)
    page = reader_client.get(THREAD_URL).content.decode()
    assert "This debate is closed</h2>" in page
    assert "It is not taking new comments." in page
    assert 'name="body"' not in page


def test_comment_posted_by_hand_to_closed_debate_is_refused(reader_client, thread):
    thread.set_state(Debate.State.CLOSED, by=None)
    response = reader_client.post(POST_URL, {"body": "Let me in anyway"})
    assert response.status_code == 403
    assert "This debate is closed, so it no longer accepts comments." in (
        response.content.decode()
    )
    assert not Comment.objects.filter(body="Let me in anyway").exists()


def test_comment_to_unknown_debate_is_404(reader_client, db):
    response = reader_client.post("/debates/nope/comments/", {"body": "Hello"})
    assert response.status_code == 404


def test_account_without_author_cannot_post(client, thread, django_user_model):
    user = django_user_model.objects.create_user("bare", password=PASSWORD)
    client.force_login(user)
    response = client.post(POST_URL, {"body": "Who am I?"}, follow=True)
    assert "Your account has no display name to post under." in (
        response.content.decode()
    )
    assert Comment.objects.count() == 40


def test_korean_and_emoji_round_trip_exactly(reader_client, thread):
    body = "주한미군 감축에 반대합니다 🇰🇷 — ok"
    reader_client.post(POST_URL, {"body": body})
    assert Comment.objects.get(position=41).body == body
    assert body in reader_client.get(THREAD_URL).content.decode()


def test_posting_too_fast_gets_429_with_retry_after(reader_client, thread, settings):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "post": (2, 100, 60)}
    for n in range(2):
        assert reader_client.post(POST_URL, {"body": f"Point {n}"}).status_code == 302
    response = reader_client.post(POST_URL, {"body": "One too many"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "Slow down a little" in response.content.decode()
    assert not Comment.objects.filter(body="One too many").exists()


def test_rate_limit_counts_per_address_across_accounts(
    client, thread, make_reader, settings
):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "post": (100, 2, 60)}
    statuses = []
    for n in range(3):
        client.force_login(make_reader(name=f"Sock {n}"))
        statuses.append(client.post(POST_URL, {"body": f"Sock {n}"}).status_code)
    assert statuses == [302, 302, 429]


def test_refused_comment_keeps_the_readers_text_to_copy(reader_client, thread):
    thread.set_state(Debate.State.CLOSED, by=None)
    response = reader_client.post(POST_URL, {"body": "Words worth keeping"})
    page = response.content.decode()
    assert "Your comment was not posted" in page
    assert "readonly>Words worth keeping</textarea>" in page


def test_invalid_comment_is_offered_back_for_correction(reader_client, thread):
    body = "x" * (COMMENT_MAX_LENGTH + 1)
    page = reader_client.post(POST_URL, {"body": body}).content.decode()
    assert "Your comment was not posted" in page
    assert f"{body}</textarea>" in page
    assert 'action="/debates/us-troops-in-south-korea/comments/"' in page


def test_the_shared_comment_form_renders_without_a_token_of_its_own(thread, settings):
    """It is rendered once for every reader, with no request; the page's own form
    tag carries each reader's token (Django warns of a token asked for there)."""
    settings.DEBUG = True
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = caching.comment_form_html(thread)
    assert "csrfmiddlewaretoken" not in html
    assert 'name="body"' in html
