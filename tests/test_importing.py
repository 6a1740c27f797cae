"""Archived debates and articles come in from their pages' text, and go out as JSON."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from debates.archive.debate_text import Signature, parse_debate_page, parse_signature
from debates.models import Article, Author, Comment, Debate, Stance
from debates.participation.posting import post_comment
from tests.builders import THREAD_SLUG

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
SEED = SOURCES / "talking_point_2004.txt"
PAGE = """\
The plan would bring the last troops home by 2006.
Should they come home? Send us your views.
This debate is now closed. Read your comments below.
{comments}
"""


def page_with(comments):
    return PAGE.format(comments=comments)


# Reading a debate page


def test_signature_is_split_at_the_first_comma_so_places_keep_theirs():
    assert parse_signature("J Wozny, Gilbert , Arizona, US") == Signature(
        "J Wozny", "Gilbert , Arizona, US"
    )
    assert parse_signature("Marcus Peddle, Inje, South Korea (38th Parallel)") == (
        Signature("Marcus Peddle", "Inje, South Korea (38th Parallel)")
    )
    assert parse_signature("Jim, Costa Mesa, Calif., USA") == Signature(
        "Jim", "Costa Mesa, Calif., USA"
    )
    assert parse_signature("Byung Moon Cho, South Korean living in Surrey, UK") == (
        Signature("Byung Moon Cho", "South Korean living in Surrey, UK")
    )


def test_short_comments_are_not_taken_for_signatures():
    for comment in [
        "Sounds great - when can I leave?",
        "Yes, pull these troops out now!",
        "Absolutely. What business do we have to meddle in another nations' affairs?",
        "Korea, Japan and Germany should look after themselves",
    ]:
        assert parse_signature(comment) is None, comment


def test_seed_page_gives_its_question_notice_and_forty_signed_comments():
    page = parse_debate_page(SEED.read_text(encoding="utf-8"))
    assert page.question.endswith("Send us your views.")
    assert page.archive_notice.splitlines() == [
        "This debate is now closed. Read your comments below.",
        "The following comments reflect the balance of opinion we have received so "
        "far.",
    ]
    assert [c.position for c in page.comments] == list(range(1, 41))
    assert str(page.comments[12].signature) == "E Kim, South Korean in London, UK"
    assert page.comments[13].body.startswith("My wife is Korean-American")
    assert page.problems == []
    assert [str(remark) for remark in page.corrections] == [
        "line 1: 2 sentences ran together with no space; kept as separate paragraphs"
    ]


def test_author_with_no_place_signs_with_a_name_alone():
    page = parse_debate_page(page_with("Bring them all home.\nAnonymous\n"))
    assert page.comments[0].signature == Signature("Anonymous", "")
    assert page.comments[0].body == "Bring them all home."


def test_consecutive_lines_before_a_signature_are_one_comment_of_paragraphs():
    page = parse_debate_page(
        page_with(
            "I served there in 1990.\n\nThe border was quiet.\n"
            "It is time to go.\nAnn Lee, Leeds, UK\n"
        )
    )
    assert len(page.comments) == 1
    assert page.comments[0].body == (
        "I served there in 1990.\n\nThe border was quiet.\n\nIt is time to go."
    )


def test_run_together_line_is_split_between_two_comments():
    page = parse_debate_page(
        page_with(
            "Bring them home.\nAnn Lee, Leeds, UK We should stay. It keeps the "
            "peace.\nBo Park, Busan\n"
        )
    )
    assert [(str(c.signature), c.body) for c in page.comments] == [
        ("Ann Lee, Leeds, UK", "Bring them home."),
        ("Bo Park, Busan", "We should stay. It keeps the peace."),
    ]


def test_run_together_comment_opening_with_a_name_is_split_before_it():
    page = parse_debate_page(
        page_with(
            "Bring them home.\nAnn Lee, Leeds, UK Korea is strong enough.\nBo Park, "
            "Busan\n"
        )
    )
    assert [str(c.signature) for c in page.comments] == [
        "Ann Lee, Leeds, UK",
        "Bo Park, Busan",
    ]
    assert page.comments[1].body == "Korea is strong enough."


def test_run_together_line_with_no_clear_split_is_kept_whole_and_reported():
    page = parse_debate_page(
        page_with("Bring them home.\nAnn, Leeds, UK Korea Japan Taiwan Guam!\nBo\n")
    )
    assert [str(problem) for problem in page.problems] == [
        "line 5: may start with a signature run into the next comment, but where it "
        "ends is unclear; kept as comment text"
    ]
    assert page.comments[0].body == (
        "Bring them home.\n\nAnn, Leeds, UK Korea Japan Taiwan Guam!"
    )


def test_pull_quote_belongs_to_the_comment_after_it():
    page = parse_debate_page(
        page_with(
            "Stay.\nAnn, Leeds\n | Time to go |\nTime to go, and soon.\nBo, Busan\n"
        )
    )
    assert [c.highlight for c in page.comments] == ["", "Time to go"]


def test_pull_quote_not_in_the_comment_after_it_is_reported_and_not_attached():
    page = parse_debate_page(
        page_with(" | Time to go |\nStay, for now.\nAnn, Leeds\n | Never |\n")
    )
    assert [c.highlight for c in page.comments] == [""]
    assert [str(problem) for problem in page.problems] == [
        "line 4: pull-quote does not appear in the comment that follows it (line 5); "
        "left out: Time to go",
        "line 7: pull-quote with no comment after it: Never",
    ]


def test_lines_with_no_signature_after_them_are_reported_and_left_out():
    page = parse_debate_page(page_with("Stay.\nAnn, Leeds\nAnd another thing.\n"))
    assert len(page.comments) == 1
    assert [str(problem) for problem in page.problems] == [
        "line 6: no signature follows; left out"
    ]


def test_paragraph_that_does_not_end_like_a_sentence_is_kept_but_reported():
    page = parse_debate_page(page_with("I agree\nwith all of it.\nAnn, Leeds\n"))
    assert page.comments[0].body == "I agree\n\nwith all of it."
    assert [str(problem) for problem in page.problems] == [
        "line 4: kept as a paragraph of the comment, but it does not end like a "
        "sentence; is it a signature? I agree"
    ]


def test_paragraph_between_the_question_and_the_notice_is_reported():
    page = parse_debate_page(
        PAGE.replace("This debate", "Use the form below.\nThis debate").format(
            comments="Stay.\nAnn, Leeds\n"
        )
    )
    assert page.question == "Should they come home? Send us your views."
    assert [str(problem) for problem in page.problems] == [
        "line 3: between the question and notice; left out: Use the form below."
    ]


def test_question_is_the_first_paragraph_with_a_question_mark_without_a_call():
    page = parse_debate_page(
        "Troops may leave.\nIs that wise? Many doubt it.\nNo.\nAnn, Leeds\n"
    )
    assert page.introduction == "Troops may leave."
    assert page.question == "Is that wise? Many doubt it."
    assert page.archive_notice == ""
    assert [c.body for c in page.comments] == ["No."]


# Importing a debate

THREAD_OPTIONS = [
    "--slug",
    THREAD_SLUG,
    "--title",
    "US troop cuts in South Korea: do you agree?",
    "--source-name",
    "BBC News Talking Point",
    "--archived-on",
    "2004-06",
]


def run(command, *args):
    """Run a command; return what it printed to stdout and to stderr."""
    stdout, stderr = StringIO(), StringIO()
    call_command(command, *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def write_page(tmp_path):
    def write(text, name="page.txt", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def thread_as_read():
    """What the archived page prints of the thread: the debate's text and every
    comment. Not the stances, which the page never printed: they are the forum's
    judgements, which an import leaves alone."""
    debate = Debate.objects.get(slug=THREAD_SLUG)
    return {
        "debate": {
            name: getattr(debate, name)
            for name in [
                "title",
                "introduction",
                "question",
                "archive_notice",
                "source_name",
                "archived_on",
                "archived_on_precision",
                "state",
            ]
        },
        "comments": [
            (
                comment.position,
                comment.body,
                comment.author.name,
                comment.author.place,
                comment.highlight,
                comment.is_archived,
                comment.posted_at,
            )
            for comment in debate.comments.select_related("author")
        ],
    }


def clear_database():
    Comment.objects.all().delete()
    Debate.objects.all().delete()
    Author.objects.all().delete()
    Article.objects.all().delete()


def test_importing_the_seed_reproduces_the_shipped_thread(db):
    out, _ = run("import_debate", str(SEED), *THREAD_OPTIONS)
    assert out == (
        f"Debate “{THREAD_SLUG}” created; comments: 40 created, 0 updated, "
        "0 unchanged; authors: 40 new, 0 already known.\n"
    )
    imported = thread_as_read()
    clear_database()
    call_command("loaddata", "us_troops_korea", verbosity=0)
    assert imported == thread_as_read()
    assert len(imported["comments"]) == 40


def test_importing_the_seed_says_which_run_on_sentences_it_split(db):
    _, err = run("import_debate", str(SEED), *THREAD_OPTIONS)
    assert err == (
        "Corrected line 1: 2 sentences ran together with no space; kept as separate "
        "paragraphs\n"
    )


def test_second_import_changes_nothing(db):
    run("import_debate", str(SEED), *THREAD_OPTIONS)
    before = thread_as_read()
    version = Debate.objects.get().version
    out, _ = run("import_debate", str(SEED), *THREAD_OPTIONS)
    assert out == (
        f"Debate “{THREAD_SLUG}” unchanged; comments: 0 created, 0 updated, "
        "40 unchanged; authors: 0 new, 40 already known.\n"
    )
    assert thread_as_read() == before
    # Nothing changed, so cached pages stay as they were.
    assert Debate.objects.get().version == version
    assert (Debate.objects.count(), Author.objects.count()) == (1, 40)


def test_dry_run_shows_the_comments_and_writes_nothing(db):
    out, _ = run("import_debate", str(SEED), *THREAD_OPTIONS, "--dry-run")
    assert "   14. Steve Beineke, Boise, Idaho USA: My wife is Korean-American" in out
    assert "    7. J Wozny, Gilbert , Arizona, US [pull-quote]: As a US" in out
    assert out.endswith(
        f"Dry run, nothing written. It would be: Debate “{THREAD_SLUG}” created; "
        "comments: 40 created, 0 updated, 0 unchanged; authors: 40 new, 0 already "
        "known.\n"
    )
    assert not Debate.objects.exists()
    assert not Author.objects.exists()


def test_quiet_import_prints_only_what_was_not_imported(db, write_page):
    path = write_page(page_with("Stay.\nAnn, Leeds\n | Go |\n"))
    out, err = run(
        "import_debate", path, "--slug", "s", "--archived-on", "2004", "-v", "0"
    )
    assert (out, err) == (
        "",
        "Warning: line 6: pull-quote with no comment after it: Go\n",
    )
    assert Comment.objects.count() == 1


def test_reimport_keeps_a_closed_debate_closed_and_hidden_comments_hidden(db):
    run("import_debate", str(SEED), *THREAD_OPTIONS)
    Debate.objects.update(state=Debate.State.CLOSED)
    Comment.objects.filter(position=3).update(status=Comment.Status.REMOVED)
    run("import_debate", str(SEED), *THREAD_OPTIONS)
    assert Debate.objects.get().state == Debate.State.CLOSED
    assert Comment.objects.get(position=3).status == Comment.Status.REMOVED


def test_reimporting_the_seed_over_the_fixture_keeps_every_stance(thread):
    stances = dict(thread.comments.values_list("position", "stance__key"))
    out, _ = run("import_debate", str(SEED), *THREAD_OPTIONS)
    assert "comments: 0 created, 0 updated, 40 unchanged" in out
    assert dict(thread.comments.values_list("position", "stance__key")) == stances
    assert set(stances.values()) == {"agree", "against", "mixed"}
    assert Stance.objects.filter(debate=thread).count() == 3


def test_edited_page_updates_the_comment_and_expires_cached_pages(db, write_page):
    original = page_with("Stay.\nAnn, Leeds\nGo.\nBo, Busan\n")
    run("import_debate", write_page(original), "--slug", "s", "--archived-on", "2004")
    version = Debate.objects.get().version
    edited = write_page(original.replace("Go.", "Go home."), name="edited.txt")
    out, _ = run("import_debate", edited, "--slug", "s")
    assert "comments: 0 created, 1 updated, 1 unchanged" in out
    assert Comment.objects.get(position=2).body == "Go home."
    assert Debate.objects.get().version != version


def test_archived_comments_no_longer_on_the_page_are_kept_and_reported(db, write_page):
    path = write_page(page_with("Stay.\nAnn, Leeds\nGo.\nBo, Busan\n"))
    run("import_debate", path, "--slug", "s", "--archived-on", "2004")
    shorter = write_page(page_with("Stay.\nAnn, Leeds\n"), name="shorter.txt")
    _, err = run("import_debate", shorter, "--slug", "s")
    assert err == (
        "Warning: archived comments at positions 2 are not on the page; left as "
        "they are.\n"
    )
    assert Comment.objects.count() == 2


def test_imported_comments_are_dated_when_the_debate_ran(db, write_page):
    path = write_page(page_with("Stay.\nAnn, Leeds\n"))
    run("import_debate", path, "--slug", "s", "--archived-on", "2004-06-21")
    debate = Debate.objects.get()
    assert debate.archived_on_display == "21 June 2004"
    assert str(Comment.objects.get().posted_at) == "2004-06-21 00:00:00+00:00"
    assert debate.title == "Should they come home?"
    assert debate.is_open


def test_new_debate_needs_the_date_it_ran(db, write_page):
    path = write_page(page_with("Stay.\nAnn, Leeds\n"))
    with pytest.raises(CommandError, match="needs the date it ran"):
        run("import_debate", path, "--slug", "s")
    assert not Debate.objects.exists()


def test_import_never_overwrites_a_comment_posted_here(
    db, make_debate, make_comments, write_page
):
    debate = make_debate(slug="s")
    make_comments(debate, 1)
    path = write_page(page_with("Stay.\nAnn, Leeds\n"))
    with pytest.raises(CommandError, match="Position 1 of “s” holds a comment"):
        run("import_debate", path, "--slug", "s", "--archived-on", "2004")
    assert Comment.objects.get().body == "Comment 1"
    assert not Author.objects.filter(name="Ann").exists()


def test_page_in_windows_1252_is_read_with_a_note(db, write_page):
    path = write_page(
        page_with("Partez.\nRené Lévesque, Montréal, Québec\n"), encoding="cp1252"
    )
    _, err = run("import_debate", path, "--slug", "s", "--archived-on", "2004")
    assert f"Note: {path} is not UTF-8; read it as cp1252." in err
    assert Author.objects.get().signature == "René Lévesque, Montréal, Québec"


def test_encoding_given_is_used_without_a_note(db, write_page):
    path = write_page(page_with("Partez.\nRené, Montréal\n"), encoding="latin-1")
    _, err = run(
        "import_debate",
        path,
        "--slug",
        "s",
        "--archived-on",
        "2004",
        "--encoding",
        "latin-1",
    )
    assert err == ""
    assert Author.objects.get().signature == "René, Montréal"


def test_page_without_a_question_is_refused(db, write_page):
    path = write_page("Troops may leave.\nNobody asked anything.\n")
    with pytest.raises(CommandError, match="No question found"):
        run("import_debate", path, "--slug", "s", "--archived-on", "2004")


def test_long_import_shows_its_progress(db, write_page):
    comments = "".join(f"Comment number {n}.\nReader {n}, Seoul\n" for n in range(1200))
    path = write_page(page_with(comments))
    _, err = run("import_debate", path, "--slug", "s", "--archived-on", "2004")
    assert err.splitlines() == ["500/1,200 comments", "1,000/1,200 comments"]
    assert Comment.objects.count() == 1200


# Importing an article


ARTICLE_FIELDS = [
    "title",
    "publisher",
    "byline",
    "source_credit",
    "published_on",
    "published_on_precision",
    "dateline",
    "url",
    "standfirst",
    "photo_caption",
    "photo_credit",
    "body",
    "tags",
]


def article_fields(slug):
    article = Article.objects.get(slug=slug)
    return {name: getattr(article, name) for name in ARTICLE_FIELDS}


def test_the_2025_page_gives_the_shipped_article_without_the_site(thread):
    slug = "us-and-s-korea-dismiss-report-of-troop-reduction-2025"
    shipped = article_fields(slug)
    Article.objects.all().delete()
    out, _ = run(
        "import_article",
        str(SOURCES / "almayadeen_2025-05-23.txt"),
        "--slug",
        slug,
        "--publisher",
        "Al Mayadeen English",
        "--url",
        shipped["url"],
    )
    assert out == f"Article “{slug}” created.\n"
    assert article_fields(slug) == shipped


def test_the_2004_report_keeps_every_paragraph(thread):
    slug = "us-delegation-in-seoul-proposes-troop-cuts-2004"
    shipped = article_fields(slug)
    Article.objects.all().delete()
    run(
        "import_article",
        str(SOURCES / "seoul_talks_2004.txt"),
        "--slug",
        slug,
        "--title",
        shipped["title"],
        "--published-on",
        "2004-06",
    )
    assert article_fields(slug) == shipped


def test_left_out_chrome_is_listed_on_a_dry_run_and_nothing_is_written(db):
    out, err = run(
        "import_article",
        str(SOURCES / "almayadeen_2025-05-23.txt"),
        "--slug",
        "a",
        "--dry-run",
    )
    assert err.splitlines() == [
        "Left out line 99: Related News",
        "Left out line 101: Russia ties peace deal with Ukraine to prisoner exchange "
        "completion",
        "Left out line 103: Boeing reaches deal with DoJ to avoid prosecution over "
        "737 Max crashes",
        "Left out line 111: Reaed more: DPRK reports 'serious' accident at warship "
        "launch ceremony",
    ]
    assert "## Instability Decides" in out
    assert out.endswith("Dry run, nothing written. It would be: Article “a” created.\n")
    assert not Article.objects.exists()


def test_second_article_import_changes_nothing(db):
    path = str(SOURCES / "almayadeen_2025-05-23.txt")
    run("import_article", path, "--slug", "a", "--publisher", "Al Mayadeen English")
    before = article_fields("a")
    out, _ = run("import_article", path, "--slug", "a")
    assert out == "Article “a” unchanged.\n"
    assert article_fields("a") == before


def test_article_is_cited_in_a_debate_whose_pages_then_expire(db, make_debate):
    debate = make_debate(slug="s")
    out, _ = run(
        "import_article",
        str(SOURCES / "almayadeen_2025-05-23.txt"),
        "--slug",
        "a",
        "--debate",
        "s",
    )
    assert out == "Article “a” created, and cited in “s”.\n"
    assert list(debate.background_reading.values_list("slug", flat=True)) == ["a"]
    assert Debate.objects.get().version != debate.version


def test_page_with_no_byline_is_headed_by_the_title_like_line_before_the_body(
    db, write_page
):
    path = write_page(
        "Home | World | Sport\n\nTroops to stay in Korea for now\n\n"
        "Officials in Seoul said on Monday that no troops would leave this year.\n\n"
        "They spoke after two days of talks.\n\nWhat happens next\n\n"
        "Both sides will meet again in the autumn to talk about the bases.\n\n"
        "Most Read\n\nSomething else entirely happened somewhere else today.\n"
    )
    run("import_article", path, "--slug", "a")
    article = Article.objects.get()
    assert article.title == "Troops to stay in Korea for now"
    assert article.body == (
        "Officials in Seoul said on Monday that no troops would leave this year.\n\n"
        "They spoke after two days of talks.\n\n"
        "Both sides will meet again in the autumn to talk about the bases."
    )


def test_article_with_no_headline_needs_a_title(db):
    with pytest.raises(CommandError, match="a title must be given"):
        run("import_article", str(SOURCES / "seoul_talks_2004.txt"), "--slug", "a")
    assert not Article.objects.exists()


# Exporting a debate


def to_the_millisecond(value):
    """Django's JSON fixtures keep times to the millisecond, as JavaScript does."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def everything_about_the_thread():
    debate = Debate.objects.get(slug=THREAD_SLUG)

    def row(instance):
        return {
            field.attname: to_the_millisecond(getattr(instance, field.attname))
            for field in instance._meta.concrete_fields
            # The version names cached pages; loading the rows turns it.
            if not field.primary_key and field.name != "version"
        }

    return {
        "debate": row(debate),
        "articles": [row(article) for article in debate.background_reading.all()],
        "stances": [
            {**row(stance), "debate_id": None} for stance in debate.stances.all()
        ],
        "comments": [
            {
                **row(comment),
                "debate_id": None,
                "author_id": row(comment.author),
                "stance_id": comment.stance and comment.stance.key,
            }
            for comment in debate.comments.select_related("author", "stance")
        ],
    }


def test_exported_thread_loads_back_as_it_was(thread, tmp_path):
    before = everything_about_the_thread()
    output = tmp_path / "thread.json"
    run("export_debate", THREAD_SLUG, "--output", str(output))
    clear_database()
    call_command("loaddata", str(output), verbosity=0)
    assert everything_about_the_thread() == before
    assert Comment.objects.count() == 40
    assert Article.objects.count() == 2
    assert Stance.objects.count() == 3


def test_export_keeps_readers_signatures_but_not_their_accounts(
    thread, reader, moderator, tmp_path
):
    post_comment(debate=thread, author=reader.author, body="Still here.")
    thread.set_state(Debate.State.CLOSED, by=moderator, reason="Done.")
    output = tmp_path / "thread.json"
    run("export_debate", THREAD_SLUG, "--output", str(output))
    clear_database()
    call_command("loaddata", str(output), verbosity=0)
    comment = Comment.objects.get(position=41)
    assert (comment.body, comment.author.signature) == (
        "Still here.",
        "New Reader, Seoul, South Korea",
    )
    assert comment.author.user is None
    assert not comment.is_archived
    debate = Debate.objects.get()
    assert (debate.state, debate.state_reason) == (Debate.State.CLOSED, "Done.")
    assert debate.state_changed_by is None


def test_exporting_a_debate_that_is_not_there_fails(db):
    with pytest.raises(CommandError, match="No debate is at “nowhere”"):
        run("export_debate", "nowhere")
