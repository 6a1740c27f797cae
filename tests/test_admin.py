"""The Django admin: what moderators and superusers can do there."""

import pytest

from debates.models import Comment, Debate

CHANGELISTS = [
    "/admin/debates/debate/",
    "/admin/debates/comment/",
    "/admin/debates/author/",
    "/admin/debates/article/",
]


@pytest.fixture
def admin_user_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("url", CHANGELISTS)
def test_superuser_sees_every_changelist(admin_user_client, thread, url):
    assert admin_user_client.get(url).status_code == 200


@pytest.mark.parametrize("url", CHANGELISTS)
def test_moderator_reaches_the_admin_without_being_superuser(
    moderator_client, thread, url
):
    assert moderator_client.get(url).status_code == 200


def test_readers_cannot_reach_the_admin(reader_client, thread):
    response = reader_client.get("/admin/debates/comment/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_debate_list_links_to_its_comments(admin_user_client, thread):
    page = admin_user_client.get("/admin/debates/debate/").content.decode()
    assert f"/admin/debates/comment/?debate__id__exact={thread.pk}" in page
    assert "40 comments" in page


def test_comment_search_finds_text_and_author(admin_user_client, thread):
    page = admin_user_client.get("/admin/debates/comment/?q=Panmunjom").content
    assert b"Carlo Berruti" in page
    page = admin_user_client.get("/admin/debates/comment/?q=Wozny").content
    assert b"1 result" in page


def test_admin_close_action_records_who_closed(moderator_client, moderator, thread):
    response = moderator_client.post(
        "/admin/debates/debate/",
        {"action": "close_debates", "_selected_action": [thread.pk]},
        follow=True,
    )
    assert "1 debate(s) closed." in response.content.decode()
    thread.refresh_from_db()
    assert thread.state == Debate.State.CLOSED
    assert thread.state_changed_by == moderator


def test_admin_hide_action_hides_without_deleting(moderator_client, thread, client):
    target = thread.comments.get(position=2)
    moderator_client.post(
        "/admin/debates/comment/",
        {"action": "hide_comments", "_selected_action": [target.pk]},
    )
    target.refresh_from_db()
    assert target.status == Comment.Status.REMOVED
    assert target.body.startswith("It's more evidence")
    assert (
        "defending oil supplies"
        not in client.get(thread.get_absolute_url()).content.decode()
    )
    moderator_client.post(
        "/admin/debates/comment/",
        {"action": "restore_comments", "_selected_action": [target.pk]},
    )
    target.refresh_from_db()
    assert target.status == Comment.Status.PUBLISHED


def test_nobody_adds_comments_through_the_admin(admin_user_client, thread):
    assert admin_user_client.get("/admin/debates/comment/add/").status_code == 403


def test_admin_edits_show_at_once_on_the_cached_page(admin_user_client, thread, client):
    client.get(thread.get_absolute_url())
    comment = thread.comments.get(position=1)
    data = {
        "author": comment.author_id,
        "body": "Edited by the desk.",
        "highlight": "",
    }
    response = admin_user_client.post(
        f"/admin/debates/comment/{comment.pk}/change/", data
    )
    assert response.status_code == 302
    article = thread.background_reading.get(publisher="")
    article.title = "A plainer headline"
    admin_user_client.post(
        f"/admin/debates/article/{article.pk}/change/",
        {
            field: getattr(article, field)
            for field in [
                "title",
                "slug",
                "publisher",
                "byline",
                "source_credit",
                "published_on_precision",
                "dateline",
                "url",
                "standfirst",
                "photo_caption",
                "photo_credit",
                "body",
                "provenance",
            ]
        }
        | {"published_on": "2004-06-01", "tags": "[]"},
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Edited by the desk." in page
    assert "A plainer headline" in page
