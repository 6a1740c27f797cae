"""Each author's page lists their comments across debates, newest first."""

from debates.models import Author, Comment
from debates.moderation.actions import reject_comment
from debates.participation.posting import post_comment


def author_page(client, author, **params):
    return client.get(author.get_absolute_url(), params).content.decode()


def test_an_archived_authors_page_shows_their_2004_comment(client, thread):
    matt = Author.objects.get(name="Matt", place="San Francisco, USA")
    comment = matt.comments.get()
    page = author_page(client, matt)
    assert '<h1 class="h3">Matt</h1>' in page
    assert "An author from the archive" in page
    assert "I think people are getting carried away." in page
    assert 'Archived</span> <time datetime="2004-06">June 2004</time>' in page
    assert f'href="{comment.get_absolute_url()}">Permalink</a>' in page
    # The other Matt, from Boston, is another author with a page of his own.
    assert "Boston" not in page


def test_a_readers_page_lists_their_comments_across_debates_newest_first(
    client, thread, make_debate, reader
):
    other = make_debate(title="Should the DMZ become a park?")
    post_comment(debate=thread, author=reader.author, body="On troops")
    post_comment(debate=other, author=reader.author, body="On the park")
    page = author_page(client, reader.author)
    assert 'Comments <span class="text-body-secondary fw-normal">(2)</span>' in page
    assert page.index("On the park") < page.index("On troops")
    other_link = f'<a href="{other.get_absolute_url()}" lang="en">'
    assert f"{other_link}Should the DMZ become a park?</a>" in page
    assert f'<a href="{thread.get_absolute_url()}" lang="en">US troop cuts' in page


def test_others_see_only_published_comments_the_author_sees_all_with_reasons(
    client, premoderated, reader, reader_client, moderator, rule
):
    rejected = post_comment(
        debate=premoderated, author=reader.author, body="Rude words"
    )
    held = post_comment(
        debate=premoderated, author=reader.author, body="Awaiting words"
    )
    reject_comment(comment=rejected, by=moderator, rule=rule)
    assert held.status == Comment.Status.PENDING
    public = author_page(client, reader.author)
    assert "Rude words" not in public
    assert "Awaiting words" not in public
    assert "No comments yet." in public
    own = author_page(reader_client, reader.author)
    assert "Your comments" in own
    assert "Rude words" in own and f"Reason: {rule}" in own
    assert "Awaiting words" in own


def test_a_long_list_is_paged(
    client, thread, make_debate, make_comments, settings, django_assert_num_queries
):
    settings.COMMENTS_PER_PAGE = 10
    author = Author.objects.create(name="Prolific", place="Seoul")
    make_comments(make_debate(), 25, author=author)
    first = author_page(client, author)
    assert first.count('<li class="comment">') == 10
    assert "(25)" in first
    assert '<nav aria-label="Pages of comments">' in first
    assert 'href="?page=3">3</a>' in first
    last = author_page(client, author, page=3)
    assert last.count('<li class="comment">') == 5
    assert "<p>Comment 1</p>" in last
    assert "<p>Comment 6</p>" not in last
    # Out of range: the last page, not an error.
    assert author_page(client, author, page=99).count('<li class="comment">') == 5
    # The author, a count and one page of comments with their debates.
    with django_assert_num_queries(3):
        client.get(author.get_absolute_url(), {"page": 2})
