"""The thread in the archive's order, newest first, or most recommended first."""

import re

import pytest
from django.conf import settings

from debates.models import Comment
from debates.participation.posting import post_comment
from debates.participation.recommending import recommend_comment


def bodies(page):
    """The comment texts on a page, top to bottom."""
    return re.findall(r'<div class="comment-body"[^>]*><p>(.*?)</p>', page)


@pytest.fixture
def numbered(make_debate, make_comments):
    """A debate of 120 comments, "Comment 1" to "Comment 120"."""
    debate = make_debate()
    make_comments(debate, 120)
    return debate


def test_thread_reads_in_the_archives_order_by_default(client, numbered):
    page = client.get(numbered.get_absolute_url()).content.decode()
    assert bodies(page)[:3] == ["Comment 1", "Comment 2", "Comment 3"]
    assert '<span class="fw-semibold" aria-current="true">Oldest first</span>' in page


def test_newest_first_starts_from_the_last_comment_and_pages_back(client, numbered):
    url = numbered.get_absolute_url()
    first = client.get(url + "?sort=newest").content.decode()
    per_page = settings.COMMENTS_PER_PAGE
    assert bodies(first) == [f"Comment {n}" for n in range(120, 120 - per_page, -1)]
    assert 'href="?sort=newest&amp;page=2#comments"' in first
    last = client.get(url + "?sort=newest&page=3").content.decode()
    assert bodies(last)[-1] == "Comment 1"


def test_newest_first_keeps_replies_under_their_comment(thread, reader, client):
    first, second = thread.comments.order_by("position")[:2]
    reply = post_comment(
        debate=thread, author=reader.author, body="A late reply", parent=first
    )
    page = client.get(thread.get_absolute_url() + "?sort=newest&page=1").content
    page = page.decode()
    assert (
        page.index(f'id="comment-{second.pk}"')
        < page.index(f'id="comment-{first.pk}"')
        < page.index(f'id="comment-{reply.pk}"')
    )


def test_most_recommended_comes_first_then_the_archives_order(
    client, numbered, make_reader
):
    readers = [make_reader(name=f"Fan {n}") for n in range(3)]
    by_body = {c.body: c for c in Comment.objects.filter(debate=numbered)}
    for reader in readers:
        recommend_comment(comment=by_body["Comment 90"], reader=reader)
    for reader in readers[:2]:
        recommend_comment(comment=by_body["Comment 7"], reader=reader)
    recommend_comment(comment=by_body["Comment 50"], reader=readers[0])
    page = client.get(numbered.get_absolute_url() + "?sort=recommended").content
    page = page.decode()
    assert bodies(page)[:5] == [
        "Comment 90",
        "Comment 7",
        "Comment 50",
        "Comment 1",
        "Comment 2",
    ]
    assert "3 recommendations<" in page
    assert 'href="?sort=recommended&amp;page=2#comments"' in page


def test_most_recommended_ranks_replies_too_and_says_whom_they_answer(
    thread, reader, make_reader, client
):
    answered = thread.comments.get(position=3)
    reply = post_comment(
        debate=thread,
        author=reader.author,
        body="A reply worth reading",
        parent=answered,
    )
    recommend_comment(comment=reply, reader=make_reader(name="Fan"))
    page = client.get(thread.get_absolute_url() + "?sort=recommended").content
    page = page.decode()
    assert bodies(page)[0] == "A reply worth reading"
    assert (
        f'In reply to <a href="/debates/{thread.slug}/comments/{answered.pk}/">' in page
    )


def test_an_order_and_a_stance_filter_combine(client, thread):
    agree = list(
        thread.comments.filter(stance__key="agree")
        .order_by("-position")
        .values_list("pk", flat=True)
    )
    page = client.get(thread.get_absolute_url() + "?stance=agree&sort=newest").content
    shown = [
        int(pk)
        for pk in re.findall(
            r'<li class="comment[^"]*" id="comment-(\d+)"', page.decode()
        )
    ]
    assert shown == agree
    assert 'href="?stance=agree#comments"' in page.decode()


def test_an_unknown_order_reads_in_the_archives_order(client, numbered):
    page = client.get(numbered.get_absolute_url() + "?sort=random").content.decode()
    assert bodies(page)[0] == "Comment 1"
