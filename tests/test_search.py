"""Readers search the debates and their published comments, and see what matched."""

import re

import pytest
from django.db import connection

from debates.models import Author, Comment, Debate
from debates.search import matching as search

SEARCH_URL = "/search/"

full_text_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming and ranking are PostgreSQL's full-text search; SQLite matches "
    "words as typed",
)


def search_page(client, q, **params):
    response = client.get(SEARCH_URL, {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def results(page):
    """The text of each result, tags stripped, in the order shown."""
    items = re.findall(r'<li class="search-result">(.*?)</li>', page, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


@pytest.fixture
def debate(make_debate):
    return make_debate(title="Food and friendship", question="What do you cook?")


def add_comment(debate, body, *, status=Comment.Status.PUBLISHED, name="Cook"):
    author, _ = Author.objects.get_or_create(name=name, place="Busan")
    position = (debate.comments.count() or 0) + 1
    return Comment.objects.create(
        debate=debate, author=author, body=body, position=position, status=status
    )


def test_finds_an_archived_comment_by_a_word_and_links_its_permalink(client, thread):
    comment = thread.comments.get(author__name="Carlo Berruti")
    page = search_page(client, "Panmunjom")
    assert "0 debates and 1 comment match <strong>Panmunjom</strong>." in page
    assert "I visited <mark>Panmunjom</mark>, the" in page
    assert (
        f'href="{comment.get_absolute_url()}" '
        'aria-label="Read in the debate the comment by' in page
    )
    assert "<strong><bdi>Carlo Berruti</bdi></strong>, <bdi>Milan, Italy</bdi>" in page


def test_finds_comments_by_their_authors_name_or_place(client, thread):
    by_name = results(search_page(client, "Peddle"))
    assert by_name and all("Marcus Peddle" in result for result in by_name)
    by_place = results(search_page(client, "Kunsan"))
    assert by_place and all("Kunsan Air Base" in result for result in by_place)
    # Every word must still match: a name word and a word of the text.
    assert results(search_page(client, "Peddle Panmunjom")) == []


def test_finds_a_word_whatever_its_case(client, thread):
    page = search_page(client, "APPEASEMENT")
    (result,) = results(page)
    assert "The South Koreans are practicing appeasement with the North." in result
    assert "Matt, Boston, US" in result
    assert "practicing <mark>appeasement</mark> with" in page


def test_every_word_must_match(client, thread):
    assert len(results(search_page(client, "Panmunjom truce"))) == 1
    page = search_page(client, "Panmunjom appeasement")
    assert results(page) == []
    assert "Nothing matches <strong>Panmunjom appeasement</strong>." in page


def test_finds_debates_by_their_title_with_the_words_highlighted(client, thread):
    page = search_page(client, "troop cuts")
    assert "1 debate and " in page
    assert (
        f'<a href="{thread.get_absolute_url()}">US <mark>troop</mark> '
        "<mark>cuts</mark> in South Korea: do you agree?</a>"
    ) in page


@pytest.mark.parametrize(
    "status",
    [
        Comment.Status.PENDING,
        Comment.Status.HELD,
        Comment.Status.REJECTED,
        Comment.Status.REMOVED,
    ],
)
def test_unpublished_comments_are_never_found_nor_counted(client, debate, status):
    add_comment(debate, "Kimchi for everyone, published.")
    add_comment(debate, f"Kimchi in secret, {status}.", status=status)
    page = search_page(client, "kimchi")
    assert "0 debates and 1 comment match" in page
    assert "published." in page
    assert "in secret" not in page
    assert Comment.objects.search(search.Query.parse("secret")).count() == 0


def test_a_removed_archived_comment_is_no_longer_found(client, thread):
    thread.comments.filter(author__name="Carlo Berruti").update(
        status=Comment.Status.REMOVED
    )
    page = search_page(client, "Panmunjom")
    assert "Nothing matches" in page
    assert "truce village" not in page


def test_hostile_text_in_a_comment_is_escaped_around_the_highlight(client, debate):
    add_comment(debate, '<script>alert("kimchi")</script> kimchi & <b>tea</b>')
    page = search_page(client, "kimchi")
    assert "<mark>kimchi</mark>" in page
    assert "&lt;script&gt;alert(&quot;" in page
    assert "&amp; &lt;b&gt;tea&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "<b>tea" not in page


def test_text_that_looks_like_escaping_is_shown_as_typed(client, debate):
    add_comment(debate, "Write &lt;mark&gt; to fake a kimchi highlight")
    page = search_page(client, "kimchi")
    assert "Write &amp;lt;mark&amp;gt; to fake a <mark>kimchi</mark>" in page
    assert page.count("<mark>") == 1


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1 --",
        "troops\\",
        "troop.* (cuts|[a-z]+)",
        "%troops_",
        '"unclosed quote',
        "-troops or",
        "troops\x00cuts",
        "troops\u202ecuts",
    ],
)
def test_hostile_queries_are_answered_safely(client, thread, query):
    page = search_page(client, query)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "onerror=alert(1)>" not in page
    assert "Revived Debates" in page


def test_the_query_is_echoed_escaped_in_the_form(client, thread):
    page = search_page(client, '"peace treaty" <b>')
    assert 'value="&quot;peace treaty&quot; &lt;b&gt;"' in page
    assert "<strong>&quot;peace treaty&quot; &lt;b&gt;</strong>" in page
    page = search_page(client, '"peace treaty"')
    assert "proper <mark>peace</mark> <mark>treaty</mark>" in page


def test_a_query_over_the_limit_is_refused_before_any_search(
    client, thread, django_assert_num_queries
):
    with django_assert_num_queries(0):
        page = search_page(client, "troops " * 100)
    assert "A search can be at most 100 characters long" in page
    assert results(page) == []
    assert f'value="{("troops " * 100)[:100]}"' in page
    assert 'maxlength="100"' in page


@pytest.mark.parametrize("query", ["", "   ", "a", "? !", "'\""])
def test_an_empty_or_too_short_query_says_what_to_type(client, thread, query):
    page = search_page(client, query)
    assert "Type a word of at least 2 letters to search for." in page
    assert results(page) == []


def test_the_search_page_without_a_query_invites_one(client):
    response = client.get(SEARCH_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label class="form-label" for="search-q">' in page
    assert "Type a word" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_every_page_has_a_labelled_search_form_in_its_header(client, thread):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert (
        '<form class="site-search" role="search" method="get" action="/search/">'
        in (page)
    )
    assert '<label class="visually-hidden" for="site-search-q">' in page
    assert 'id="site-search-q" name="q"' in page
    # The search page has its own, larger form instead.
    assert 'class="site-search"' not in search_page(client, "troops")


def test_results_are_paginated_and_pages_keep_the_query(client, debate):
    for n in range(1, 46):
        add_comment(debate, f"Zebracorn sighting number {n}.")
    first = search_page(client, "zebracorn")
    assert "45 comments match" in first
    assert len(results(first)) == 20
    assert 'href="?q=zebracorn&amp;page=2"' in first
    last = search_page(client, "zebracorn", page=3)
    assert len(results(last)) == 5
    assert "(page 3 of 3)" in last


def test_a_long_comment_is_shown_as_an_excerpt_around_the_match(client, debate):
    before = " ".join(f"before{n}" for n in range(300))
    after = " ".join(f"after{n}" for n in range(300))
    add_comment(debate, f"{before} the needle is here {after}")
    page = search_page(client, "needle")
    (result,) = results(page)
    assert "<mark>needle</mark>" in page
    assert "before0 " not in result
    assert "after299" not in result
    assert len(result) < 600


def test_the_search_page_makes_a_fixed_number_of_queries(
    client, thread, django_assert_num_queries
):
    with django_assert_num_queries(4):
        page = search_page(client, "troops")
    assert len(results(page)) > 10


def test_highlighting_escapes_every_piece():
    html = search.render([("<b>", False), ('"x"', True), ("&", False)])
    assert html == "&lt;b&gt;<mark>&quot;x&quot;</mark>&amp;"


@full_text_only
def test_full_text_search_finds_other_forms_of_a_word(client, thread):
    page = search_page(client, "withdrawing")
    assert "but rather <mark>withdraw</mark> them all together" in page
    assert "<mark>withdrawal</mark>" in page


@full_text_only
def test_full_text_search_ranks_the_closest_match_first(client, debate):
    add_comment(debate, "Kimchi is mentioned once among many other words here.")
    add_comment(debate, "Kimchi, kimchi and more kimchi: kimchi every day.")
    found = Comment.objects.search(search.Query.parse("kimchi"))
    assert [comment.position for comment in found] == [2, 1]
    first, second = results(search_page(client, "kimchi"))
    assert "Kimchi, kimchi and more kimchi" in first
    assert "Kimchi is mentioned once" in second


@full_text_only
def test_full_text_search_reads_quoted_phrases(client, thread):
    phrase = results(search_page(client, '"peace treaty"'))
    assert phrase
    assert all("peace treaty" in result for result in phrase)
    assert results(search_page(client, '"treaty peace"')) == []
    assert results(search_page(client, "treaty peace")) == phrase


def test_debates_are_searched_by_question_and_introduction(client, debate):
    Debate.objects.filter(pk=debate.pk).update(introduction="Bibimbap or bulgogi?")
    page = search_page(client, "bibimbap")
    assert "1 debate and 0 comments match" in page
    assert "<mark>Bibimbap</mark> or bulgogi?" in page
