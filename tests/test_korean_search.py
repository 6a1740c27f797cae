"""Readers search in Korean: words are found without the particles glued to them."""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from debates.models import Author, Comment, DebateTranslation
from debates.participation.posting import post_comment
from debates.search import korean
from debates.search.matching import Query
from tests.builders import make_word_rule
from tests.test_search import results, search_page

THREAD_URL = "/debates/us-troops-in-south-korea/"
POST_URL = THREAD_URL + "comments/"
KOREAN = "주한미군 감축에 반대합니다. 한반도의 평화가 먼저입니다."

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the analysed index and the trigram fallback are PostgreSQL's; SQLite "
    "matches Hangul inside the text",
)


def korean_comment(debate, body=KOREAN, *, name="민지"):
    author, _ = Author.objects.get_or_create(name=name, place="서울")
    return Comment.objects.create(
        debate=debate,
        author=author,
        body=body,
        language="ko",
        position=Comment.objects.last_position(debate) + 1,
    )


def comment_results(page):
    """The comments found, as `results` reads them: the debates found (the 2004
    thread's Korean translation speaks of 감축 too) are left out."""
    return results(page.partition('id="comment-results-heading"')[2])


def words_of(comment):
    comment.refresh_from_db()
    return comment.search_words.split()


def test_the_analyser_keeps_the_words_that_carry_meaning():
    assert korean.index_words("주한미군 감축에 반대합니다.") == [
        "주한",
        "미군",
        "감축",
        "반대",
    ]
    # Verbs in their dictionary form, however they are conjugated.
    assert korean.index_words("어제 음악을 들었다") == ["어제", "음악", "듣다"]
    assert korean.index_words("US troops의 철수는 2004년에 시작됐다.") == [
        "us",
        "troops",
        "철수",
        "2004",
        "시작",
    ]
    assert korean.index_words("Troops, go HOME!") == ["troops", "go", "home"]


def test_threads_meeting_the_first_korean_text_share_one_analyser(monkeypatch):
    import kiwipiepy

    built = []

    class CountedKiwi(kiwipiepy.Kiwi):
        def __init__(self, *args, **kwargs):
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(korean, "_analyser", None)
    monkeypatch.setattr(kiwipiepy, "Kiwi", CountedKiwi)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(korean.index_words, ["감축에 반대합니다."] * 8))
    assert answers == [["감축", "반대"]] * 8
    assert len(built) == 1


def test_without_the_analyser_korean_text_fails_loudly(monkeypatch):
    monkeypatch.setattr(korean, "_analyser", None)
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)
    with pytest.raises(ImproperlyConfigured, match="kiwipiepy"):
        korean.index_words("감축")
    assert korean.index_words("Troops") == ["troops"]


def test_a_korean_comment_posted_today_is_found_by_its_word_without_particle(
    reader_client, client, thread
):
    body = f"{KOREAN} <script>alert(1)</script> & <b>끝</b>"
    response = reader_client.post(POST_URL, {"body": body, "language": "ko"})
    assert response.status_code == 302
    comment = Comment.objects.get(body=body)
    assert comment.language == "ko"
    assert comment.posted_at.date() == timezone.localdate()
    assert {"감축", "반대", "평화"} <= set(words_of(comment))

    page = search_page(client, "감축")
    assert " and 1 comment match <strong>감축</strong>." in page
    assert "주한미군 <mark>감축</mark>에 반대합니다." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;끝&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "<b>끝" not in page
    assert f'href="{comment.get_absolute_url()}"' in page


def test_a_word_typed_with_its_particle_finds_it_too(client, thread):
    korean_comment(thread)
    (result,) = comment_results(search_page(client, "감축에"))
    assert "한반도의 평화가 먼저입니다." in result
    assert "<mark>감축에</mark>" in search_page(client, "감축에")


def test_english_searches_are_unchanged_by_korean_comments(client, thread):
    korean_comment(thread, "판문점에 가 봤습니다. Panmunjom truce village.")
    page = search_page(client, "Panmunjom")
    assert "0 debates and 2 comments match <strong>Panmunjom</strong>." in page
    assert "I visited <mark>Panmunjom</mark>, the" in page
    assert results(search_page(client, "Panmunjom appeasement")) == []


def test_every_word_must_match_in_korean_too(client, thread):
    korean_comment(thread)
    assert len(comment_results(search_page(client, "감축 평화"))) == 1
    assert comment_results(search_page(client, "감축 전쟁")) == []
    assert comment_results(search_page(client, "감축 appeasement")) == []


def test_a_single_hangul_syllable_is_a_word_to_search_for(client, thread):
    assert Query.parse("군").words == ("군",)
    page = search_page(client, "a")
    assert "Type a word of at least 2 letters to search for." in page


def test_only_published_korean_comments_are_found(client, thread):
    hidden = korean_comment(thread, "감축은 비밀입니다.")
    hidden.status = Comment.Status.REMOVED
    hidden.save(update_fields=["status"])
    assert comment_results(search_page(client, "감축")) == []
    assert comment_results(search_page(client, "비밀")) == []


def test_an_edited_comment_is_found_by_its_new_words_not_its_old(
    reader, reader_client, client, thread
):
    comment = post_comment(
        debate=thread, author=reader.author, body="미군 철수에 찬성합니다."
    )
    assert len(comment_results(search_page(client, "철수"))) == 1
    response = reader_client.post(
        f"{THREAD_URL}comments/{comment.pk}/edit/",
        {"body": "생각해 보니 감축에 반대합니다."},
    )
    assert response.status_code == 302
    assert "철수" not in words_of(comment)
    assert comment_results(search_page(client, "철수")) == []
    assert comment_results(search_page(client, "찬성")) == []
    (result,) = comment_results(search_page(client, "감축"))
    assert "생각해 보니 감축에 반대합니다." in result


def test_words_a_rule_masks_are_not_found_until_unmasked(
    thread, reader_client, moderator_client, client
):
    make_word_rule("철수", "mask")
    reader_client.post(
        POST_URL, {"body": "주한미군 철수에 반대합니다.", "language": "ko"}
    )
    comment = Comment.objects.get(unmasked_body="주한미군 철수에 반대합니다.")
    assert comment.body == "주한미군 ■■에 반대합니다."
    assert "철수" not in words_of(comment)
    assert comment_results(search_page(client, "철수")) == []
    assert len(comment_results(search_page(client, "반대"))) == 1
    moderator_client.post(f"/moderation/comments/{comment.pk}/unmask/")
    assert "철수" in words_of(comment)
    assert len(comment_results(search_page(client, "철수"))) == 1


def test_comments_loaded_from_a_fixture_are_indexed(thread, tmp_path):
    comment = korean_comment(thread)
    rows = json.loads(
        serializers.serialize(
            "json",
            [comment],
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    )
    rows[0]["fields"]["body"] = "동맹을 지키자."
    rows[0]["fields"]["search_words"] = "stale words"
    fixture = tmp_path / "korean.json"
    fixture.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    assert words_of(comment) == ["동맹", "지키다"]
    # The shipped fixture's Korean translation of the 2004 debate, too.
    call_command("loaddata", "us_troops_korea", verbosity=0)
    translation = DebateTranslation.objects.get(debate=thread, language="ko")
    assert {"주한", "미군", "감축", "동의"} <= set(translation.search_words.split())


def test_bulk_writes_keep_the_search_words(thread):
    author = Author.objects.create(name="은지")
    (made,) = Comment.objects.bulk_create(
        [Comment(debate=thread, author=author, body="통일을 원합니다.", position=900)]
    )
    assert words_of(made) == ["통일", "원하다"]
    made.body = "평화를 원합니다."
    Comment.objects.bulk_update([made], ["body"])
    assert words_of(made) == ["평화", "원하다"]
    Comment.objects.filter(pk=made.pk).update(body="")
    assert words_of(made) == []


def test_a_debate_is_found_by_its_korean_translation_and_shown_in_it(
    client, make_debate
):
    debate = make_debate(title="Food and friendship", question="What do you cook?")
    translation = DebateTranslation.objects.create(
        debate=debate,
        language="ko",
        title="음식과 우정",
        question="무엇을 요리하십니까?",
        introduction="김치에 대하여 <이야기>합시다.",
    )
    page = search_page(client, "김치")
    assert "1 debate and 0 comments match <strong>김치</strong>." in page
    assert (
        f'<h3 class="h6 mb-1" lang="ko"><a href="{debate.get_absolute_url()}">'
        "음식과 우정</a></h3>"
    ) in page
    assert (
        '<p class="search-excerpt mb-0" lang="ko">무엇을 요리하십니까? '
        "<mark>김치</mark>에 대하여 &lt;이야기&gt;합시다.</p>"
    ) in page
    assert "1 debate and" in search_page(client, "요리")
    # English searches show the original, as before.
    page = search_page(client, "friendship")
    assert 'lang="en"><a' in page and "Food and <mark>friendship</mark>" in page

    translation.introduction = "불고기에 대하여."
    translation.save()
    assert "Nothing matches" in search_page(client, "김치")
    assert "1 debate and" in search_page(client, "불고기")


@postgresql_only
def test_a_single_syllable_is_found_inside_words(client, thread):
    korean_comment(thread)
    query = Query.parse("군")
    assert query.matches_inside_words
    page = search_page(client, "군")
    (result,) = comment_results(page)
    assert "주한미<mark>군</mark> 감축에" in page
    assert "한반도의 평화가" in result


@postgresql_only
def test_a_word_the_analyser_drops_is_found_inside_words(client, thread):
    korean_comment(thread, "그러나 감축은 위험합니다.")
    assert Query.parse("그러나").matches_inside_words
    assert not Query.parse("감축").matches_inside_words
    assert not Query.parse("군 감축").matches_inside_words
    assert "<mark>그러나</mark> 감축은" in search_page(client, "그러나")


@postgresql_only
def test_the_analysed_search_reads_phrases_and_exclusions(client, thread):
    korean_comment(thread)
    korean_comment(thread, "감축이 필요합니다.", name="지훈")
    assert len(comment_results(search_page(client, "감축"))) == 2
    assert len(comment_results(search_page(client, "감축 -반대"))) == 1
    assert len(comment_results(search_page(client, '"주한미군 감축"'))) == 1
    assert comment_results(search_page(client, '"감축 주한미군"')) == []


@postgresql_only
def test_the_indexes_are_built_on_what_the_korean_searches_ask(thread):
    """On a table this small PostgreSQL reads no index; on a large one it reads
    these for the expressions below (the trigram one for three syllables or more:
    one or two make no trigram, and are scanned)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'debates_comment'"
        )
        indexes = dict(cursor.fetchall())
    assert "USING gin (body gin_trgm_ops) WHERE" in indexes["comment_body_trigram"]
    words = "to_tsvector('simple'::regconfig, COALESCE(search_words, ''::text))"
    assert words in indexes["comment_words_search"]
    inside = str(Comment.objects.search(Query.parse("그러나")).query)
    assert '"debates_comment"."body"::text LIKE %그러나%' in inside
    analysed = str(Comment.objects.search(Query.parse("감축")).query)
    assert (
        "to_tsvector(simple::regconfig, "
        'COALESCE("debates_comment"."search_words", ))' in analysed
    )
