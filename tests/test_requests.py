"""Hand-made requests: forged, replayed, or carrying fields the forms do not offer."""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from debates.models import Comment, Debate
from tests.builders import PASSWORD

THREAD_URL = "/debates/us-troops-in-south-korea/"
POST_URL = THREAD_URL + "comments/"


@pytest.fixture
def csrf_client(reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    return browser


def test_post_without_csrf_token_is_refused_and_saves_nothing(csrf_client, thread):
    response = csrf_client.post(POST_URL, {"body": "Forged"})
    assert response.status_code == 403
    assert "Your form could not be checked" in response.content.decode()
    assert not Comment.objects.filter(body="Forged").exists()


def test_post_with_the_pages_csrf_token_goes_through(csrf_client, thread):
    csrf_client.get(THREAD_URL)
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        POST_URL, {"body": "Genuine", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="Genuine").exists()


@pytest.mark.parametrize(
    "url",
    ["/accounts/signup/", "/accounts/login/", "/accounts/logout/"],
)
def test_account_forms_refuse_posts_without_csrf(db, url):
    response = Client(enforce_csrf_checks=True).post(url, {"username": "x"})
    assert response.status_code == 403


def state_changing_urls(thread):
    comment = thread.comments.get(position=1)
    return [
        POST_URL,
        f"{THREAD_URL}comments/{comment.pk}/recommend/",
        f"{THREAD_URL}follow/",
        "/accounts/logout/",
        f"/moderation/comments/{comment.pk}/remove/",
        f"/moderation/comments/{comment.pk}/pick/",
        f"/moderation/debates/{thread.slug}/close/",
        f"/moderation/debates/{thread.slug}/schedule/",
    ]


def test_state_changing_urls_answer_get_with_405(thread, moderator_client):
    for url in state_changing_urls(thread):
        assert moderator_client.get(url).status_code == 405, url


def test_the_only_post_only_reader_view_is_the_one_checked_above(
    thread, reader_client, reader
):
    """Walks every reader URL: a new POST-only view shows up here, to be added to
    the 405 check above."""
    comment = thread.comments.get(position=1)
    arguments = {"slug": thread.slug, "pk": comment.pk, "token": "not-a-token"}
    answering_405 = set()
    for pattern in get_resolver("debates.urls").url_patterns:
        if not isinstance(pattern, URLPattern):
            continue
        kwargs = {name: arguments[name] for name in pattern.pattern.regex.groupindex}
        if pattern.name == "author":
            kwargs["pk"] = reader.author.pk
        url = reverse(f"debates:{pattern.name}", kwargs=kwargs)
        if reader_client.get(url).status_code == 405:
            answering_405.add(pattern.name)
    assert answering_405 == {
        "comment_create",
        "recommend",
        "follow",
        "ask_for_my_data",
        "close_account",
        "signature",
    }


def test_extra_fields_cannot_choose_author_status_or_debate(
    reader_client, reader, thread, make_debate
):
    other = make_debate()
    someone = thread.comments.get(position=1).author
    reader_client.post(
        POST_URL,
        {
            "body": "Only my words",
            "author": someone.pk,
            "author_id": someone.pk,
            "status": "removed",
            "debate": other.pk,
            "position": 1,
            "is_archived": "on",
            "highlight": "fake quote",
        },
    )
    comment = Comment.objects.get(body="Only my words")
    assert comment.author == reader.author
    assert comment.debate == thread
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.position == 41
    assert not comment.is_archived
    assert comment.highlight == ""


def test_hidden_comments_cannot_be_reported_or_linked(thread, reader_client):
    comment = thread.comments.get(position=1)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
    report_url = f"{THREAD_URL}comments/{comment.pk}/report/"
    assert reader_client.post(report_url, {"reason": "spam"}).status_code == 404
    assert reader_client.get(f"{THREAD_URL}comments/{comment.pk}/").status_code == 404
    assert not comment.reports.exists()


def test_comment_of_one_debate_is_not_reachable_through_another(
    thread, reader_client, make_debate
):
    other = make_debate()
    comment = thread.comments.get(position=1)
    url = f"/debates/{other.slug}/comments/{comment.pk}/report/"
    assert reader_client.post(url, {"reason": "spam"}).status_code == 404


def test_posting_to_a_closed_debate_by_hand_changes_nothing(thread, reader_client):
    Debate.objects.filter(pk=thread.pk).update(state=Debate.State.CLOSED)
    before = Debate.objects.values_list("version", flat=True).get()
    assert reader_client.post(POST_URL, {"body": "sneak"}).status_code == 403
    assert Debate.objects.values_list("version", flat=True).get() == before


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http://evil.example/debates/"],
)
def test_sign_in_never_redirects_off_site(reader, target):
    browser = Client()
    response = browser.post(
        "/accounts/login/",
        {"username": reader.username, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["x", "home", "debates:home", "evil.example"])
def test_a_next_that_is_not_a_path_is_ignored_on_sign_up(client, db, target):
    response = client.post(
        f"/accounts/signup/?next={target}",
        {
            "username": "newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "name": "Newcomer",
            "place": "Daegu",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("target", ["x", "queue", "admin:index"])
def test_a_next_that_is_not_a_path_is_ignored_on_reader_and_moderator_forms(
    thread, reader_client, moderator_client, target
):
    comment = thread.comments.visible().last()
    recommended = reader_client.post(
        f"/debates/{thread.slug}/comments/{comment.pk}/recommend/", {"next": target}
    )
    assert recommended.status_code == 302
    assert recommended["Location"].startswith(f"/debates/{thread.slug}/")
    picked = moderator_client.post(
        f"/moderation/comments/{comment.pk}/pick/",
        {"quote": comment.body[:40], "next": target},
    )
    assert picked.status_code == 302
    assert picked["Location"].startswith("/")
