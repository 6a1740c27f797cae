"""Authors edit or delete their own comment for a short while; moderators keep the
earlier text."""

import datetime
import importlib

from django.utils import timezone

from debates.models import Comment, CommentRevision, Debate
from debates.moderation.actions import approve_comment, remove_comment, suspend_author
from debates.participation.posting import post_comment
from tests.test_scale import SIGNED_IN_WARM_QUERIES

THREAD_URL = "/debates/us-troops-in-south-korea/"


def own_comment(thread, reader, body="First draft"):
    return post_comment(debate=thread, author=reader.author, body=body)


def edit_url(comment):
    return f"{THREAD_URL}comments/{comment.pk}/edit/"


def make_old(comment):
    Comment.objects.filter(pk=comment.pk).update(
        posted_at=timezone.now() - datetime.timedelta(minutes=16)
    )


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


def delete_url(comment):
    return f"{THREAD_URL}comments/{comment.pk}/delete/"


def comment_markup(page, comment):
    """One comment's own markup on a page, without its replies."""
    start = page.index(f'id="comment-{comment.pk}"')
    return page[start : page.index("</footer>", start)]


def test_deleting_asks_first_on_a_page_that_works_without_javascript(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    response = reader_client.get(delete_url(comment))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Delete your comment?" in page
    assert "First draft" in page
    assert f'<form method="post" action="{delete_url(comment)}">' in page
    assert ">Delete it</button>" in page
    assert f'href="{THREAD_URL}comments/{comment.pk}/">Keep it</a>' in page
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_the_confirmation_page_after_the_window_says_why_and_offers_no_button(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    make_old(comment)
    response = reader_client.get(delete_url(comment))
    page = response.content.decode()
    assert response.status_code == 403
    assert "for 15 minutes after posting" in page
    assert "Delete it" not in page


def test_own_comment_carries_edit_and_delete_instead_of_report(
    thread, reader, reader_client, make_reader, client
):
    comment = own_comment(thread, reader)
    own = comment_markup(reader_client.get(THREAD_URL).content.decode(), comment)
    assert f'<a href="{edit_url(comment)}" rel="nofollow">Edit</a>' in own
    assert f'<a href="{delete_url(comment)}" rel="nofollow">Delete</a>' in own
    assert ">Report</a>" not in own
    client.force_login(make_reader(name="Other"))
    theirs = comment_markup(client.get(THREAD_URL).content.decode(), comment)
    assert ">Report</a>" in theirs
    assert "edit/" not in theirs and "delete/" not in theirs


def test_own_comment_past_the_window_offers_neither_edit_nor_report(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    make_old(comment)
    own = comment_markup(reader_client.get(THREAD_URL).content.decode(), comment)
    assert "edit/" not in own and "delete/" not in own
    assert ">Report</a>" not in own


def test_moderators_alone_get_a_link_to_moderate_each_comment(
    thread, reader_client, moderator_client, client
):
    first = thread.comments.get(position=1)
    link = f'<a href="/moderation/comments/{first.pk}/" rel="nofollow">Moderate</a>'
    staff = comment_markup(moderator_client.get(THREAD_URL).content.decode(), first)
    assert link in staff
    assert ">Report</a>" in staff
    for other in (reader_client, client):
        assert "Moderate</a>" not in other.get(THREAD_URL).content.decode()


def test_an_edited_comment_says_so_with_the_time_to_everyone(
    thread, reader, reader_client, client
):
    comment = own_comment(thread, reader)
    unedited = comment_markup(client.get(THREAD_URL).content.decode(), comment)
    assert "edited" not in unedited
    reader_client.post(edit_url(comment), {"body": "Second thoughts"})
    comment.refresh_from_db()
    assert comment.edited_at is not None
    shown = comment_markup(client.get(THREAD_URL).content.decode(), comment)
    assert '<span class="edited">edited <time datetime="' in shown
    assert comment.edited_at.strftime("%Y-%m-%dT%H:%M") in shown


def test_saving_the_same_text_does_not_mark_the_comment_edited(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    reader_client.post(edit_url(comment), {"body": "First draft"})
    comment.refresh_from_db()
    assert comment.edited_at is None


def test_comments_edited_before_edits_were_dated_take_their_last_revision_time(
    thread, reader
):
    from django.apps import apps

    migration = importlib.import_module("debates.migrations.0015_comment_edited_at")
    comment = own_comment(thread, reader)
    untouched = own_comment(thread, reader, body="Never changed")
    earlier = timezone.now() - datetime.timedelta(days=3)
    later = earlier + datetime.timedelta(minutes=5)
    for when in (earlier, later):
        CommentRevision.objects.create(comment=comment, body="x", replaced_at=when)
    migration.date_earlier_edits(apps, None)
    comment.refresh_from_db()
    untouched.refresh_from_db()
    assert comment.edited_at == later
    assert untouched.edited_at is None


def test_a_reader_with_a_comment_on_the_page_costs_one_query_more(
    thread, reader, reader_client, django_assert_num_queries
):
    own_comment(thread, reader)
    reader_client.get(THREAD_URL)
    with django_assert_num_queries(SIGNED_IN_WARM_QUERIES + 1):
        reader_client.get(THREAD_URL)


def test_opening_the_edit_page_after_the_window_says_why_and_offers_no_form(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    make_old(comment)
    response = reader_client.get(edit_url(comment))
    page = response.content.decode()
    assert response.status_code == 403
    assert "for 15 minutes after posting; after that, ask a moderator." in page
    assert "<textarea" not in page
    assert ">Save</button>" not in page


def test_opening_the_edit_page_of_a_deleted_comment_says_it_cannot_change(
    thread, reader, reader_client
):
    comment = own_comment(thread, reader)
    reader_client.post(f"{THREAD_URL}comments/{comment.pk}/delete/")
    response = reader_client.get(edit_url(comment))
    assert response.status_code == 403
    assert "This comment can no longer be changed." in response.content.decode()


def test_deleting_after_the_window_is_refused(thread, reader, reader_client):
    comment = own_comment(thread, reader)
    make_old(comment)
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/delete/", follow=True
    )
    assert "for 15 minutes after posting" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_a_comment_a_moderator_removed_cannot_be_deleted_or_edited_by_its_author(
    thread, reader, reader_client, moderator, rule
):
    comment = own_comment(thread, reader)
    remove_comment(comment=comment, by=moderator, rule=rule)
    reader_client.post(f"{THREAD_URL}comments/{comment.pk}/delete/")
    reader_client.post(edit_url(comment), {"body": "Sneaked back"})
    comment.refresh_from_db()
    # Still the moderator's decision, with its reason, not "deleted by its author".
    assert comment.status == Comment.Status.REMOVED
    assert comment.body == "First draft"


def test_comments_in_a_closed_debate_are_final(thread, reader, reader_client):
    comment = own_comment(thread, reader)
    Debate.objects.filter(pk=thread.pk).update(state=Debate.State.CLOSED)
    response = reader_client.post(edit_url(comment), {"body": "After the close"})
    page = response.content.decode()
    assert response.status_code == 400
    # Said once, where a screen reader announces it.
    assert page.count("This debate is closed, so its comments are final") == 1
    assert '<div class="alert alert-block alert-danger" role="alert">' in page
    # The refused text stays in the form, to try again or copy.
    assert "After the close</textarea>" in page
    reader_client.post(f"{THREAD_URL}comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("First draft", Comment.Status.PUBLISHED)
    assert "edit/" not in reader_client.get(THREAD_URL).content.decode()


def test_a_suspended_author_cannot_edit(thread, reader, reader_client, moderator, rule):
    comment = own_comment(thread, reader)
    suspend_author(author=reader.author, by=moderator, ends_at=None, rule=rule)
    response = reader_client.post(edit_url(comment), {"body": "Still shouting"})
    assert response.status_code == 400
    assert "suspended" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First draft"


def test_an_approved_comment_edited_on_a_premoderated_debate_is_reviewed_again(
    premoderated, reader, reader_client, moderator, client
):
    comment = own_comment(premoderated, reader, body="Polite words")
    approve_comment(comment=comment, by=moderator)
    response = reader_client.post(edit_url(comment), {"body": "Spam, spam, spam"})
    assert response["Location"] == f"{THREAD_URL}#your-comments"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Spam, spam, spam"
    page = client.get(THREAD_URL).content.decode()
    assert "Spam, spam, spam" not in page
    assert "Polite words" not in page
    message = reader_client.get(THREAD_URL).content.decode()
    assert "Your comment is updated and awaits a moderator&#x27;s review." in message


def test_an_edit_that_changes_nothing_is_not_sent_back_for_review(
    premoderated, reader, reader_client, moderator
):
    comment = own_comment(premoderated, reader, body="Polite words")
    approve_comment(comment=comment, by=moderator)
    reader_client.post(edit_url(comment), {"body": "Polite words"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not comment.revisions.exists()


def test_an_approved_first_comment_edited_is_held_like_a_new_one(
    thread, reader, reader_client, moderator, client, settings
):
    settings.FORUM_HOLD_FIRST_COMMENTS = 1
    comment = own_comment(thread, reader, body="Polite words")
    assert comment.status == Comment.Status.PENDING
    approve_comment(comment=comment, by=moderator)
    reader_client.post(edit_url(comment), {"body": "Something else entirely"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "Something else entirely" not in client.get(THREAD_URL).content.decode()


def test_an_edit_by_a_poster_past_the_hold_stays_published(
    thread, reader, reader_client, moderator, settings
):
    settings.FORUM_HOLD_FIRST_COMMENTS = 1
    first = own_comment(thread, reader, body="One")
    approve_comment(comment=first, by=moderator)
    second = own_comment(thread, reader, body="Two")
    approve_comment(comment=second, by=moderator)
    reader_client.post(edit_url(second), {"body": "Two, better put"})
    second.refresh_from_db()
    assert second.status == Comment.Status.PUBLISHED
