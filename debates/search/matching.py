"""Searching debates and published comments, and showing the words that matched.

On PostgreSQL a search is full text: words are stemmed with the 'english'
configuration ("withdrawing" finds "withdraw"), the reader's text is read as a web
search ("quoted phrases", `or`, `-word`) and results come best first. Elsewhere
(SQLite, in development and tests) each word of two or more letters must begin a word
of the text, case folded, and results come in reading order.

Highlighting never marks a reader's text safe: the text is cut into pieces, matched or
not, and every piece is escaped as it is wrapped (`render`). On PostgreSQL the excerpt
comes from `ts_headline`, fed text whose `&`, `<` and `>` are escaped first, so the
`<mark>` tags it adds are the only markup in its answer; the pieces are unescaped and
escaped again here.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.html import format_html, format_html_join

CONFIG = "english"
MAX_LENGTH = 100
MIN_WORD_LENGTH = 2
MAX_WORDS = 8
EXCERPT_LENGTH = 240
FRAGMENT_DELIMITER = " … "

WORD = re.compile(r"\w+")
# Control characters mean nothing in a search, and PostgreSQL refuses NUL outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MARKED = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


class QueryProblem(ValueError):
    """Raised for a search that cannot be run. The message is written for the reader."""


@dataclass(frozen=True)
class Query:
    """What a reader searched for: their text, spaces collapsed, and its words."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, raw):
        text = " ".join(CONTROL.sub(" ", raw).split())
        if len(text) > MAX_LENGTH:
            raise QueryProblem(
                f"A search can be at most {MAX_LENGTH} characters long. "
                "Please shorten yours."
            )
        words = tuple(
            dict.fromkeys(
                word.lower()
                for word in WORD.findall(text)
                if len(word) >= MIN_WORD_LENGTH
            )
        )
        if not words:
            raise QueryProblem(
                f"Type a word of at least {MIN_WORD_LENGTH} letters to search for."
            )
        if len(words) > MAX_WORDS:
            raise QueryProblem(f"Search for at most {MAX_WORDS} words at a time.")
        return cls(text=text, words=words)


@dataclass(frozen=True)
class Hit:
    """A debate or comment found, with its title and excerpt highlighted as HTML."""

    object: object
    excerpt: str
    title: str = ""


def _is_full_text(queryset):
    return connections[queryset.db].vendor == "postgresql"


def debates(queryset, query):
    """Debates whose title, question or introduction match, best first."""
    if not _is_full_text(queryset):
        fields = ["title", "question", "introduction"]
        return queryset.filter(*_each_word_in(fields, query)).order_by("-created_at")
    vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("question", weight="B", config=CONFIG)
        + SearchVector("introduction", weight="C", config=CONFIG)
    )
    search = _search_query(query)
    return (
        queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
        .filter(search_vector=search)
        .annotate(
            search_title=_headline("title", search, highlight_all=True),
            search_excerpt=_headline(
                Concat(
                    "question", Value(" "), "introduction", output_field=TextField()
                ),
                search,
            ),
        )
        .order_by("-search_rank", "-created_at")
    )


def comments(queryset, query):
    """Comments in `queryset` whose text, or whose author's name or place,
    matches ("Peddle", "Kunsan"), best first; a match in the signature ranks
    above one in the text.

    Callers pass only comments readers may see (`CommentQuerySet.search` does).
    """
    if not _is_full_text(queryset):
        fields = ["body", "author__name", "author__place"]
        return queryset.filter(*_each_word_in(fields, query)).order_by(
            "debate__created_at", "debate_id", "position"
        )
    vector = SearchVector(
        "author__name", "author__place", weight="A", config=CONFIG
    ) + SearchVector("body", weight="B", config=CONFIG)
    search = _search_query(query)
    return (
        queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
        .filter(search_vector=search)
        .annotate(search_excerpt=_headline("body", search))
        .order_by("-search_rank", "debate_id", "position")
    )


def debate_hits(found, query):
    return [
        Hit(
            object=debate,
            title=_highlight(debate, "search_title", debate.title, query, whole=True),
            excerpt=_highlight(
                debate,
                "search_excerpt",
                f"{debate.question} {debate.introduction}",
                query,
            ),
        )
        for debate in found
    ]


def comment_hits(found, query):
    return [
        Hit(
            object=comment,
            excerpt=_highlight(comment, "search_excerpt", comment.body, query),
        )
        for comment in found
    ]


def render(pieces):
    """HTML for (text, matched) pieces: each escaped, the matched ones in <mark>."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", text) if matched else text,)
            for text, matched in pieces
            if text
        ),
    )


def _search_query(query):
    return SearchQuery(query.text, config=CONFIG, search_type="websearch")


def _word_pattern(word):
    """A word of the text that begins with `word`."""
    return rf"\b{re.escape(word)}\w*"


def _each_word_in(fields, query):
    """One condition per word: it begins a word of at least one of the fields."""
    conditions = []
    for word in query.words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__iregex": _word_pattern(word)})
        conditions.append(condition)
    return conditions


def _escaped_for_headline(expression):
    """The text with &, < and > escaped, so ts_headline finds no tags in it to drop,
    and the <mark> tags it adds are the only ones in its answer."""
    for char, entity in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]:
        expression = Replace(expression, Value(char), Value(entity))
    return expression


def _headline(expression, search, *, highlight_all=False):
    # Fragments give each match words before it as well as after; ShortWord=0 keeps
    # a fragment from dropping a short word at its edges ("I visited ...").
    options = (
        {"highlight_all": True}
        if highlight_all
        else {
            "max_words": 45,
            "min_words": 25,
            "short_word": 0,
            "max_fragments": 2,
            "fragment_delimiter": FRAGMENT_DELIMITER,
        }
    )
    return SearchHeadline(
        _escaped_for_headline(expression),
        search,
        config=CONFIG,
        start_sel="<mark>",
        stop_sel="</mark>",
        **options,
    )


def _highlight(obj, headline_attribute, text, query, *, whole=False):
    headline = getattr(obj, headline_attribute, None)
    if headline is not None:
        return render(_pieces_of_headline(headline, text))
    return render(_pieces_of_text(text, query.words, whole=whole))


def _pieces_of_headline(headline, text):
    """ts_headline's answer cut into (text, matched).

    Its fragments start and end on words: the punctuation it left off at either end
    of the text is put back, and "…" marks where it left words out.
    """
    pieces, end = [], 0
    for match in MARKED.finditer(headline):
        pieces.append((html.unescape(headline[end : match.start()]), False))
        pieces.append((html.unescape(match.group(1)), True))
        end = match.end()
    pieces.append((html.unescape(headline[end:]), False))
    shown = " ".join("".join(piece for piece, _ in pieces).split())
    text = " ".join(text.split())
    fragments = shown.split(FRAGMENT_DELIMITER)
    first, last = fragments[0][:20], fragments[-1][-20:]
    if first and (start := text.find(first)) > 0:
        left_off = text[:start]
        pieces.insert(0, ("… " if WORD.search(left_off) else left_off, False))
    if last and (stop := text.rfind(last)) != -1:
        left_off = text[stop + len(last) :]
        pieces.append((" …" if WORD.search(left_off) else left_off, False))
    return pieces


def _pieces_of_text(text, words, *, whole=False):
    """The text, or an excerpt around its first match, cut into (text, matched)."""
    text = " ".join(text.split())
    pattern = re.compile(
        "|".join(_word_pattern(word) for word in sorted(words, key=len, reverse=True)),
        re.IGNORECASE,
    )
    before = after = ""
    if not whole and len(text) > EXCERPT_LENGTH:
        first = pattern.search(text)
        start = _word_start(text, first.start() - EXCERPT_LENGTH // 3 if first else 0)
        end = _word_end(text, start, start + EXCERPT_LENGTH)
        before = "… " if start > 0 else ""
        after = " …" if end < len(text) else ""
        text = text[start:end]
    pieces, end = [(before, False)], 0
    for match in pattern.finditer(text):
        pieces.append((text[end : match.start()], False))
        pieces.append((match.group(), True))
        end = match.end()
    pieces.append((text[end:] + after, False))
    return pieces


def _word_start(text, index):
    """The start of the first whole word at or after `index`."""
    if index <= 0:
        return 0
    space = text.find(" ", index - 1)
    return index if space == -1 else space + 1


def _word_end(text, start, index):
    """The end of the last whole word between `start` and `index`."""
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", start, index + 1)
    return index if space <= start else space
