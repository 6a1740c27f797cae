"""Authors edit or delete their own comment for a short while; moderators keep the
earlier text."""

import datetime

from django.utils import timezone

from debates.models import Comment
from debates.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"


def own_comment(thread, reader, body="First draft"):
    return post_comment(debate=thread, author=reader.author, body=body)


def test_author_edits_within_the_window_and_moderators_keep_the_old_text(
    thread, reader, reader_client, moderator_client, client
):
    comment = own_comment(thread, reader)
    page = reader_client.get(THREAD_URL).content.decode()
    assert f'href="{THREAD_URL}comments/{comment.pk}/edit/"' in page
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/edit/", {"body": "Second thoughts"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second thoughts"
    assert list(comment.revisions.values_list("body", flat=True)) == ["First draft"]
    assert "Second thoughts" in client.get(THREAD_URL).content.decode()
    staff_page = moderator_client.get(f"/moderation/comments/{comment.pk}/")
    assert "First draft" in staff_page.content.decode()


def test_editing_after_the_window_is_refused(thread, reader, reader_client):
    comment = own_comment(thread, reader)
    Comment.objects.filter(pk=comment.pk).update(
        posted_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/edit/", {"body": "Too late"}
    )
    assert response.status_code == 400
    assert "for 15 minutes after posting" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First draft"
    assert (
        f"comments/{comment.pk}/edit/"
        not in reader_client.get(THREAD_URL).content.decode()
    )


def test_nobody_edits_or_deletes_someone_elses_comment(
    thread, reader, make_reader, client
):
    comment = own_comment(thread, reader)
    other = make_reader(name="Other")
    client.force_login(other)
    url = f"{THREAD_URL}comments/{comment.pk}/"
    assert client.post(url + "edit/", {"body": "Hijacked"}).status_code == 404
    assert client.post(url + "delete/").status_code == 404
    archived = thread.comments.get(position=1)
    assert (
        client.post(
            f"{THREAD_URL}comments/{archived.pk}/edit/", {"body": "x"}
        ).status_code
        == 404
    )
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("First draft", Comment.Status.PUBLISHED)


def test_author_deletes_and_readers_see_a_placeholder(
    thread, reader, reader_client, client
):
    comment = own_comment(thread, reader)
    response = reader_client.post(f"{THREAD_URL}comments/{comment.pk}/delete/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.WITHDRAWN
    assert comment.body == "First draft"
    page = client.get(THREAD_URL).content.decode()
    assert "Deleted by its author." in page
    assert "First draft" not in page
    assert "40 comments" in page


def test_delete_refuses_get(thread, reader, reader_client):
    comment = own_comment(thread, reader)
    url = f"{THREAD_URL}comments/{comment.pk}/delete/"
    assert reader_client.get(url).status_code == 405
