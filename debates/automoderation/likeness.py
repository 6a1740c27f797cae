"""A fingerprint of a text's words that stays nearly the same when the text does.

A SimHash (Charikar, 2002): each word and each pair of neighbouring words is
hashed to 64 bits, and each bit of the fingerprint is the majority vote of those
hashes. Texts that share most of their words get fingerprints differing in few
bits, unrelated ones in about half of the 64, so comparing a new comment with
thousands of recent ones is a cheap count of differing bits; only the few close
ones are then compared word by word.
"""

import itertools
import re
import zlib

from .matching import fold

WORDS = re.compile(r"\w+")
BITS = 64
# At most this many words count, so a long comment costs no more than a short one.
MOST_WORDS = 400
# Fingerprints this close are compared word by word; unrelated texts are about
# 32 bits apart, and fewer than one pair in a million comes within 12 by chance.
CLOSE_BITS = 12


def likeness_key(text):
    """Text as repeats are compared: folded, its words alone, single-spaced."""
    return " ".join(WORDS.findall(fold(text)))


def _hash(feature):
    data = feature.encode()
    return zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)


def fingerprint(key):
    """The SimHash of a likeness key, as a signed 64-bit integer (a database's
    bigint), or None for a key with no words."""
    words = key.split()[:MOST_WORDS]
    if not words:
        return None
    hashes = [_hash(word) for word in words]
    hashes += [_hash(f"{a} {b}") for a, b in itertools.pairwise(words)]
    half = len(hashes) / 2
    # The hashes as rows of 0s and 1s; each column's count of 1s is one bit's vote.
    rows = [f"{h:064b}" for h in hashes]
    votes = "".join(
        "1" if column.count("1") > half else "0" for column in zip(*rows, strict=True)
    )
    value = int(votes, 2)
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(a, b):
    """How many of the 64 bits two fingerprints differ in."""
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()
