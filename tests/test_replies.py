"""Readers reply to a comment, one level deep, and may quote it."""

from debates.models import Comment, Debate
from debates.participation.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"


def reply_url(comment):
    return f"{THREAD_URL}comments/{comment.pk}/reply/"


def test_a_reply_shows_under_its_comment_saying_whom_it_answers(
    thread, reader_client, client
):
    parent = thread.comments.get(position=3)
    page = reader_client.get(reply_url(parent)).content.decode()
    assert "Reply to Matt, San Francisco, USA" in page
    response = reader_client.post(
        reply_url(parent),
        {
            "body": "Fewer troops still deter.",
            "quote": "There will still be 24,500 American troops left in Korea",
        },
    )
    reply = Comment.objects.get(body="Fewer troops still deter.")
    assert response.status_code == 302
    assert response["Location"] == reply.get_absolute_url()
    assert reply.parent == parent
    assert reply.position == 41
    page = client.get(THREAD_URL).content.decode()
    replies = page[page.index(f'id="comment-{parent.pk}"') :]
    replies = replies[
        : replies.index(f'id="comment-{thread.comments.get(position=4).pk}"')
    ]
    assert "In reply to Matt, San Francisco, USA" in replies
    assert "There will still be 24,500 American troops left in Korea" in replies
    assert "Fewer troops still deter." in replies
    assert "41 comments" in page


def test_a_replys_permalink_leads_to_its_parents_page(
    make_debate, make_comments, make_reader, client, settings
):
    settings.COMMENTS_PER_PAGE = 10
    debate = make_debate()
    comments = make_comments(debate, 25)
    reply = post_comment(
        debate=debate,
        author=make_reader().author,
        body="Late answer",
        parent=comments[2],
    )
    assert reply.position == 26
    response = client.get(reply.get_absolute_url())
    assert response["Location"] == f"{debate.get_absolute_url()}#comment-{reply.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{reply.pk}"' in page


def test_a_reply_to_a_reply_goes_under_the_first_comment(thread, reader):
    parent = thread.comments.get(position=1)
    first = post_comment(debate=thread, author=reader.author, body="One", parent=parent)
    second = post_comment(debate=thread, author=reader.author, body="Two", parent=first)
    assert second.parent == parent


def test_a_quote_must_come_from_the_comment_answered(thread, reader_client):
    parent = thread.comments.get(position=3)
    response = reader_client.post(
        reply_url(parent), {"body": "Nope", "quote": "Words nobody wrote"}
    )
    assert response.status_code == 400
    assert "The quoted passage must come from the comment" in response.content.decode()
    assert not Comment.objects.filter(body="Nope").exists()


def test_hidden_comments_and_closed_debates_take_no_replies(thread, reader_client):
    hidden = thread.comments.get(position=5)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.REMOVED)
    assert reader_client.post(reply_url(hidden), {"body": "x"}).status_code == 404
    Debate.objects.filter(pk=thread.pk).update(state=Debate.State.CLOSED)
    parent = thread.comments.get(position=1)
    response = reader_client.post(reply_url(parent), {"body": "Too late & lost?"})
    page = response.content.decode()
    assert "no longer accepts comments" in page
    assert "Post reply" not in page
    # The text the reader wrote while it closed is on the page, to keep a copy of.
    assert 'id="kept-text" rows="6" readonly>Too late &amp; lost?</textarea>' in page
    assert not Comment.objects.filter(body="Too late & lost?").exists()


def test_replying_needs_signing_in(thread, client):
    parent = thread.comments.get(position=1)
    response = client.post(reply_url(parent), {"body": "Anonymous"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_removed_comment_keeps_its_replies_in_view(thread, reader, client, moderator):
    from debates.moderation import actions as moderation

    parent = thread.comments.get(position=2)
    post_comment(debate=thread, author=reader.author, body="Still here", parent=parent)
    moderation.remove_comment(comment=parent, by=moderator, rule=None)
    page = client.get(THREAD_URL).content.decode()
    assert "Removed by a moderator" in page
    assert "Still here" in page


def test_the_reply_form_shows_each_field_once(thread, reader_client):
    page = reader_client.get(reply_url(thread.comments.get(position=1))).content
    assert page.count(b'name="quote"') == 1
    assert page.count(b'name="body"') == 1
    assert page.count(b'name="website"') == 1


def test_a_reply_emails_the_author_who_asked_for_it(
    thread, make_reader, mailoutbox, django_capture_on_commit_callbacks
):
    asker = make_reader(name="Asker", place="Daegu")
    asker.email = "asker@example.org"
    asker.save()
    asker.author.notify_on_reply = True
    asker.author.confirmed_email = "asker@example.org"
    asker.author.save()
    parent = post_comment(debate=thread, author=asker.author, body="Any answers?")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(
            debate=thread,
            author=make_reader(name="Answerer").author,
            body="Here is one.",
            parent=parent,
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["asker@example.org"]
    assert "Answerer" in mailoutbox[0].subject
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
