"""RSS and Atom feeds of new debates and of each debate's published comments."""

import datetime
import html
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from debates.models import Author, Comment

ATOM = "{http://www.w3.org/2005/Atom}"
THREAD_FEED = "/debates/us-troops-in-south-korea/comments"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.iter("item")]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.find(f"{ATOM}summary").text,
            "summary_type": entry.find(f"{ATOM}summary").get("type"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_new_debates_feed_lists_debates_newest_first(client, thread, make_debate):
    make_debate(
        title="A newer question",
        question="Should the archive grow?",
        created_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    items = rss_items(client.get("/feeds/debates.rss"))
    assert [item["title"] for item in items] == [
        "A newer question",
        "US troop cuts in South Korea: do you agree?",
    ]
    assert items[1]["link"] == f"http://testserver{thread.get_absolute_url()}"
    assert "<strong>Do you agree with the US decision?" in items[1]["description"]

    entries = atom_entries(client.get("/feeds/debates.atom"))
    assert [entry["title"] for entry in entries] == [item["title"] for item in items]
    assert entries[1]["link"] == items[1]["link"]


def test_comment_feed_has_the_newest_50_published_comments_with_permalinks(
    client, thread, make_comments
):
    make_comments(thread, 15, start=41)
    items = rss_items(client.get(f"{THREAD_FEED}.rss"))
    assert len(items) == 50
    newest = thread.comments.get(position=55)
    assert items[0]["link"] == f"http://testserver{newest.get_absolute_url()}"
    assert items[0]["guid"] == items[0]["link"]
    assert items[0]["description"].startswith("<p>Comment 55</p>")
    oldest_shown = thread.comments.get(position=6)
    assert items[-1]["link"].endswith(oldest_shown.get_absolute_url())
    assert len(atom_entries(client.get(f"{THREAD_FEED}.atom"))) == 50


def test_an_archived_comment_reads_as_in_the_thread(client, thread):
    items = rss_items(client.get(f"{THREAD_FEED}.rss"))
    (appeasement,) = [item for item in items if "appeasement" in item["description"]]
    assert appeasement["title"] == (
        "Matt, Boston, US on US troop cuts in South Korea: do you agree?"
    )
    assert appeasement["description"].startswith(
        "<p>The South Koreans are practicing appeasement with the North."
    )
    assert (
        appeasement["description"]
        .strip()
        .endswith("<p>Matt, Boston, US</p>\n<p>Archived comment, June 2004</p>")
    )
    (pick,) = [item for item in items if "For years, the North" in item["description"]]
    assert pick["description"].startswith("<blockquote><p>This is good news for anyone")


@pytest.mark.parametrize(
    "status",
    [
        Comment.Status.PENDING,
        Comment.Status.HELD,
        Comment.Status.REJECTED,
        Comment.Status.REMOVED,
    ],
)
def test_unpublished_comments_never_reach_a_feed(client, thread, status):
    thread.comments.filter(author__name="Carlo Berruti").update(status=status)
    for url in [f"{THREAD_FEED}.rss", f"{THREAD_FEED}.atom"]:
        response = client.get(url)
        assert response.status_code == 200
        assert b"Panmunjom" not in response.content
        assert b"Carlo Berruti" not in response.content
    assert len(rss_items(client.get(f"{THREAD_FEED}.rss"))) == 39


def test_hostile_comments_come_out_inert_in_both_feeds(client, thread):
    author = Author.objects.create(name="<b>Mallory</b>", place="<i>Nowhere</i>")
    Comment.objects.create(
        debate=thread,
        author=author,
        body='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        position=41,
    )
    rss = client.get(f"{THREAD_FEED}.rss")
    atom = client.get(f"{THREAD_FEED}.atom")
    for response in [rss, atom]:
        assert b"<script" not in response.content
        assert b"<img" not in response.content
        assert b"<b>" not in response.content

    # RSS readers take descriptions, and many take titles, as HTML: both are escaped
    # once more than the XML needs, so they show as text.
    item = rss_items(rss)[0]
    assert item["description"].startswith(
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "&lt;img src=x onerror=alert(1)&gt;</p>"
    )
    assert item["title"].startswith("&lt;b&gt;Mallory&lt;/b&gt;, &lt;i&gt;Nowhere")
    # Atom says which: the summary is HTML, the title plain text.
    entry = atom_entries(atom)[0]
    assert entry["summary_type"] == "html"
    assert entry["summary"] == item["description"]
    assert entry["title"].startswith("<b>Mallory</b>, <i>Nowhere</i> on US troop")


def test_a_feed_for_a_debate_that_does_not_exist_is_not_found(client, db):
    assert client.get("/debates/no-such-debate/comments.rss").status_code == 404
    assert client.get("/debates/no-such-debate/comments.atom").status_code == 404


def test_a_debate_feed_makes_two_queries(client, thread, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get(f"{THREAD_FEED}.rss").status_code == 200


def test_pages_announce_and_link_the_feeds(client, thread):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="New debates (RSS)" '
        'href="/feeds/debates.rss">'
    ) in home
    assert (
        '<link rel="alternate" type="application/atom+xml" title="New debates (Atom)" '
        'href="/feeds/debates.atom">'
    ) in home
    assert '<a href="/feeds/debates.rss">RSS</a>' in home

    page = client.get(thread.get_absolute_url()).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Comments on US troop '
        f'cuts in South Korea: do you agree? (RSS)" href="{THREAD_FEED}.rss">'
    ) in page
    assert 'type="application/atom+xml" title="Comments on US troop' in page
    assert f'href="{THREAD_FEED}.atom">Atom feed</a>' in page
    assert f'href="{THREAD_FEED}.rss">RSS feed</a>' in page


# What a feed reader makes of them: feedparser, the parser most readers build on.

TYPED_TITLE = "St. Catharine's <b>view</b> & more"
TYPED_QUESTION = "Why <i>now</i> & here?"
TYPED_NAME = "Ann <i>Lee</i>"


@pytest.fixture
def typed_markup(make_debate):
    """A debate and a comment whose words look like markup but were typed as text."""
    debate = make_debate(title=TYPED_TITLE, slug="typed", question=TYPED_QUESTION)
    author = Author.objects.create(name=TYPED_NAME, place="St. Catharine's")
    Comment.objects.create(debate=debate, author=author, body="Hello", position=1)
    return debate


def as_a_reader_shows(detail):
    """The text a feed reader shows for a feedparser field: HTML is rendered (any
    tag would be drawn, so there must be none), plain text shown as it is."""
    if detail.type == "text/html":
        assert "<" not in detail.value, detail.value
        return html.unescape(detail.value)
    return detail.value


@pytest.mark.parametrize("suffix", [".rss", ".atom"])
def test_feed_readers_show_titles_and_questions_as_they_were_typed(
    client, typed_markup, suffix
):
    parsed = feedparser.parse(client.get(f"/debates/typed/comments{suffix}").content)
    assert not parsed.bozo
    assert as_a_reader_shows(parsed.feed.title_detail) == f"Comments on {TYPED_TITLE}"
    assert as_a_reader_shows(parsed.feed.subtitle_detail) == TYPED_QUESTION
    (entry,) = parsed.entries
    assert as_a_reader_shows(entry.title_detail) == (
        f"{TYPED_NAME}, St. Catharine's on {TYPED_TITLE}"
    )
    assert entry.author == f"{TYPED_NAME}, St. Catharine's"
    debates = feedparser.parse(client.get(f"/feeds/debates{suffix}").content)
    assert [as_a_reader_shows(e.title_detail) for e in debates.entries] == [TYPED_TITLE]


def test_an_apostrophe_reaches_rss_readers_as_an_apostrophe(client, make_debate):
    make_debate(title="St. Catharine's", slug="plain")
    (entry,) = feedparser.parse(client.get("/feeds/debates.rss").content).entries
    assert (entry.title, entry.title_detail.type) == ("St. Catharine's", "text/plain")


ALL_FEEDS = [
    "/feeds/debates.rss",
    "/feeds/debates.atom",
    f"{THREAD_FEED}.rss",
    f"{THREAD_FEED}.atom",
]


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_every_feed_is_well_formed_for_a_feed_reader(client, thread, url):
    """feedparser (what many readers are built on) finds nothing wrong, and every
    entry has what RFC 4287 requires of an Atom entry, with a plain-text title."""
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version in ("rss20", "atom10")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.link
        assert entry.title_detail.type == "text/plain"
        if parsed.version == "atom10":
            assert entry.updated_parsed is not None


@pytest.mark.parametrize("url", ["/feeds/debates.atom", f"{THREAD_FEED}.atom"])
def test_every_atom_entry_says_when_it_was_updated(client, thread, url):
    feed = ElementTree.fromstring(client.get(url).content)
    entries = list(feed.iter(f"{ATOM}entry"))
    assert entries
    assert all(entry.find(f"{ATOM}updated") is not None for entry in entries)


@pytest.mark.parametrize("suffix", [".rss", ".atom"])
def test_an_archived_comment_claims_no_day_it_is_not_known_by(
    client, thread, make_comments, suffix
):
    """Only the month of the 2004 comments is known: their entries carry no
    publication date (which would claim 1 June, midnight) and say the month."""
    thread.created_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))
    thread.save()
    make_comments(thread, 1, start=41)
    parsed = feedparser.parse(client.get(f"{THREAD_FEED}{suffix}").content)
    archived = [e for e in parsed.entries if "Archived comment" in e.summary]
    assert len(archived) == 40
    for entry in archived:
        assert "published_parsed" not in entry
        assert "Archived comment, June 2004" in entry.summary
        if suffix == ".atom":
            assert entry.updated.startswith("2026-11-02T")
    (revived,) = [e for e in parsed.entries if e not in archived]
    assert revived.published_parsed is not None


@pytest.mark.parametrize(
    "url", ["/feeds/debates.rss", "/feeds/debates.atom", f"{THREAD_FEED}.rss"]
)
def test_a_feed_unchanged_since_the_last_fetch_answers_304(client, thread, url):
    first = client.get(url)
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again.content == b""
    by_tag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_tag.status_code == 304


@pytest.mark.parametrize("ending", ["rss", "atom"])
def test_a_korean_feed_names_the_debate_in_korean(
    client, thread, ending, django_assert_num_queries
):
    korean_title = thread.shown("title", language="ko").text
    korean_question = thread.shown("question", language="ko").text
    assert korean_title != thread.title
    # The debate, its translations, its comments, and their debate's translations.
    with django_assert_num_queries(4):
        comments = feedparser.parse(client.get(f"/ko{THREAD_FEED}.{ending}").content)
    assert comments.feed.language == "ko"
    assert korean_title in comments.feed.title
    assert comments.entries
    assert all(korean_title in entry.title for entry in comments.entries)
    debates = feedparser.parse(client.get(f"/ko/feeds/debates.{ending}").content)
    (entry,) = [entry for entry in debates.entries if thread.slug in entry.link]
    assert "/ko/debates/" in entry.link
    assert entry.title == korean_title
    assert korean_question in entry.summary
