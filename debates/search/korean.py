"""Korean text cut into the words a search finds it by, with the Kiwi analyser.

Korean glues particles and endings to its words: "감축에" is 감축 (a cut) and 에 (to),
"반대합니다" is 반대 (opposition) and a verb ending. PostgreSQL has no Korean text
search configuration, so the forum indexes the analyser's output instead: the
morphemes that carry meaning, in the order they come, separated by spaces::

    >>> index_words("주한미군 감축에 반대합니다.")
    ['주한', '미군', '감축', '반대']
    >>> index_words("어제 음악을 들었다")
    ['어제', '음악', '듣다']

Kept: nouns (NNG, NNP) and numerals (NR), roots (XR: 깨끗 of 깨끗하다), Latin words
(SL, lowercased), numbers (SN) and Hanja (SH); verb and adjective stems (VV, VA)
in their dictionary form, the stem with 다, as a reader types them ("듣다" for
들었다) and so that they never meet a noun or a particle of the same letters (가다,
not 가). Dropped: particles (J*), endings (E*), suffixes and prefixes (XS*, XP*),
bound nouns and pronouns (것, 수, 우리), adverbs, and punctuation, as the 'english'
configuration drops "the" and "of".

Text without Hangul is not analysed: its words, lowercased, are the index words.

The model (kiwipiepy-model, installed from PyPI) loads once per process, on the
first Korean text, in a second or two; it takes some 300 MB.
"""

import re
import threading
import warnings
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

LANGUAGE = "ko"  # the content language (debates.models.translation)
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
WORD = re.compile(r"\w+")

NOUNS = {"NNG", "NNP", "NR", "XR", "SH"}
FOREIGN = {"SL", "SN"}
PREDICATES = {"VV", "VA"}

_analyser = None
_loading = threading.Lock()


@dataclass(frozen=True)
class Morpheme:
    """A morpheme kept for the index: `word` as indexed, `form` as the analyser
    read it (a predicate's bare stem), and where in the text it starts."""

    word: str
    form: str
    start: int
    is_predicate: bool = False


def has_hangul(text):
    return HANGUL.search(text) is not None


def analyser():
    """The process's one Kiwi, loaded on first use.

    Kiwi builds its model lazily, on the first analysis; that is done here, under
    the lock, so that threads only ever share a built analyser, which analyses
    without changing.
    """
    global _analyser
    if _analyser is None:
        with _loading:
            if _analyser is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as error:
                    raise ImproperlyConfigured(
                        "Korean search needs kiwipiepy and kiwipiepy-model; "
                        "install requirements.lock."
                    ) from error
                # The typo dictionary rewrites words, so that the index would hold
                # words the text does not; the multi-word dictionary makes one
                # token of names of several words, which a search for one of them
                # would miss (and it doubles the memory and the load time).
                # num_workers=0: analyse in the calling thread, with no pool of
                # threads (one per core, by default) in every process; Kiwi warns
                # that 0 meant "all cores" before 0.21.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    kiwi = Kiwi(
                        num_workers=0, load_typo_dict=False, load_multi_dict=False
                    )
                kiwi.tokenize("")
                _analyser = kiwi
    return _analyser


def morphemes(text):
    """The morphemes of `text` kept for the index, in order (see the module)."""
    kept = []
    for token in analyser().tokenize(text):
        tag = token.tag.split("-")[0]  # "VV-I": an irregular verb
        if tag in NOUNS:
            kept.append(Morpheme(token.form, token.form, token.start))
        elif tag in FOREIGN:
            kept.append(Morpheme(token.form.lower(), token.form, token.start))
        elif tag in PREDICATES:
            kept.append(
                Morpheme(f"{token.form}다", token.form, token.start, is_predicate=True)
            )
    return kept


def index_words(text):
    """The words a search finds `text` by, in order."""
    if not has_hangul(text):
        return [word.lower() for word in WORD.findall(text)]
    return [morpheme.word for morpheme in morphemes(text)]


def search_words(text):
    """What `Comment.search_words` holds for `text`: its index words, spaced."""
    return " ".join(index_words(text))
