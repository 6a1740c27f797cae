"""Readers reply to a comment, one level deep, and may quote it."""

from django.test import Client

from debates.models import Comment, Debate
from debates.moderation import actions as moderation
from debates.participation.posting import delete_comment, post_comment

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
    assert "In reply to <bdi>Matt, San Francisco, USA</bdi>" in replies
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


def a_reader_who_wants_reply_emails(make_reader, name, address):
    user = make_reader(name=name, place="Daegu")
    user.email = address
    user.save()
    user.author.notify_on_reply = True
    user.author.confirmed_email = address
    user.author.save()
    return user.author


def test_the_same_words_in_answer_to_two_comments_are_two_replies(
    thread, reader_client
):
    first, second = thread.comments.get(position=1), thread.comments.get(position=2)
    for answered in (first, second):
        response = reader_client.post(
            reply_url(answered), {"body": "Agreed, well put."}
        )
        assert response.status_code == 302
    replies = Comment.objects.filter(body="Agreed, well put.").order_by("position")
    assert [reply.parent for reply in replies] == [first, second]


def test_a_resent_reply_still_posts_once(thread, reader_client):
    answered = thread.comments.get(position=1)
    for _ in range(2):
        reader_client.post(reply_url(answered), {"body": "Sent twice."})
    assert Comment.objects.filter(body="Sent twice.").count() == 1


def test_the_same_reply_with_another_quote_or_stance_is_another_reply(thread, reader):
    answered = thread.comments.get(position=3)
    passage = "There will still be 24,500 American troops left in Korea"
    stance = thread.stances.first()
    plain = post_comment(
        debate=thread, author=reader.author, body="Yes.", parent=answered
    )
    quoting = post_comment(
        debate=thread, author=reader.author, body="Yes.", parent=answered, quote=passage
    )
    taking = post_comment(
        debate=thread, author=reader.author, body="Yes.", parent=answered, stance=stance
    )
    assert len({plain.pk, quoting.pk, taking.pk}) == 3


def test_a_reply_to_a_reply_names_and_emails_whom_it_answers(
    thread, make_reader, client, mailoutbox, django_capture_on_commit_callbacks
):
    alice = a_reader_who_wants_reply_emails(make_reader, "Alice", "alice@example.org")
    bob = a_reader_who_wants_reply_emails(make_reader, "Bob", "bob@example.org")
    carol = make_reader(name="Carol", place="Busan")
    top = post_comment(debate=thread, author=alice, body="Bring them home.")
    answer = post_comment(debate=thread, author=bob, body="Not yet.", parent=top)
    mailoutbox.clear()
    browser = Client()
    browser.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reply_url(answer), {"body": "Why not?", "quote": "Not yet."})
    reply = Comment.objects.get(body="Why not?")
    assert reply.parent == top
    assert reply.in_reply_to == answer
    assert [mail.to for mail in mailoutbox] == [["bob@example.org"]]
    page = client.get(THREAD_URL).content.decode()
    shown = page[page.index(f'id="comment-{reply.pk}"') :]
    shown = shown[: shown.index("</li>")]
    assert "In reply to" in shown
    assert "Bob, Daegu" in shown
    assert "Alice" not in shown
    assert f"/comments/{answer.pk}/" in shown


def test_the_reply_page_shows_the_reply_being_answered(thread, reader):
    top = thread.comments.get(position=1)
    answer = post_comment(debate=thread, author=reader.author, body="Hm.", parent=top)
    browser = Client()
    browser.force_login(reader)
    page = browser.get(reply_url(answer)).content.decode()
    assert "Reply to New Reader, Seoul, South Korea" in page


def quoting_reply(thread, reader):
    answered = thread.comments.get(position=3)
    passage = "There will still be 24,500 American troops left in Korea"
    post_comment(
        debate=thread,
        author=reader.author,
        body="Fewer troops still deter.",
        parent=answered,
        quote=passage,
    )
    return answered, passage


def test_a_quote_of_a_comment_a_moderator_removed_is_no_longer_shown(
    thread, reader, moderator, client
):
    answered, passage = quoting_reply(thread, reader)
    assert passage in client.get(THREAD_URL).content.decode()
    moderation.remove_comment(comment=answered, by=moderator, rule=None)
    page = client.get(THREAD_URL).content.decode()
    assert "Fewer troops still deter." in page
    assert passage not in page


def test_a_quote_of_a_comment_its_author_deleted_is_no_longer_shown(
    thread, reader, make_reader, client
):
    asker = reader.author
    top = post_comment(
        debate=thread, author=asker, body="My own words, to be taken back."
    )
    other = make_reader(name="Other")
    post_comment(
        debate=thread,
        author=other.author,
        body="Quoting you.",
        parent=top,
        quote="to be taken back",
    )
    assert "to be taken back" in client.get(THREAD_URL).content.decode()
    delete_comment(comment=top, author=asker)
    page = client.get(THREAD_URL).content.decode()
    assert "Quoting you." in page
    assert "to be taken back" not in page
