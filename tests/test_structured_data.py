"""Search engines read each debate as a schema.org DiscussionForumPosting with its
comments, and each article as a NewsArticle, from the pages as served."""

import json
import re

import pytest

from debates.models import Article, Comment
from debates.participation.posting import post_comment

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.FORUM_SITE_URL = "https://forum.example.org"


def structured_data(response):
    assert response.status_code == 200
    (found,) = LD_JSON.findall(response.content.decode())
    return json.loads(found)


def test_the_debate_is_a_forum_posting_with_its_40_comments(client, thread):
    posting = structured_data(client.get(thread.get_absolute_url()))
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "DiscussionForumPosting"
    assert posting["headline"] == thread.title
    assert posting["text"] == thread.question
    assert posting["datePublished"] == "2004-06"
    assert (
        posting["url"] == "https://forum.example.org/debates/us-troops-in-south-korea/"
    )
    assert posting["commentCount"] == 40
    comments = posting["comment"]
    assert len(comments) == 40
    by_position = Comment.objects.filter(debate=thread).order_by("position")
    for data, comment in zip(comments, by_position, strict=True):
        assert data["@type"] == "Comment"
        assert data["author"]["@type"] == "Person"
        assert data["author"]["name"] == comment.author.name
        assert data["author"].get("homeLocation", {}).get("name", "") == (
            comment.author.place
        )
        assert data["text"] == comment.body
        # Only the month is known, and only the month is claimed.
        assert data["datePublished"] == "2004-06"
        assert data["url"] == f"https://forum.example.org{comment.get_absolute_url()}"


def test_a_reply_is_a_comment_on_the_comment_it_answers(client, thread, reader):
    first = Comment.objects.get(debate=thread, position=1)
    reply = post_comment(
        debate=thread, author=reader.author, body="Not so.", parent=first
    )
    posting = structured_data(client.get(thread.get_absolute_url()))
    (answered,) = [c for c in posting["comment"] if c.get("comment")]
    assert answered["author"]["name"] == first.author.name
    (data,) = answered["comment"]
    assert data["text"] == "Not so."
    assert data["datePublished"] == reply.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_what_readers_cannot_read_is_not_in_the_data(client, thread):
    thread.comments.filter(position=2).update(status=Comment.Status.REMOVED)
    posting = structured_data(client.get(thread.get_absolute_url()))
    assert len(posting["comment"]) == 39
    removed = thread.comments.get(position=2)
    assert removed.body not in json.dumps(posting)


def test_a_quote_of_a_removed_comment_is_not_in_the_data(
    client, thread, reader, moderator
):
    from debates.moderation.actions import remove_comment

    answered = Comment.objects.get(debate=thread, position=3)
    passage = "There will still be 24,500 American troops left in Korea"
    post_comment(
        debate=thread,
        author=reader.author,
        body="Still.",
        parent=answered,
        quote=passage,
    )
    posting = structured_data(client.get(thread.get_absolute_url()))
    assert passage in json.dumps(posting)
    remove_comment(comment=answered, by=moderator, rule=None)
    posting = structured_data(client.get(thread.get_absolute_url()))
    assert passage not in json.dumps(posting)


def test_a_readers_text_cannot_end_the_data_block(client, thread, reader):
    typed = "</script><script>alert(1)</script> & 'quoted'"
    post_comment(debate=thread, author=reader.author, body=typed)
    response = client.get(thread.get_absolute_url())
    assert "</script><script>alert" not in response.content.decode()
    assert structured_data(response)["comment"][-1]["text"] == typed


def test_an_article_is_a_news_article_dated_as_known(client, thread):
    article = Article.objects.get(publisher="Al Mayadeen English")
    data = structured_data(client.get(article.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["publisher"] == {"@type": "Organization", "name": article.publisher}
    assert data["datePublished"] == article.published_machine
    assert data["isBasedOn"] == article.url
