"""Finding the words of a rule list in a text, fast enough for thousands of rules.

A rule's pattern is one or more words, case-insensitive, with ``*`` standing for any
letters (``spam*`` matches "spammer", ``*bait`` matches "clickbait"). Words are
matched whole in alphabetic scripts, so ``ass`` does not match "class". Korean
attaches particles and endings to the word they follow (미군놈들이 is 미군놈 + 들 +
이), so a pattern in Hangul matches anywhere inside a word::

    book = RuleBook([(1, "spam*"), (2, "미군놈"), (3, "cut and run")])
    [hit.key for hit in book.find("Spammers say 미군놈들이 cut and run")]
    # [1, 2, 3]

Nothing here scans the text once per rule: the text is split into words once, and
each word (its prefixes and suffixes for wildcard rules, its substrings for Hangul
ones, its runs of neighbours for phrases) is looked up in hash tables, so the cost
grows with the text, not with the list. A word with a ``*`` between letters
(``f*k``) is filed under its first letters (or its last, after a leading ``*``) and
tried only on words that start (or end) so; the rare phrase with a ``*`` falls back
to one combined regular expression.
"""

import dataclasses
import re
import unicodedata

WORD = re.compile(r"\w+")
PATTERN_WORD = re.compile(r"[\w*]+")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")

# Hangul words are scanned for substrings up to this long (the longest rule word).
MAX_HANGUL_RULE = 20


def fold(text):
    """How rules and texts are compared: compatibility-normalised and case-folded,
    so "SPAM", "spam" and "spam" typed in full-width letters are one word."""
    return unicodedata.normalize("NFKC", text).casefold()


def pattern_words(pattern):
    """The words of a pattern as matching sees them; empty if it has none."""
    return PATTERN_WORD.findall(fold(pattern))


def pattern_problem(pattern):
    """Why a pattern cannot be a rule, for the moderator typing it; None if it can."""
    words = pattern_words(pattern)
    if not words or all(set(word) == {"*"} for word in words):
        return "A rule needs at least one letter or digit to match."
    for word in words:
        if word.strip("*") and len(word.replace("*", "")) > 60:
            return "Each word of a rule can be at most 60 characters long."
    return None


@dataclasses.dataclass(frozen=True)
class Hit:
    """One place a rule matched: the rule's key and where, in the original text."""

    key: object
    start: int
    end: int


class RuleBook:
    """A compiled list of ``(key, pattern)`` pairs; `find` returns where they match."""

    def __init__(self, rules):
        self.whole = {}  # word -> keys
        self.prefixes = {}  # "spam" for spam* -> keys
        self.suffixes = {}  # "bait" for *bait -> keys
        self.infixes = {}  # "spam" for *spam* -> keys
        self.hangul = {}  # 미군놈 -> keys, matched inside words
        self.phrases = {}  # ("cut", "and", "run") -> keys
        self.shaped_by_start = {}  # "f" for f*k -> [(expression, key)]
        self.shaped_by_end = {}  # "k" for *f*k -> [(expression, key)]
        self.longest_phrase = 1
        self.longest_hangul = 1
        self.longest_infix = 1
        patterns = []
        for key, pattern in rules:
            self._add(key, pattern, patterns)
        self.fallback = self._combine(patterns)

    def _add(self, key, pattern, patterns):
        words = pattern_words(pattern)
        if not words:
            return
        if len(words) > 1:
            if any("*" in word for word in words):
                patterns.append((key, words))
            else:
                self.phrases.setdefault(tuple(words), []).append(key)
                self.longest_phrase = max(self.longest_phrase, len(words))
            return
        (word,) = words
        core = word.strip("*")
        if "*" in core:
            self._add_shaped(key, word, patterns)
        elif HANGUL.search(core):
            self.hangul.setdefault(core, []).append(key)
            self.longest_hangul = min(
                max(self.longest_hangul, len(core)), MAX_HANGUL_RULE
            )
        elif word.startswith("*") and word.endswith("*"):
            self.infixes.setdefault(core, []).append(key)
            self.longest_infix = max(self.longest_infix, len(core))
        elif word.endswith("*"):
            self.prefixes.setdefault(core, []).append(key)
        elif word.startswith("*"):
            self.suffixes.setdefault(core, []).append(key)
        else:
            self.whole.setdefault(core, []).append(key)

    def _add_shaped(self, key, word, patterns):
        """A word with a * between letters: a whole-word expression, filed under
        the letters it must start or end with."""
        pieces = word.split("*")
        expression = re.compile(r"\w*".join(re.escape(piece) for piece in pieces))
        if pieces[0]:
            self.shaped_by_start.setdefault(pieces[0], []).append((expression, key))
        elif pieces[-1]:
            self.shaped_by_end.setdefault(pieces[-1], []).append((expression, key))
        else:
            patterns.append((key, [word]))

    @staticmethod
    def _combine(patterns):
        """One regular expression for the patterns the tables cannot hold, each a
        named group, matched against the folded text's words joined by spaces."""
        if not patterns:
            return None
        keys, parts = [], []
        for index, (key, words) in enumerate(patterns):
            expression = r"\s+".join(
                r"\w*".join(re.escape(piece) for piece in word.split("*"))
                for word in words
            )
            keys.append(key)
            parts.append(rf"(?P<r{index}>(?<!\w){expression}(?!\w))")
        return re.compile("|".join(parts)), keys

    def __len__(self):
        tables = (
            self.shaped_by_start,
            self.shaped_by_end,
            self.whole,
            self.prefixes,
            self.suffixes,
            self.infixes,
            self.hangul,
            self.phrases,
        )
        return sum(len(keys) for table in tables for keys in table.values()) + (
            len(self.fallback[1]) if self.fallback else 0
        )

    def find(self, text):
        """Every rule that matches `text`, once per place, in the order of the text."""
        hits = []
        spans = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        for index, (start, end, word) in enumerate(spans):
            same_length = len(word) == end - start
            for key in self.whole.get(word, ()):
                hits.append(Hit(key, start, end))
            for size in range(1, len(word) + 1):
                for key in self.prefixes.get(word[:size], ()):
                    hits.append(Hit(key, start, end))
                for key in self.suffixes.get(word[-size:], ()):
                    hits.append(Hit(key, start, end))
                for expression, key in self.shaped_by_start.get(word[:size], ()):
                    if expression.fullmatch(word):
                        hits.append(Hit(key, start, end))
                for expression, key in self.shaped_by_end.get(word[-size:], ()):
                    if expression.fullmatch(word):
                        hits.append(Hit(key, start, end))
            if self.infixes:
                hits.extend(
                    self._inside(
                        self.infixes, self.longest_infix, word, start, end, whole=True
                    )
                )
            if self.hangul and HANGUL.search(word):
                hits.extend(
                    self._inside(
                        self.hangul,
                        self.longest_hangul,
                        word,
                        start,
                        end,
                        whole=not same_length,
                    )
                )
            for size in range(2, min(self.longest_phrase, len(spans) - index) + 1):
                run = tuple(w for _, _, w in spans[index : index + size])
                for key in self.phrases.get(run, ()):
                    hits.append(Hit(key, start, spans[index + size - 1][1]))
        if self.fallback:
            hits.extend(self._fallback_hits(text, spans))
        hits.sort(key=lambda hit: (hit.start, hit.end))
        return hits

    @staticmethod
    def _inside(table, longest, word, start, end, *, whole):
        """Rules found inside `word`; `whole` marks the whole word (when folding
        changed its length, so offsets inside it no longer line up)."""
        for offset in range(len(word)):
            for size in range(1, min(longest, len(word) - offset) + 1):
                for key in table.get(word[offset : offset + size], ()):
                    if whole:
                        yield Hit(key, start, end)
                    else:
                        yield Hit(key, start + offset, start + offset + size)

    def _fallback_hits(self, text, spans):
        expression, keys = self.fallback
        folded = " ".join(word for _, _, word in spans)
        # Where each folded word starts, to map matches back onto the text.
        starts, position = [], 0
        for _, _, word in spans:
            starts.append(position)
            position += len(word) + 1
        for match in expression.finditer(folded):
            first = _word_at(starts, match.start())
            last = _word_at(starts, match.end() - 1)
            key = keys[int(match.lastgroup[1:])]
            yield Hit(key, spans[first][0], spans[last][1])


def _word_at(starts, position):
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low
