"""Pull a news article out of a saved web page's text, without the database."""

import datetime
import re
from dataclasses import dataclass, field
from itertools import takewhile

from .debate_text import SENTENCE_END, Remark

RULES = """\
How the article is told apart from the site around it:

  byline block  The first run of bullet lines with "By ..." or "Source: ...".
                A bullet there that is a date ("23 May 2025 18:38") is the
                dateline, kept as printed, and gives the publication date.
  headline      The line just before the byline block; with no byline block,
                the last title-like line (3 to 25 words, no full stop) before
                the body.
  body          Starts at the first paragraph of prose (8 words or more, blank
                lines around it, ending like a sentence) that another such
                paragraph follows. Ends at a run of bullets (short ones are the
                tags), at a marker such as "Most Read", "Read Next" or
                "All Rights Reserved", or at the end of the text. Inside it, a
                line ending like a sentence is a paragraph, and a short Title
                Case line followed by prose is a subheading. Anything else
                ("Related News" and the links after it, "Read more: ..."
                lines) is left out and listed.
  standfirst    Prose between the headline and the body.
  photo         An indented line of 8 words or more between the headline and
                the body is the caption; the last short capitalised bullet
                before it is the photo credit.

Paragraphs are expected one to a line: text hard-wrapped over several lines is
not understood.
"""

BULLET = re.compile(r"^\s*[•·▪◦*\u2013-]\s+(?P<text>.*\S)\s*$")
BYLINE = re.compile(r"^By\s+(?P<name>.+)$")
SOURCE = re.compile(r"^Source:\s*(?P<name>.+)$", re.IGNORECASE)
DATELINE = re.compile(
    r"^(?P<date>\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})"
    r"(?:,? \d{1,2}:\d{2}(?: ?[AP]M)?)?(?: [A-Z]{2,4})?$"
)
DATE_FORMATS = ["%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y"]
READ_MORE = re.compile(r"^\W*(?:\w+ more|read also|see also|also read)\s*:", re.I)
RELATED = re.compile(r"^(?:related\b|more on this\b|see also$)", re.IGNORECASE)
END_MARKERS = re.compile(
    r"^(?:most read|most popular|read next|related articles|more from\b.*"
    r"|recommended|all rights reserved|tags:?|comments|share this.*)$"
    r"|^(?:©|copyright\b)",
    re.IGNORECASE,
)
_SMALL_WORDS = (
    "a an and as at but by for from in into nor of on or over the to up via with"
)
SMALL_WORDS = frozenset(_SMALL_WORDS.split())

MIN_PROSE_WORDS = 8
MAX_HEADING_WORDS = 8
MAX_TAG_WORDS = 5


class ArticleNotFound(ValueError):
    """Raised when no run of prose paragraphs is found in the text."""


@dataclass
class ArticlePage:
    title: str
    byline: str = ""
    source_credit: str = ""
    dateline: str = ""
    published_on: datetime.date | None = None
    standfirst: str = ""
    photo_caption: str = ""
    photo_credit: str = ""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    left_out: list[Remark] = field(default_factory=list)

    @property
    def body(self):
        """The blocks as `Article.body` stores them: "## " marks a subheading."""
        return "\n\n".join(
            f"## {text}" if kind == "heading" else text for kind, text in self.blocks
        )


@dataclass(frozen=True)
class _Line:
    number: int
    raw: str
    stands_alone: bool  # blank lines, or the text's edges, on both sides

    @property
    def text(self):
        return self.raw.strip()

    @property
    def bullet(self):
        match = BULLET.match(self.raw)
        return match["text"].strip() if match else None

    @property
    def is_indented(self):
        return self.raw[:1].isspace() and self.bullet is None

    @property
    def words(self):
        return self.text.split()

    @property
    def ends_like_a_sentence(self):
        return bool(SENTENCE_END.search(self.text))

    @property
    def is_plain(self):
        """Neither a bullet nor indented: where a site prints its article."""
        return self.bullet is None and not self.is_indented


def _lines(text):
    raw_lines = text.splitlines()
    blank = [not raw.strip() for raw in ["", *raw_lines, ""]]
    return [
        _Line(number, raw, stands_alone=blank[number - 1] and blank[number + 1])
        for number, raw in enumerate(raw_lines, start=1)
        if raw.strip()
    ]


def _is_prose(line, min_words=MIN_PROSE_WORDS):
    return (
        line.is_plain
        and line.stands_alone
        and len(line.words) >= min_words
        and line.ends_like_a_sentence
        and not READ_MORE.match(line.text)
    )


def _is_title_like(line):
    return (
        line.is_plain
        and 3 <= len(line.words) <= 25
        and not line.ends_like_a_sentence
        and line.text[:1].isupper()
        and not END_MARKERS.match(line.text)
    )


def _is_subheading(line):
    return (
        line.is_plain
        and line.stands_alone
        and len(line.words) <= MAX_HEADING_WORDS
        and not line.ends_like_a_sentence
        and all(
            word[:1].isupper() or word[:1].isdigit() or word.lower() in SMALL_WORDS
            for word in line.words
        )
        and not RELATED.match(line.text)
        and not READ_MORE.match(line.text)
    )


def _is_tag(item):
    return len(item.split()) <= MAX_TAG_WORDS and not SENTENCE_END.search(item)


def parse_date(text):
    """The date a dateline prints ("23 May 2025 18:38"), or None."""
    match = DATELINE.match(text)
    if match:
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(match["date"], pattern).date()
            except ValueError:
                continue
    return None


def parse_article_page(text):
    """Find the article in a saved page's text; raise ArticleNotFound."""
    lines = _lines(text)
    page = ArticlePage(title="")
    lead_start = _read_byline_block(lines, page)
    prose = [
        index for index in range(lead_start, len(lines)) if _is_prose(lines[index])
    ]
    if not prose:
        raise ArticleNotFound("No paragraph of prose found.")
    followed_by_prose = set(prose)
    body_start = next(
        (index for index in prose if index + 1 in followed_by_prose), prose[0]
    )
    if not page.title:
        titles = [index for index in range(body_start) if _is_title_like(lines[index])]
        if titles:
            page.title = lines[titles[-1]].text
            lead_start = titles[-1] + 1
    _read_lead(lines[lead_start:body_start], page)
    _read_body(lines[body_start:], page)
    return page


def _read_byline_block(lines, page):
    """Fill in headline, byline, source and dateline; return where the lead starts."""
    index = 0
    while index < len(lines):
        if lines[index].bullet is None:
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].bullet is not None:
            end += 1
        items = [line.bullet for line in lines[index:end]]
        if any(BYLINE.match(item) or SOURCE.match(item) for item in items):
            if index > 0:
                page.title = lines[index - 1].text
            for item in items:
                if match := BYLINE.match(item):
                    page.byline = match["name"].strip()
                elif match := SOURCE.match(item):
                    page.source_credit = match["name"].strip()
                elif DATELINE.match(item):
                    page.dateline = item
                    page.published_on = parse_date(item)
            return end
        index = end
    return 0


def _read_lead(lines, page):
    standfirst = []
    for index, line in enumerate(lines):
        if _is_prose(line):
            standfirst.append(line.text)
        elif line.is_indented and len(line.words) >= MIN_PROSE_WORDS:
            page.photo_caption = line.text
            credits = [
                earlier.bullet
                for earlier in lines[:index]
                if earlier.bullet
                and earlier.bullet[:1].isupper()
                and len(earlier.bullet.split()) <= 3
            ]
            if credits:
                page.photo_credit = credits[-1]
    page.standfirst = "\n\n".join(standfirst)


def _read_body(lines, page):
    in_related = False  # after "Related News", short lines are its links
    for index, line in enumerate(lines):
        if line.bullet is not None:
            run = list(takewhile(lambda later: later.bullet, lines[index:]))
            items = [later.bullet for later in run]
            if all(_is_tag(item) for item in items):
                page.tags = items
            else:
                page.left_out += [Remark(later.number, later.text) for later in run]
            return
        if END_MARKERS.match(line.text):
            return
        following = lines[index + 1] if index + 1 < len(lines) else None
        if RELATED.match(line.text):
            in_related = True
        elif _is_prose(line, min_words=MIN_PROSE_WORDS if in_related else 1):
            page.blocks.append(("paragraph", line.text))
            in_related = False
            continue
        elif _is_subheading(line) and following and _is_prose(following):
            page.blocks.append(("heading", line.text))
            in_related = False
            continue
        page.left_out.append(Remark(line.number, line.text))
