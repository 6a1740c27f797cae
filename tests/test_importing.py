"""Archived debates and articles come in from their pages' text, and go out as JSON."""

from pathlib import Path

from debates.debate_page import Signature, parse_debate_page, parse_signature

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
