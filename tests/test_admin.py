"""The Django admin: what moderators and superusers can do there."""

import pytest

from debates.models import Comment, Debate, ModerationAction
from debates.moderation import actions as moderation

CHANGELISTS = [
    "/admin/debates/moderationaction/",
    "/admin/debates/report/",
    "/admin/debates/houserule/",
    "/admin/debates/suspension/",
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


def test_admin_close_action_asks_for_the_reason_and_records_it(
    moderator_client, moderator, thread, client
):
    chosen = {"action": "close_debates", "_selected_action": [thread.pk]}
    asked = moderator_client.post("/admin/debates/debate/", chosen)
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "These debates will be closed:" in page
    assert "Reason (optional, shown to readers)" in page
    thread.refresh_from_db()
    assert thread.state == Debate.State.OPEN
    response = moderator_client.post(
        "/admin/debates/debate/",
        {**chosen, "apply": "1", "reason": "The question has been answered."},
        follow=True,
    )
    assert "1 debate closed." in response.content.decode()
    thread.refresh_from_db()
    assert thread.state == Debate.State.CLOSED
    assert thread.state_changed_by == moderator
    assert thread.state_reason == "The question has been answered."
    closing = ModerationAction.objects.get(verb="close")
    assert closing.note == "The question has been answered."
    assert (
        "The question has been answered."
        in client.get(thread.get_absolute_url()).content.decode()
    )


def test_admin_reopen_refuses_an_unreadable_reason_and_changes_nothing(
    moderator_client, thread
):
    Debate.objects.filter(pk=thread.pk).update(state=Debate.State.CLOSED)
    response = moderator_client.post(
        "/admin/debates/debate/",
        {
            "action": "open_debates",
            "_selected_action": [thread.pk],
            "apply": "1",
            "reason": "bad\x00reason",
        },
    )
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    thread.refresh_from_db()
    assert thread.state == Debate.State.CLOSED


def test_admin_remove_action_cites_a_rule_and_writes_the_audit_trail(
    moderator_client, moderator, thread, client
):
    target = thread.comments.get(position=2)
    moderator_client.post(
        "/admin/debates/comment/",
        {"action": "remove_under_rule_3", "_selected_action": [target.pk]},
    )
    target.refresh_from_db()
    assert target.status == Comment.Status.REMOVED
    assert target.moderation_rule.number == 3
    assert target.body.startswith("It's more evidence")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "defending oil supplies" not in page
    assert "Removed by a moderator: rule 3 (Stay on topic)" in page
    moderator_client.post(
        "/admin/debates/comment/",
        {"action": "restore_comments", "_selected_action": [target.pk]},
    )
    target.refresh_from_db()
    assert target.status == Comment.Status.PUBLISHED
    verbs = list(
        ModerationAction.objects.filter(comment=target)
        .order_by("created_at", "id")
        .values_list("verb", "moderator")
    )
    assert verbs == [("remove", moderator.pk), ("restore", moderator.pk)]


def test_nobody_adds_comments_through_the_admin(admin_user_client, thread):
    assert admin_user_client.get("/admin/debates/comment/add/").status_code == 403


def test_admin_article_edit_shows_at_once_on_the_cached_page(
    admin_user_client, thread, client
):
    client.get(thread.get_absolute_url())
    article = thread.background_reading.get(publisher="")
    fields = [
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
    data = {field: getattr(article, field) for field in fields}
    data |= {"title": "A plainer headline", "published_on": "2004-06-01", "tags": "[]"}
    response = admin_user_client.post(
        f"/admin/debates/article/{article.pk}/change/", data
    )
    assert response.status_code == 302
    assert (
        "A plainer headline" in client.get(thread.get_absolute_url()).content.decode()
    )


def test_audit_trail_is_read_only_in_the_admin(admin_user_client, moderator, thread):
    moderation.close_debate(debate=thread, by=moderator, reason="done")
    action = ModerationAction.objects.get()
    assert admin_user_client.get("/admin/debates/moderationaction/").status_code == 200
    url = f"/admin/debates/moderationaction/{action.pk}/change/"
    response = admin_user_client.post(url, {"note": "rewritten"})
    assert response.status_code == 403
    delete_url = f"/admin/debates/moderationaction/{action.pk}/delete/"
    assert admin_user_client.get(delete_url).status_code == 403
    action.refresh_from_db()
    assert action.note == "done"
