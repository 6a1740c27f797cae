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

Korean glues particles to its words (감축에, "to the cut"), which no PostgreSQL
configuration takes off. Each comment keeps its words as the analyser cuts them
(`Comment.search_words`, see debates.search.korean), and a search with Hangul in it
is cut the same way and matched against them with the 'simple' configuration, as
well as against the text as before: 감축 finds "감축에 반대합니다". A search whose
words are all Hangul, each a single syllable or one the analyser keeps nothing of
(군, 에서), matches them inside the text's words instead (LIKE, which the trigram
index serves). On SQLite a Hangul word matches anywhere inside the text. Results
found through Korean are highlighted here, not by `ts_headline`: the word typed
and what the analyser kept of it are marked wherever they stand in the text (its
verb and adjective stems where a word begins).
"""

import html
import re
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import Exists, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from . import korean

CONFIG = "english"
KOREAN_CONFIG = "simple"
MAX_LENGTH = 100
MIN_WORD_LENGTH = 2
MAX_WORDS = 8
EXCERPT_LENGTH = 240
FRAGMENT_DELIMITER = " … "

WORD = re.compile(r"\w+")
HANGUL_WORD = re.compile(rf"\w*{korean.HANGUL.pattern}\w*")
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
                ngettext(
                    "A search can be at most %(count)s character long. "
                    "Please shorten yours.",
                    "A search can be at most %(count)s characters long. "
                    "Please shorten yours.",
                    MAX_LENGTH,
                )
                % {"count": MAX_LENGTH}
            )
        words = tuple(
            dict.fromkeys(
                word.lower()
                for word in WORD.findall(text)
                # A Hangul syllable holds a word's worth of letters (군, 북).
                if len(word) >= MIN_WORD_LENGTH or korean.has_hangul(word)
            )
        )
        if not words:
            raise QueryProblem(
                ngettext(
                    "Type a word of at least %(count)s letter to search for.",
                    "Type a word of at least %(count)s letters to search for.",
                    MIN_WORD_LENGTH,
                )
                % {"count": MIN_WORD_LENGTH}
            )
        if len(words) > MAX_WORDS:
            raise QueryProblem(
                ngettext(
                    "Search for at most %(count)s word at a time.",
                    "Search for at most %(count)s words at a time.",
                    MAX_WORDS,
                )
                % {"count": MAX_WORDS}
            )
        return cls(text=text, words=words)

    @cached_property
    def is_korean(self):
        return any(korean.has_hangul(word) for word in self.words)

    @cached_property
    def morphemes(self):
        """What the analyser keeps of the search, analysed whole for context."""
        return korean.morphemes(self.text) if self.is_korean else []

    @cached_property
    def korean_text(self):
        """The search as a web search of the index words: each word with Hangul
        replaced by the words kept of it, joined by "_" so that PostgreSQL reads
        them as a phrase ("주한미군" → "주한_미군"); quotes, `or` and `-` kept."""
        return HANGUL_WORD.sub(lambda match: "_".join(self._kept_of(match)), self.text)

    @cached_property
    def matches_inside_words(self):
        """Whether the search is too short for the index: all its words in Hangul,
        each a single syllable or one the analyser keeps nothing of (군, 에서).
        Those are matched inside the text's words instead (군 in 미군)."""
        return all(korean.has_hangul(word) for word in self.words) and not any(
            len(match.group()) > 1 and self._kept_of(match)
            for match in HANGUL_WORD.finditer(self.text)
        )

    def _kept_of(self, match):
        """The index words of the word `match` of the search's text."""
        start, end = match.span()
        return [m.word for m in self.morphemes if start <= m.start < end]


@dataclass(frozen=True)
class Hit:
    """A debate or comment found, with its title and excerpt highlighted as HTML."""

    object: object
    excerpt: str
    title: str = ""
    # The languages the title and the excerpt are shown in, for `lang`.
    language: str = ""
    excerpt_language: str = ""


def _is_full_text(queryset):
    return connections[queryset.db].vendor == "postgresql"


def debates(queryset, query):
    """Debates whose title, question or introduction match, best first; for a
    search in Korean, those of their Korean translations too."""
    fields = ["title", "question", "introduction"]
    if query.is_korean:
        # The hits show the translations (`debate_hits`).
        queryset = queryset.prefetch_related("translations")
    if not _is_full_text(queryset) or query.matches_inside_words:
        if query.is_korean:
            fields += [f"translations__{field}" for field in fields]
        return (
            queryset.filter(*_each_word_in(fields, query))
            .distinct()
            .order_by("-created_at")
        )
    vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("question", weight="B", config=CONFIG)
        + SearchVector("introduction", weight="C", config=CONFIG)
    )
    search = _search_query(query)
    if query.is_korean:
        translations = queryset.model._meta.get_field("translations").related_model
        translated = (
            translations.objects.filter(debate=OuterRef("pk"))
            .annotate(words=SearchVector("search_words", config=KOREAN_CONFIG))
            .filter(words=_korean_search_query(query))
        )
        return (
            queryset.annotate(
                search_vector=vector, search_rank=SearchRank(vector, search)
            )
            .filter(Q(search_vector=search) | Exists(translated))
            .order_by("-search_rank", "-created_at")
        )
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
    reading_order = ["debate__created_at", "debate_id", "position"]
    if not _is_full_text(queryset):
        fields = ["body", "author__name", "author__place"]
        return queryset.filter(*_each_word_in(fields, query)).order_by(*reading_order)
    if query.matches_inside_words:
        inside = [Q(body__contains=word) for word in query.words]
        return queryset.filter(*inside).order_by(*reading_order)
    vector = SearchVector(
        "author__name", "author__place", weight="A", config=CONFIG
    ) + SearchVector("body", weight="B", config=CONFIG)
    search = _search_query(query)
    if query.is_korean:
        # Not weighted, so that it is the very expression the index is built on.
        words = SearchVector("search_words", config=KOREAN_CONFIG)
        korean_search = _korean_search_query(query)
        return (
            queryset.annotate(
                search_vector=vector,
                words_vector=words,
                search_rank=SearchRank(vector, search)
                + SearchRank(words, korean_search),
            )
            .filter(Q(search_vector=search) | Q(words_vector=korean_search))
            .order_by("-search_rank", "debate_id", "position")
        )
    return (
        queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
        .filter(search_vector=search)
        .annotate(search_excerpt=_headline("body", search))
        .order_by("-search_rank", "debate_id", "position")
    )


def debate_hits(found, query):
    """The debates found; for a search in Korean, as their Korean translations
    show them, where they have one (field by field, the original otherwise)."""

    def shown(debate, field):
        """The field's text as shown, and its language."""
        if query.is_korean:
            text = debate.shown(field, korean.LANGUAGE)
            return text.text, text.language
        return getattr(debate, field), debate.original_language

    hits = []
    for debate in found:
        title, language = shown(debate, "title")
        question, _ = shown(debate, "question")
        introduction, excerpt_language = shown(debate, "introduction")
        hits.append(
            Hit(
                object=debate,
                title=_highlight(debate, "search_title", title, query, whole=True),
                excerpt=_highlight(
                    debate, "search_excerpt", f"{question} {introduction}", query
                ),
                language=language,
                excerpt_language=excerpt_language,
            )
        )
    return hits


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


def _korean_search_query(query):
    return SearchQuery(query.korean_text, config=KOREAN_CONFIG, search_type="websearch")


def _word_pattern(word):
    """A word of the text that begins with `word`."""
    return rf"\b{re.escape(word)}\w*"


def _each_word_in(fields, query):
    """One condition per word: it begins a word of at least one of the fields, or
    for a word in Hangul, which carries its particles glued on, it is anywhere
    in one (감축 in 감축에)."""
    conditions = []
    for word in query.words:
        condition = Q()
        for field in fields:
            if korean.has_hangul(word):
                condition |= Q(**{f"{field}__icontains": word})
            else:
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
    return render(_pieces_of_text(text, _marking_pattern(query), whole=whole))


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


def _marking_pattern(query):
    """What to mark in a text found: the words that begin its words; a word in
    Hangul wherever it stands, and with it what the analyser kept of it, its
    nouns wherever they stand (미군 in 주한미군) and its verb and adjective stems
    where a word begins (듣 of 듣다 in 듣고)."""
    patterns = {}
    for word in query.words:
        patterns[word] = (
            re.escape(word) if korean.has_hangul(word) else _word_pattern(word)
        )
    for morpheme in query.morphemes:
        form = morpheme.form.lower()
        if morpheme.is_predicate:
            patterns.setdefault(form, rf"(?<!\w){re.escape(form)}")
        elif korean.has_hangul(form):
            patterns.setdefault(form, re.escape(form))
        else:
            patterns.setdefault(form, _word_pattern(form))
    longest_first = sorted(patterns, key=len, reverse=True)
    return re.compile("|".join(patterns[word] for word in longest_first), re.IGNORECASE)


def _pieces_of_text(text, pattern, *, whole=False):
    """The text, or an excerpt around the first match of `pattern`, cut into
    (text, matched)."""
    text = " ".join(text.split())
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
