"""The debate page costs the same at any length, and its caches stay fresh."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.models import Comment, Debate
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment
from debates.reading import page_cache as caching

# Nothing cached: the debate's version; the debate with its comment counts; its
# articles and its timeline's moderation events (prefetched together); its stances;
# one page of comments with their authors; the replies to them; the page's
# recommendation counts, which are never cached.
COLD_PAGE_QUERIES = 8
# Signed out, everything but the counts comes rendered from the cache.
SIGNED_OUT_WARM_QUERIES = 2
# Session (read through Redis when it is configured), user with author, the debate's
# version, the reader's own comments that others cannot see, whether they follow the
# debate, the page's counts with the comments they recommend: everything else comes
# rendered from the cache.
SIGNED_IN_WARM_QUERIES = 5 if settings.REDIS_URL else 6
# Ranked by recommendations, the page's comment ids are asked for on every view.
RANKING_QUERIES = 1


@pytest.fixture
def long_debate(make_debate, make_comments):
    def make(count):
        debate = make_debate()
        make_comments(debate, count)
        return debate

    return make


@pytest.mark.parametrize("comment_count", [40, 5000])
def test_debate_page_costs_the_same_queries_at_any_length(
    client, long_debate, django_assert_num_queries, comment_count
):
    debate = long_debate(comment_count)
    with django_assert_num_queries(COLD_PAGE_QUERIES):
        first = client.get(debate.get_absolute_url())
    last_page = (comment_count - 1) // 50 + 1
    cache.clear()
    caching.clear_local()
    with django_assert_num_queries(COLD_PAGE_QUERIES):
        last = client.get(debate.get_absolute_url() + f"?page={last_page}")
    assert first.status_code == last.status_code == 200
    assert f"Comment {comment_count}<" in last.content.decode()


# Ranked by recommendations, the thread lists replies among the comments, so no
# separate query for them, but its ids are asked for first.
@pytest.mark.parametrize(
    "sort, queries",
    [("newest", COLD_PAGE_QUERIES), ("recommended", COLD_PAGE_QUERIES)],
)
def test_sorted_pages_cost_the_same_queries_at_any_depth(
    client, long_debate, django_assert_num_queries, sort, queries
):
    debate = long_debate(5000)
    url = debate.get_absolute_url() + f"?sort={sort}"
    with django_assert_num_queries(queries):
        first = client.get(url)
    cache.clear()
    caching.clear_local()
    with django_assert_num_queries(queries):
        last = client.get(url + "&page=100")
    assert first.status_code == last.status_code == 200
    last_on_first = "Comment 5000<" if sort == "newest" else "Comment 1<"
    assert last_on_first in first.content.decode()


@pytest.mark.parametrize("comment_count", [40, 5000])
def test_anonymous_reader_gets_the_cached_page_for_two_queries(
    client, long_debate, django_assert_num_queries, comment_count
):
    debate = long_debate(comment_count)
    cold = client.get(debate.get_absolute_url()).content
    with django_assert_num_queries(SIGNED_OUT_WARM_QUERIES):
        warm = client.get(debate.get_absolute_url()).content
    assert warm == cold


@pytest.mark.parametrize("sort", ["oldest", "newest", "recommended"])
@pytest.mark.parametrize("comment_count", [40, 5000])
def test_signed_in_reader_reuses_the_rendered_comments(
    reader_client, long_debate, django_assert_num_queries, comment_count, sort
):
    debate = long_debate(comment_count)
    url = debate.get_absolute_url() + f"?sort={sort}"
    reader_client.get(url)
    ranking = RANKING_QUERIES if sort == "recommended" else 0
    with django_assert_num_queries(SIGNED_IN_WARM_QUERIES + ranking):
        page = reader_client.get(url).content.decode()
    assert "You are posting as <strong>New Reader, Seoul, South Korea</strong>" in page


def test_page_view_writes_nothing_to_the_database(reader_client, long_debate):
    debate = long_debate(40)
    with CaptureQueriesContext(connection) as queries:
        reader_client.get(debate.get_absolute_url())
        reader_client.get(debate.get_absolute_url() + "?page=1")
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert set(statements) == {"SELECT"}


def test_cached_page_shows_a_new_comment_at_once(client, long_debate, make_reader):
    debate = long_debate(3)
    client.get(debate.get_absolute_url())
    author = make_reader().author
    post_comment(debate=debate, author=author, body="Fresh off the press")
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Fresh off the press" in page
    assert "4 comments" in page


def test_cached_page_loses_a_removed_comment_at_once(client, long_debate, moderator):
    debate = long_debate(3)
    client.get(debate.get_absolute_url())
    moderation.remove_comment(
        comment=Comment.objects.get(debate=debate, position=2), by=moderator, rule=None
    )
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Comment 2<" not in page
    assert "Removed by a moderator" in page
    assert "2 comments" in page


def test_cached_page_of_a_closed_debate_never_offers_the_form(
    client, reader_client, long_debate, moderator
):
    debate = long_debate(3)
    client.get(debate.get_absolute_url())
    reader_client.get(debate.get_absolute_url())
    moderation.close_debate(debate=debate, by=moderator)
    assert (
        'name="body"'
        not in reader_client.get(debate.get_absolute_url()).content.decode()
    )
    assert (
        "<strong>Closed</strong> by"
        in client.get(debate.get_absolute_url()).content.decode()
    )
    moderation.open_debate(debate=debate, by=moderator)
    assert (
        'name="body"' in reader_client.get(debate.get_absolute_url()).content.decode()
    )


def test_every_change_turns_the_debate_version(long_debate, make_reader, moderator):
    debate = long_debate(2)
    versions = [debate.version]

    def record():
        debate.refresh_from_db()
        versions.append(debate.version)

    post_comment(debate=debate, author=make_reader().author, body="hello")
    record()
    first = debate.comments.get(position=1)
    moderation.remove_comment(comment=first, by=moderator, rule=None)
    record()
    moderation.restore_comment(comment=first, by=moderator)
    record()
    moderation.close_debate(debate=debate, by=moderator)
    record()
    assert len(set(versions)) == len(versions)
    assert Debate.objects.get(pk=debate.pk).version == versions[-1]


def test_deep_pages_stay_in_position_order(client, long_debate):
    debate = long_debate(5000)
    page = client.get(debate.get_absolute_url() + "?page=73").content.decode()
    assert page.index("Comment 3601<") < page.index("Comment 3650<")
    assert "Comment 3600<" not in page and "Comment 3651<" not in page


def test_a_new_release_files_its_pages_apart(tmp_path):
    """Cached pages are keyed by what renders them, so a deploy (or one server of a
    rolling one) never serves pages its old templates drew."""
    (tmp_path / "debates").mkdir()
    template = tmp_path / "debates" / "_thread.html"
    template.write_text("<ol>{{ comments }}</ol>")
    before = caching.release_of(tmp_path)
    assert caching.release_of(tmp_path) == before
    template.write_text("<ul>{{ comments }}</ul>")
    assert caching.release_of(tmp_path) != before
    assert caching.RELEASE in caching._key(1, "7", "thread")
