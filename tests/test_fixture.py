"""The shipped fixture is faithful to the archived page and articles it came from."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from debates.models import Article, Author, Comment, Debate, Stance

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
SEED = (SOURCES / "talking_point_2004.txt").read_text(encoding="utf-8")
ARTICLE_2025 = (SOURCES / "almayadeen_2025-05-23.txt").read_text(encoding="utf-8")
ARTICLE_2004 = (SOURCES / "seoul_talks_2004.txt").read_text(encoding="utf-8")

COMMENTS_START = "I hope Koreans learn from US withdrawal"


def collapse(text):
    return " ".join(text.split())


@pytest.fixture
def comments(thread):
    return list(thread.comments.select_related("author").order_by("position"))


def test_every_archived_comment_is_loaded_in_printed_order(comments):
    assert len(comments) == 40
    assert [c.position for c in comments] == list(range(1, 41))
    assert all(c.is_archived for c in comments)
    assert comments[0].author.signature == "Hyun Jun Paik, Seattle, WA USE"
    assert comments[-1].author.signature == (
        "Byung Moon Cho, South Korean living in Surrey, UK"
    )


def test_comments_and_signatures_reproduce_the_seed_word_for_word(comments):
    """Printing the thread back (quote, body, signature) gives the seed's text."""
    printed = []
    for comment in comments:
        if comment.highlight:
            printed.append(f"| {comment.highlight} |")
        printed += [comment.body, comment.author.signature]
    seed_thread = SEED[SEED.index(COMMENTS_START) :]
    assert collapse(" ".join(printed)) == collapse(seed_thread)


def test_each_body_is_followed_by_its_own_signature_in_the_seed(comments):
    """Pins the boundaries the word-for-word check alone cannot: who wrote what."""
    previous = None
    for comment in comments:
        assert f"{comment.body}\n{comment.author.signature}" in SEED, comment.position
        starts_line = f"\n{comment.body}\n" in SEED or SEED.startswith(comment.body)
        follows_run_together = (
            previous is not None
            and f"{previous.author.signature} {comment.body}\n" in SEED
        )
        assert starts_line or follows_run_together, comment.position
        previous = comment


@pytest.mark.parametrize(
    ("signature", "ends", "next_signature", "next_starts"),
    [
        (
            "E Kim, South Korean in London, UK",
            "When will the debt ever be repaid?",
            "Steve Beineke, Boise, Idaho USA",
            "My wife is Korean-American",
        ),
        (
            "Dan, Pennsylvania, US",
            "the security blanket for these ungrateful nations.",
            "Bill Fairchild, Plainfield, Illinois, USA",
            "The only legitimate function of our US military",
        ),
        (
            "Marko, St. Catharine's, Canada",
            "are preventing disaster.",
            "Paul Roberson, Los Angeles, CA",
            "Be careful what you wish for South Korea!",
        ),
        (
            "Thomas, Toronto, Canada",
            "can slowly bear fruit.",
            "Lee Churchman, Canada",
            "The Americans, having shown themselves",
        ),
    ],
)
def test_run_together_signature_lines_are_split_between_two_comments(
    comments, signature, ends, next_signature, next_starts
):
    by_signature = {c.author.signature: c for c in comments}
    comment, following = by_signature[signature], by_signature[next_signature]
    assert comment.body.endswith(ends)
    assert signature not in comment.body
    assert following.body.startswith(next_starts)
    assert following.position == comment.position + 1


def test_pull_quotes_belong_to_the_comment_that_follows_them(comments):
    quoted = {c.author.signature: c.highlight for c in comments if c.highlight}
    assert quoted == {
        "J Wozny, Gilbert , Arizona, US": "It is time to leave South Korea, Germany "
        "and all other countries who don't want us",
        "Dan, Pennsylvania, US": "Most definitely the right decision. But take it "
        "further and get all the troops out of there",
        "Thomas, Toronto, Canada": "This is good news for anyone who wants peace on "
        "the Korean peninsula",
    }
    for comment in comments:
        assert "|" not in comment.body
        if comment.highlight:
            assert comment.highlight in comment.body


def test_same_name_in_another_place_is_another_author(comments):
    matts = Author.objects.filter(name="Matt").order_by("place")
    assert [a.place for a in matts] == ["Boston, US", "San Francisco, USA"]
    assert Author.objects.count() == 40
    assert not Author.objects.filter(user__isnull=False).exists()


def test_debate_keeps_the_archive_and_is_open_for_the_revival(thread):
    assert thread.is_open
    assert thread.source_name == "BBC News Talking Point"
    assert thread.source_url == ""
    assert thread.archived_on_display == "June 2004"
    assert thread.question.startswith("Do you agree with the US decision?")
    assert thread.archive_notice == (
        "This debate is now closed. Read your comments below.\n"
        "The following comments reflect the balance of opinion we have received "
        "so far."
    )
    assert collapse(" ".join(thread.introduction_paragraphs())) == collapse(
        SEED.split("\nDo you agree")[0].replace("flexible.It", "flexible. It")
    )
    assert set(thread.comments.values_list("posted_at", flat=True)) == {
        thread.archived_at
    }


def test_the_2025_article_keeps_only_the_article(thread):
    article = Article.objects.get(publisher="Al Mayadeen English")
    assert article.title == (
        "US and S. Korea dismiss report of troop reduction, reaffirm alliance"
    )
    assert article.byline == "Al Mayadeen English"
    assert article.source_credit == "Agencies"
    assert article.dateline == "23 May 2025 18:38"
    assert str(article.published_on) == "2025-05-23"
    assert article.url == (
        "https://english.almayadeen.net/news/politics/"
        "us-and-s--korea-dismiss-report-of-troop-reduction--reaffirm"
    )
    assert article.photo_caption.startswith("A South Korean army K1E1 tank")
    assert article.tags == ["United States", "DPRK", "South Korea"]
    paragraphs = [text for kind, text in article.blocks() if kind == "paragraph"]
    assert paragraphs[0].startswith("South Korea's defense ministry on Friday")
    assert paragraphs[-1].startswith("Roughly 44.39 million citizens")
    assert ("heading", "Instability Decides") in list(article.blocks())
    for paragraph in paragraphs:
        assert paragraph in ARTICLE_2025
    for chrome in [
        "BREAKING",
        "Related News",
        "Reaed more",
        "Most Read",
        "Read Next",
        "All Rights Reserved",
        "Boeing reaches deal",
        "Listen",
        "4 Min Read",
        "Privacy Policy",
    ]:
        assert chrome not in article.body


def test_the_2004_report_is_whole_and_claims_nothing_unconfirmed(thread):
    article = Article.objects.exclude(publisher="Al Mayadeen English").get()
    assert article.publisher == ""
    assert article.publisher_display == "Publisher unknown"
    assert article.url == ""
    assert article.published_display == "June 2004"
    source_paragraphs = [p.strip() for p in ARTICLE_2004.split("\n") if p.strip()]
    assert [text for _, text in article.blocks()] == source_paragraphs


def test_debate_cites_both_articles(thread):
    assert thread.background_reading.count() == 2
    for article in Article.objects.all():
        assert list(article.debates.all()) == [thread]


def test_loading_the_fixture_twice_changes_nothing(thread):
    def counts():
        return [model.objects.count() for model in (Debate, Stance, Comment, Author)]

    before = counts()
    stances = dict(thread.comments.values_list("position", "stance__key"))
    call_command("loaddata", "us_troops_korea", verbosity=0)
    assert counts() == before == [1, 3, 40, 40]
    assert dict(thread.comments.values_list("position", "stance__key")) == stances


def test_loadthread_loads_once_and_keeps_later_changes(db):
    call_command("loadthread", verbosity=0)
    Debate.objects.update(state=Debate.State.CLOSED)
    call_command("loadthread", verbosity=0)
    assert Debate.objects.get().state == Debate.State.CLOSED
    assert Comment.objects.count() == 40


def test_no_signature_is_left_inside_a_comment(comments):
    signatures = {c.author.signature for c in comments}
    for comment in comments:
        for signature in signatures:
            assert not re.search(rf"(^|\s){re.escape(signature)}$", comment.body)
