"""Debate and article pages describe themselves to sites that preview links."""

import re

import pytest

from debates.models import Article, Debate

IMAGE = "https://forum.example.org/static/img/debate-page.png"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.FORUM_SITE_URL = "https://forum.example.org"


def meta(page):
    """Each Open Graph and Twitter property on the page, with its content."""
    found = re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)">', page
    )
    return dict(found)


def test_a_debate_page_describes_itself(client, thread):
    tags = meta(client.get(thread.get_absolute_url()).content.decode())
    assert tags["og:title"] == "US troop cuts in South Korea: do you agree?"
    assert tags["og:description"].startswith("Do you agree with the US decision?")
    assert tags["og:type"] == "article"
    assert (
        tags["og:url"] == "https://forum.example.org/debates/us-troops-in-south-korea/"
    )
    assert tags["og:image"] == IMAGE
    assert tags["og:site_name"] == "Revived Debates"
    assert tags["twitter:card"] == "summary"
    assert tags["twitter:title"] == tags["og:title"]


def test_an_article_page_describes_itself(client, thread):
    article = Article.objects.get(publisher="Al Mayadeen English")
    tags = meta(client.get(article.get_absolute_url()).content.decode())
    assert tags["og:title"] == article.title
    assert tags["og:description"].startswith("The backdrop to the speculation")
    assert tags["og:type"] == "article"
    assert tags["og:url"] == f"https://forum.example.org{article.get_absolute_url()}"
    assert tags["og:image"] == IMAGE
    assert tags["twitter:card"] == "summary"


def test_an_article_without_a_standfirst_is_described_by_its_title(client, thread):
    article = Article.objects.get(publisher="")
    tags = meta(client.get(article.get_absolute_url()).content.decode())
    assert tags["og:description"] == article.title


def test_a_cached_page_names_the_site_whichever_host_was_asked_first(client, thread):
    """The signed-out page is cached and shared across hosts, so its preview
    addresses come from FORUM_SITE_URL, never from the request that filled it."""
    client.get(thread.get_absolute_url(), HTTP_HOST="localhost")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert meta(page)["og:url"].startswith("https://forum.example.org/debates/")
    assert meta(page)["og:image"].startswith("https://forum.example.org/static/")


@pytest.mark.parametrize("page", ["debate", "article"])
def test_hostile_titles_stay_inside_their_quoted_attributes(client, thread, page):
    hostile = '"><script>alert(1)</script><meta x="'
    Debate.objects.filter(pk=thread.pk).update(title=hostile, question=hostile)
    article = Article.objects.get(publisher="Al Mayadeen English")
    Article.objects.filter(pk=article.pk).update(title=hostile, standfirst=hostile)
    url = thread.get_absolute_url() if page == "debate" else article.get_absolute_url()
    html = client.get(url).content.decode()
    escaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;meta x=&quot;"
    assert f'<meta property="og:title" content="{escaped}">' in html
    assert f'<meta property="og:description" content="{escaped}">' in html
    assert "<script>alert(1)" not in html
    assert '<meta x="' not in html


def canonical(page):
    (found,) = re.findall(r'<link rel="canonical" href="([^"]*)">', page)
    return found


def test_every_preview_carries_its_image_for_twitter_too(client, thread):
    for path in ["/", thread.get_absolute_url()]:
        tags = meta(client.get(path).content.decode())
        assert tags["twitter:image"] == tags["og:image"] == IMAGE
        assert tags["twitter:image:alt"]


def test_the_home_page_describes_itself_as_the_site(client, thread):
    page = client.get("/").content.decode()
    tags = meta(page)
    assert tags["og:type"] == "website"
    assert tags["og:title"] == "Revived Debates"
    assert tags["og:url"] == canonical(page) == "https://forum.example.org/"


def test_an_author_page_describes_its_author(client, thread):
    author = thread.comments.get(position=1).author
    page = client.get(author.get_absolute_url()).content.decode()
    tags = meta(page)
    assert tags["og:type"] == "profile"
    assert tags["og:title"] == author.signature
    assert (
        tags["og:description"] == f"Comments by {author.signature} on Revived Debates."
    )
    assert canonical(page) == f"https://forum.example.org{author.get_absolute_url()}"


@pytest.mark.parametrize(
    "query", ["", "?sort=newest", "?stance=agree", "?sort=recommended&stance=mixed"]
)
def test_every_order_and_filter_of_a_thread_names_the_thread(client, thread, query):
    page = client.get(thread.get_absolute_url() + query).content.decode()
    assert canonical(page) == f"https://forum.example.org{thread.get_absolute_url()}"


def test_a_later_page_of_a_thread_names_itself(client, thread, make_comments, settings):
    make_comments(thread, settings.COMMENTS_PER_PAGE, start=41)
    url = thread.get_absolute_url()
    assert canonical(client.get(url + "?page=2").content.decode()) == (
        f"https://forum.example.org{url}?page=2"
    )
    assert canonical(client.get(url + "?page=2&sort=newest").content.decode()) == (
        f"https://forum.example.org{url}"
    )
