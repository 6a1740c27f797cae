"""Read the plain text of an archived reader-debate page, without the database."""

import re
from dataclasses import dataclass, field

RULES = """\
How the page is read, top to bottom:

  introduction  Every paragraph before the question. Two sentences printed with
                no space between them ("flexible.It", a small letter, a full
                stop, a capital) become two paragraphs.
  question      The first paragraph with a call for views ("Send us your views",
                "Tell us what you think", "What do you think?"); failing that,
                the first paragraph with a question mark. When the page has a
                closing notice, only the paragraphs before it are searched.
  notice        The first run of lines saying "This debate is (now) closed" or
                mentioning the "balance of opinion".
  comments      Everything after the notice (or after the question, with no
                notice). A comment is one or more lines, each a paragraph,
                closed by a signature line.
  signature     A short line (at most 12 words) shaped "Name, Place": split at
                the first ", ", so places keep their own commas; a name alone
                has no place. It does not end like a sentence (an abbreviation
                such as "D.C." may end it), the name is capitalised, and the
                place has at most three lowercase words, none of them last.
  run together  A line may hold a signature and, after it, the next comment:
                "E Kim, South Korean in London, UK My wife is...". The
                signature part needs a place, and the comment part must end
                like a sentence. It is split before a capitalised word: first, a
                word that opens sentences but never ends a place ("My", "The",
                "Be"...); else the one split whose comment part starts with a
                capitalised word and a lowercase one. If neither decides, the
                line is kept whole and reported.
  pull-quote    A line "| quote |" is the highlight of the comment after it,
                and must appear in that comment's text; otherwise it is
                reported and left out.

Lines that fit none of this are reported with their numbers, never guessed at.
"""

CALL_FOR_VIEWS = re.compile(
    r"\b(?:send|tell|give|e-?mail) us (?:your|what you)\b|\byour views\b"
    r"|\bwhat do you think\b",
    re.IGNORECASE,
)
NOTICE = re.compile(r"\bdebate is (?:now )?closed\b|\bbalance of opinion\b", re.I)
PULL_QUOTE = re.compile(r"^\|(?P<quote>.*)\|$")
SENTENCE_END = re.compile(r"[.!?…][\"'”\u2019)]*$")
# "D.C." or "Calif." may end a place. The price: a short capitalised sentence such as
# "Go Home." would read as a name.
ABBREVIATION = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z][a-z]{0,4}\.$")
# The archived page sometimes lost the space between two sentences ("flexible.It").
RUN_ON_SENTENCES = re.compile(r"(?<=[a-z][.!?])(?=[A-Z][a-z])")

# Words that open sentences but never end a place name. They tell where a signature
# stops when the next comment follows it on the same line: in "Thomas, Toronto,
# Canada The Americans, having...", "Canada The" cannot be a place, so the comment
# starts at "The". ("Will" and "May" are left out: they are also first names.)
_OPENERS = """
    A An The This That These Those There Here It Its I I'm I've I'd I'll My Me We
    Our Us You Your He His Him She Her They Their Them Who What Why How When Where
    Which Whether If As But And Or So Yet Nor Not No Yes Be Is Are Was Were Am Do
    Does Did Have Has Had Can Could Would Should Shall Might Must Let Please
    Although Though While Because Since Unless Until After Before Perhaps Maybe
    Surely Absolutely Well Now Then Also Still Even Just Only All Some Most Many
    Any Every Each None Nothing Everyone Everybody Nobody People In On At For To Of
    With From By About Without Despite Regardless Thank Thanks Great Good Sounds
"""
SENTENCE_OPENERS = frozenset(_OPENERS.split())

MAX_SIGNATURE_WORDS = 12
MAX_NAME_WORDS = 5
MAX_LOWERCASE_PLACE_WORDS = 3


class PageNotUnderstood(ValueError):
    """Raised when a page lacks what every debate has: a question."""


@dataclass(frozen=True)
class Remark:
    """Something about one line of the page: a fix made, or text left out."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Signature:
    name: str
    place: str = ""

    def __str__(self):
        return f"{self.name}, {self.place}" if self.place else self.name


@dataclass(frozen=True)
class ArchivedComment:
    position: int
    body: str
    signature: Signature
    highlight: str
    line: int


@dataclass
class DebatePage:
    introduction: str
    question: str
    archive_notice: str
    comments: list[ArchivedComment] = field(default_factory=list)
    corrections: list[Remark] = field(default_factory=list)
    problems: list[Remark] = field(default_factory=list)

    @property
    def first_sentence(self):
        """The question's first sentence: a title when none is given."""
        return re.split(r"(?<=[.!?])\s", self.question, maxsplit=1)[0]


def collapse(text):
    return " ".join(text.split())


def _words(text):
    """Words with at least one letter or digit: "Gilbert , Arizona" has two."""
    return [word for word in text.split() if any(ch.isalnum() for ch in word)]


def _starts_lowercase(word):
    letters = [ch for ch in word if ch.isalnum()]
    return bool(letters) and letters[0].islower()


def _ends_like_a_sentence(text):
    return bool(SENTENCE_END.search(text))


def parse_signature(line):
    """The Signature a line prints, or None when it is not shaped like one.

    A signature is short (at most 12 words), does not end like a sentence (unless
    with an abbreviation such as "D.C."), and is a capitalised name, then
    optionally ", " and a place. The place may hold a few lowercase words
    ("South Korean living in Surrey, UK") but does not end with one. The name is
    what comes before the first ", ", so places keep their own commas.
    """
    line = line.strip()
    words = _words(line)
    if not words or len(words) > MAX_SIGNATURE_WORDS or "|" in line:
        return None
    if line[-1] in ",;:" or not line[0].isupper():
        return None
    if _ends_like_a_sentence(line) and not ABBREVIATION.match(words[-1]):
        return None
    name, comma, place = line.partition(", ")
    name_words = _words(name)
    if not 1 <= len(name_words) <= MAX_NAME_WORDS:
        return None
    if any(_starts_lowercase(word) for word in name_words):
        return None
    if not comma:
        return Signature(name.strip())
    place_words = _words(place)
    lowercase = [word for word in place_words if _starts_lowercase(word)]
    if not place_words or _starts_lowercase(place_words[-1]):
        return None
    if len(lowercase) > MAX_LOWERCASE_PLACE_WORDS:
        return None
    return Signature(name.strip(), place.strip())


def _opens_a_sentence(word):
    return word in SENTENCE_OPENERS or word.split("'")[0] in SENTENCE_OPENERS


def run_together_splits(line):
    """Every way `line` could be a signature followed by the next comment's text.

    The signature part must have a place, so "Name, Place"; the comment part starts
    with a capital and ends like a sentence.
    """
    splits = []
    for match in re.finditer(r"\S+", line):
        start = match.start()
        if start == 0 or not match.group()[0].isupper():
            continue
        prefix, rest = line[:start].rstrip(), line[start:]
        if not _ends_like_a_sentence(rest):
            continue
        signature = parse_signature(prefix)
        if signature is None or not signature.place:
            continue
        if _opens_a_sentence(_words(prefix)[-1]):
            continue
        if _opens_a_sentence(_words(signature.name)[0]):
            continue
        splits.append((signature, rest))
    return splits


def choose_split(splits):
    """The one split that reads as signature-then-sentence, or None if unclear.

    First choice: the comment part opens with a word that starts sentences ("My
    wife...", "The only...", "Be careful..."). Otherwise the split whose comment
    part reads as a sentence, a capitalised word then a lowercase one ("Korea is
    strong"), when exactly one does.
    """
    for signature, rest in splits:
        if _opens_a_sentence(rest.split()[0]):
            return signature, rest
    sentence_like = [
        (signature, rest)
        for signature, rest in splits
        if len(rest.split()) > 1 and _starts_lowercase(rest.split()[1])
    ]
    if len(sentence_like) == 1:
        return sentence_like[0]
    return None


def _paragraphs_of_introduction(lines, corrections):
    paragraphs = []
    for number, text in lines:
        parts = RUN_ON_SENTENCES.split(text)
        if len(parts) > 1:
            corrections.append(
                Remark(
                    number,
                    f"{len(parts)} sentences ran together with no space; "
                    "kept as separate paragraphs",
                )
            )
        paragraphs += parts
    return "\n\n".join(paragraphs)


def _find_question(lines):
    for index, (_number, text) in enumerate(lines):
        if CALL_FOR_VIEWS.search(text):
            return index
    for index, (_number, text) in enumerate(lines):
        if "?" in text:
            return index
    return None


def parse_debate_page(text):
    """Read a debate page's text into a DebatePage; raise PageNotUnderstood."""
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    notice_start = next(
        (index for index, (_, line) in enumerate(lines) if NOTICE.search(line)), None
    )
    notice_end = notice_start
    if notice_start is not None:
        while notice_end < len(lines) and NOTICE.search(lines[notice_end][1]):
            notice_end += 1
    header = lines if notice_start is None else lines[:notice_start]
    question_index = _find_question(header)
    if question_index is None:
        raise PageNotUnderstood(
            "No question found: no paragraph asks for views or has a question mark."
        )
    corrections = []
    page = DebatePage(
        introduction=_paragraphs_of_introduction(header[:question_index], corrections),
        question=header[question_index][1],
        archive_notice="",
        corrections=corrections,
    )
    if notice_start is None:
        comment_lines = lines[question_index + 1 :]
    else:
        for number, line in header[question_index + 1 :]:
            page.problems.append(
                Remark(number, f"between the question and notice; left out: {line}")
            )
        notice = lines[notice_start:notice_end]
        page.archive_notice = "\n".join(line for _, line in notice)
        comment_lines = lines[notice_end:]
    _read_comments(comment_lines, page)
    return page


def _read_comments(lines, page):
    body = []  # (line number, text) of the comment being read
    quote = None  # (line number, text) of a pull-quote waiting for its comment

    def finish(signature):
        nonlocal body, quote
        text = "\n\n".join(line for _, line in body)
        highlight = ""
        if quote is not None:
            if collapse(quote[1]) in collapse(text):
                highlight = quote[1]
            else:
                page.problems.append(
                    Remark(
                        quote[0],
                        "pull-quote does not appear in the comment that follows it "
                        f"(line {body[0][0]}); left out: {quote[1]}",
                    )
                )
        for number, line in body[:-1]:
            if not _ends_like_a_sentence(line):
                page.problems.append(
                    Remark(
                        number,
                        "kept as a paragraph of the comment, but it does not end like "
                        f"a sentence; is it a signature? {line}",
                    )
                )
        page.comments.append(
            ArchivedComment(
                position=len(page.comments) + 1,
                body=text,
                signature=signature,
                highlight=highlight,
                line=body[0][0],
            )
        )
        body, quote = [], None

    for number, line in lines:
        pulled = PULL_QUOTE.match(line)
        if pulled:
            if quote is not None:
                page.problems.append(
                    Remark(quote[0], f"pull-quote with no comment after it: {quote[1]}")
                )
            if body:
                _report_unsigned(body, page)
                body = []
            quote = (number, pulled["quote"].strip())
            continue
        if not body:
            body.append((number, line))
            continue
        signature = parse_signature(line)
        if signature is not None:
            finish(signature)
            continue
        splits = run_together_splits(line)
        chosen = choose_split(splits)
        if chosen is not None:
            signature, rest = chosen
            finish(signature)
            body.append((number, rest))
            continue
        if splits:
            page.problems.append(
                Remark(
                    number,
                    "may start with a signature run into the next comment, but where "
                    "it ends is unclear; kept as comment text",
                )
            )
        body.append((number, line))
    if body:
        _report_unsigned(body, page)
    if quote is not None:
        page.problems.append(
            Remark(quote[0], f"pull-quote with no comment after it: {quote[1]}")
        )


def _report_unsigned(body, page):
    first, last = body[0][0], body[-1][0]
    through = f" (through line {last})" if last != first else ""
    page.problems.append(Remark(first, f"no signature follows{through}; left out"))
