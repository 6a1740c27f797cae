"""Word and phrase rules: what readers, posters and moderators meet when a comment
contains a word moderators listed, through the pages they use."""

import pytest

from debates.automoderation.matching import RuleBook
from debates.models import AutomaticFlag, Comment, HouseRule, ModerationAction
from debates.models.choices import CommentStatus, ModerationVerb
from tests.builders import THREAD_SLUG, make_moderator, make_reader, make_word_rule

THREAD_URL = f"/debates/{THREAD_SLUG}/"
POST_URL = f"{THREAD_URL}comments/"


def matched(patterns, text):
    book = RuleBook(enumerate(patterns))
    return [(patterns[hit.key], text[hit.start : hit.end]) for hit in book.find(text)]


# Matching


def test_a_rule_matches_whole_words_whatever_their_case():
    assert matched(["ass"], "What an ASS. A class act.") == [("ass", "ASS")]


def test_a_wildcard_stands_for_any_letters_at_either_end_or_inside():
    patterns = ["spam*", "*bait", "f*k", "*ucki*"]
    text = "Spammers love clickbait, fork and luckily so."
    assert matched(patterns, text) == [
        ("spam*", "Spammers"),
        ("*bait", "clickbait"),
        ("f*k", "fork"),
        ("*ucki*", "luckily"),
    ]


def test_a_phrase_matches_its_words_in_order_across_any_spacing():
    assert matched(["cut and run"], "They will cut   and\nrun.") == [
        ("cut and run", "cut   and\nrun")
    ]
    assert matched(["cut and run"], "run and cut") == []


def test_a_korean_rule_matches_with_particles_attached():
    text = "미군놈들이 떠나면 미군놈은 누가?"
    assert matched(["미군놈"], text) == [("미군놈", "미군놈"), ("미군놈", "미군놈")]


def test_a_korean_rule_matches_inside_a_compound():
    assert matched(["미군놈"], "주한미군놈들") == [("미군놈", "미군놈")]


def test_full_width_letters_are_the_same_word():
    assert matched(["spam"], "ｓｐａｍ here") == [("spam", "ｓｐａｍ")]


def test_two_thousand_rules_find_only_their_words():
    patterns = [f"word{n}" for n in range(2000)] + ["미군놈", "spam*"]
    book = RuleBook(enumerate(patterns))
    assert len(book) == 2002
    hits = book.find("word7 and word1999 but not word2000; spammy 미군놈이")
    assert [patterns[hit.key] for hit in hits] == [
        "word7",
        "word1999",
        "spam*",
        "미군놈",
    ]


# Posting through the page


@pytest.fixture
def house_rule(rule):
    return HouseRule.objects.get(number=2)


def test_a_refusing_rule_names_itself_and_keeps_the_text(
    thread, reader_client, house_rule
):
    make_word_rule("yankee scum", "refuse", house_rule=house_rule)
    text = "Send the Yankee scum home."
    response = reader_client.post(POST_URL, {"body": text})
    assert response.status_code == 403
    page = response.content.decode()
    assert "was not posted" in page
    assert "“Yankee scum”" in page
    assert str(house_rule) in page
    assert text in page  # kept in the form, to revise
    assert not Comment.objects.filter(body=text).exists()
    line = ModerationAction.objects.get(verb=ModerationVerb.RULE_REFUSE)
    assert line.moderator is None
    assert line.detail == "word rule “yankee scum”"
    assert line.rule == house_rule


def test_a_held_comment_waits_and_its_poster_reads_why(thread, reader, reader_client):
    make_word_rule("미군놈", "hold")
    response = reader_client.post(
        POST_URL, {"body": "미군놈들이 나가야 한다."}, follow=True
    )
    comment = Comment.objects.get(author=reader.author)
    assert comment.status == CommentStatus.PENDING
    page = response.content.decode()
    assert "awaiting review" in page
    assert "Held for review by the forum: it contains “미군놈”" in page
    flag = AutomaticFlag.objects.get(comment=comment)
    assert (flag.action, flag.kind, flag.words) == ("hold", "words", ["미군놈"])
    line = ModerationAction.objects.get(comment=comment)
    assert (line.verb, line.moderator, line.detail) == (
        ModerationVerb.RULE_HOLD,
        None,
        "word rule “미군놈”",
    )


def test_a_moderator_approves_a_held_comment_from_the_queue(
    thread, reader, reader_client, moderator_client
):
    make_word_rule("withdraw*", "hold")
    reader_client.post(POST_URL, {"body": "Withdrawal is overdue."})
    comment = Comment.objects.get(author=reader.author)
    queue = moderator_client.get("/moderation/").content.decode()
    assert (
        'Hold for review</span> by the forum: <span lang="en">'
        "word rule “withdraw*”</span>" in queue
    )
    assert "<mark>Withdrawal</mark> is overdue." in queue
    moderator_client.post(f"/moderation/comments/{comment.pk}/approve/", {"note": ""})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert not AutomaticFlag.objects.unresolved().exists()
    assert "Withdrawal is overdue." in moderator_client.get(THREAD_URL).content.decode()
    audit = moderator_client.get("/moderation/audit/").content.decode()
    assert "Held by a rule" in audit and "the forum" in audit and "Approved" in audit


def test_a_flagged_comment_is_published_and_waits_in_the_queue(
    thread, reader, reader_client, moderator_client, client
):
    make_word_rule("puppet", "flag")
    reader_client.post(POST_URL, {"body": "Seoul is no puppet."})
    comment = Comment.objects.get(author=reader.author)
    assert comment.status == CommentStatus.PUBLISHED
    assert "Seoul is no puppet." in client.get(THREAD_URL).content.decode()
    queue = moderator_client.get("/moderation/").content.decode()
    assert "Seoul is no <mark>puppet</mark>." in queue
    moderator_client.post(f"/moderation/comments/{comment.pk}/approve/", {"note": ""})
    assert comment.pk not in Comment.objects.needing_moderation().values_list(
        "pk", flat=True
    )


def test_masked_words_are_hidden_from_readers_and_shown_to_moderators(
    thread, reader, reader_client, moderator_client, client
):
    make_word_rule("gook*", "mask")
    response = reader_client.post(
        POST_URL, {"body": "Calling Koreans gooks is vile."}, follow=True
    )
    assert "rules mask some of its words: readers see ■" in response.content.decode()
    comment = Comment.objects.get(author=reader.author)
    assert comment.body == "Calling Koreans ■■■■■ is vile."
    public = client.get(THREAD_URL).content.decode()
    assert "■■■■■ is vile" in public and "gooks" not in public
    assert "gooks" not in client.get(f"{THREAD_URL}feed/").content.decode()
    detail = moderator_client.get(f"/moderation/comments/{comment.pk}/").content
    assert "<mark>gooks</mark>" in detail.decode()
    moderator_client.post(f"/moderation/comments/{comment.pk}/unmask/")
    comment.refresh_from_db()
    assert comment.body == "Calling Koreans gooks is vile."
    assert ModerationAction.objects.filter(verb=ModerationVerb.UNMASK).count() == 1


def test_the_author_edits_the_words_as_written_not_the_masked_ones(
    thread, reader, reader_client
):
    make_word_rule("gook*", "mask")
    reader_client.post(POST_URL, {"body": "Calling Koreans gooks is vile."})
    comment = Comment.objects.get(author=reader.author)
    form = reader_client.get(f"{THREAD_URL}comments/{comment.pk}/edit/")
    assert "Calling Koreans gooks is vile.</textarea>" in form.content.decode()


def test_an_edit_meets_the_rules_a_new_comment_meets(thread, reader, reader_client):
    reader_client.post(POST_URL, {"body": "A mild view."})
    comment = Comment.objects.get(author=reader.author)
    make_word_rule("traitor*", "hold")
    reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/edit/", {"body": "Traitors, all of them."}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.body == "Traitors, all of them."
    make_word_rule("scum", "refuse")
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/edit/", {"body": "Scum, all of them."}
    )
    assert response.status_code == 400
    assert "“Scum”" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Traitors, all of them."


def test_a_reply_meets_the_rules(thread, reader, reader_client):
    make_word_rule("scum", "refuse")
    first = thread.comments.get(position=1)
    response = reader_client.post(
        f"{THREAD_URL}comments/{first.pk}/reply/", {"body": "You scum."}
    )
    assert "Your reply was not posted" in response.content.decode()
    assert not first.replies.exists()


def test_staff_are_exempt_unless_the_rule_says_otherwise(thread, db):
    moderator = make_moderator()
    from django.test import Client

    browser = Client()
    browser.force_login(moderator)
    make_word_rule("withdraw*", "hold")
    make_word_rule("scum", "refuse", applies_to_staff=True)
    browser.post(POST_URL, {"body": "Withdrawal, says the newsroom."})
    assert Comment.objects.get(author=moderator.author).status == "published"
    response = browser.post(POST_URL, {"body": "Scum, says the newsroom."})
    assert response.status_code == 403


def test_a_signature_meets_the_rules_at_sign_up(client, db):
    make_word_rule("gook*", "mask")
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newcomer",
            "name": "Gookhater",
            "place": "Seoul",
            "password1": "a-Long-enough-pass-42",
            "password2": "a-Long-enough-pass-42",
        },
    )
    assert response.status_code == 200
    assert "This signature cannot be used: it contains “Gookhater”" in (
        response.content.decode()
    )


def test_a_rule_changed_in_the_admin_applies_to_the_next_comment(thread, reader_client):
    rule = make_word_rule("sunshine", "flag")
    reader_client.post(POST_URL, {"body": "Sunshine policy now."})
    rule.action = "refuse"
    rule.save()
    response = reader_client.post(POST_URL, {"body": "Sunshine policy again."})
    assert response.status_code == 403
    rule.delete()
    response = reader_client.post(POST_URL, {"body": "Sunshine policy, third time."})
    assert response.status_code == 302


def test_a_rule_needs_a_letter(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least one letter"):
        make_word_rule("* *")
    make_reader()
