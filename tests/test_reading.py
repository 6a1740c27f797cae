"""What a reader sees: the list of debates, a thread, its comments and its reading."""

import re

import pytest
from django.urls import reverse

from debates.models import Comment, Debate

THREAD_URL = "/debates/us-troops-in-south-korea/"


def test_home_lists_each_debate_with_state_count_and_last_activity(
    client, thread, make_debate
):
    make_debate(title="A closed question", state=Debate.State.CLOSED)
    page = client.get("/").content.decode()
    assert "US troop cuts in South Korea: do you agree?" in page
    assert "40 comments" in page
    assert "last comment June 2004 (archive)" in page
    assert "A closed question" in page
    assert ">Open<" in page and ">Closed<" in page


def test_debate_page_shows_introduction_question_and_archive_notice(client, thread):
    response = client.get(THREAD_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "12,500 of its 37,000 troops" in page
    assert "Do you agree with the US decision?" in page
    assert "This debate first ran in June 2004 and was closed then." in page
    assert "This debate is now closed. Read your comments below." in page
    assert "Open for new comments.</strong>" in page
    assert "The debate has been revived." in page


def test_debate_page_shows_comments_with_name_place_and_archive_mark(client, thread):
    page = client.get(THREAD_URL).content.decode()
    assert (
        "<strong><bdi>Hyun Jun Paik</bdi></strong></a>, <bdi>Seattle, WA USE</bdi>"
        in page
    )
    assert "<strong><bdi>Matt</bdi></strong></a>, <bdi>San Francisco, USA</bdi>" in page
    assert "<strong><bdi>Matt</bdi></strong></a>, <bdi>Boston, US</bdi>" in page
    assert (
        page.count(
            '<span class="badge archived-badge">Archived</span> '
            '<time datetime="2004-06">June 2004</time>'
        )
        == 40
    )
    first, last = page.index("I hope Koreans learn"), page.index("What worries me")
    assert first < last


def test_pull_quote_is_shown_above_its_comment(client, thread):
    page = client.get(THREAD_URL).content.decode()
    quote = page.index(
        '<blockquote class="pull-quote" lang="en"><p class="mb-0">'
        "This is good news for anyone"
    )
    comment = page.index("For years, the North has been saying")
    signature = page.index(
        "<strong><bdi>Thomas</bdi></strong></a>, <bdi>Toronto, Canada</bdi>"
    )
    assert quote < comment < signature
    assert page.count('class="pull-quote"') == 3


def test_debate_page_links_its_background_reading(client, thread):
    page = client.get(THREAD_URL).content.decode()
    for article in thread.background_reading.all():
        assert f'href="{article.get_absolute_url()}"' in page
    assert "Publisher unknown, June 2004" in page
    assert "Al Mayadeen English, 23 May 2025" in page


def test_article_page_shows_the_article_and_the_debates_citing_it(client, thread):
    article = thread.background_reading.get(publisher="Al Mayadeen English")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "US and S. Korea dismiss report of troop reduction" in page
    assert "23 May 2025 18:38" in page
    assert f'href="{article.url}"' in page
    assert "Instability Decides</h2>" in page
    assert "A South Korean army K1E1 tank" in page
    assert f'href="{thread.get_absolute_url()}"' in page
    assert "YAF say struck" not in page
    assert "Boeing reaches deal" not in page


def test_article_with_unknown_origin_says_so(client, thread):
    article = thread.background_reading.get(publisher="")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<dt>Publisher</dt><dd>Not known</dd>" in page
    assert "Address not known" in page
    assert "June 2004" in page


def test_unknown_debate_and_article_are_404(client, db):
    assert client.get("/debates/no-such-debate/").status_code == 404
    assert client.get("/articles/no-such-article/").status_code == 404


def test_removed_comments_are_not_shown_or_counted(client, thread):
    Comment.objects.filter(position=1).update(status=Comment.Status.REMOVED)
    page = client.get(THREAD_URL).content.decode()
    assert "I hope Koreans learn" not in page
    assert "39 comments" in page
    assert "39 comments" in client.get("/").content.decode()


def test_long_thread_is_paginated_and_every_comment_reachable(
    client, make_debate, make_comments, settings
):
    settings.COMMENTS_PER_PAGE = 10
    debate = make_debate()
    make_comments(debate, 25)
    first = client.get(debate.get_absolute_url()).content.decode()
    third = client.get(debate.get_absolute_url() + "?page=3").content.decode()
    assert "Comment 1<" in first and "Comment 11<" not in first
    assert "Comment 21<" in third and "Comment 25<" in third
    assert "?page=3#comments" in first


def test_permalink_redirects_to_the_page_and_anchor_of_the_comment(
    client, make_debate, make_comments, settings
):
    settings.COMMENTS_PER_PAGE = 10
    debate = make_debate()
    comments = make_comments(debate, 25)
    target = comments[22]
    response = client.get(
        reverse("debates:comment", kwargs={"slug": debate.slug, "pk": target.pk})
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{debate.get_absolute_url()}?page=3#comment-{target.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{target.pk}"' in page


def test_permalink_of_a_removed_comment_leads_to_its_placeholder(
    client, make_debate, make_comments
):
    debate = make_debate()
    (comment,) = make_comments(debate, 1)
    comment.status = Comment.Status.REMOVED
    comment.save()
    url = reverse("debates:comment", kwargs={"slug": debate.slug, "pk": comment.pk})
    response = client.get(url, follow=True)
    page = response.content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Removed by a moderator" in page
    assert "Comment 1<" not in page


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED])
def test_permalink_of_a_comment_never_published_is_404(
    client, make_debate, make_comments, status
):
    debate = make_debate()
    (comment,) = make_comments(debate, 1)
    comment.status = status
    comment.save()
    url = reverse("debates:comment", kwargs={"slug": debate.slug, "pk": comment.pk})
    assert client.get(url).status_code == 404


def test_home_page_query_count_is_fixed(
    client, make_debate, make_comments, django_assert_num_queries
):
    for _ in range(5):
        make_comments(make_debate(), 3)
    with django_assert_num_queries(1):
        client.get("/")


def test_every_labelled_link_and_button_says_its_visible_text(
    client, reader_client, thread
):
    """WCAG 2.5.3: a control's accessible name contains the words it shows, so a
    reader who says what they see can press it."""
    pages = ["/debates/us-troops-in-south-korea/", "/search/?q=troops"]
    for browser in (client, reader_client):
        for url in pages:
            page = browser.get(url).content.decode()
            labelled = re.findall(
                r'<(?:a|button)\b[^>]*\saria-label="([^"]+)"[^>]*>(.*?)</(?:a|button)>',
                page,
                re.S,
            )
            assert labelled, url
            for label, shown in labelled:
                visible = " ".join(re.sub(r"<[^>]+>", " ", shown).split())
                assert visible.lower() in label.lower(), (url, label, visible)
