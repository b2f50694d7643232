"""Hashed character 3- and 4-grams of the look-alike skeleton, computed with numpy.

Each n-gram's code points are combined by a polynomial hash into one of `BUCKETS` buckets
(distinct multipliers per n). The same function feeds training and scoring, so both see
identical features; `gram_text` recovers an n-gram's text from its position for explanations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NGRAMS = (3, 4)
BUCKETS = 1 << 20
_MULTIPLIERS = {3: np.uint64(1_000_003), 4: np.uint64(998_244_353)}
_SHIFT = np.uint64(31)
_BUCKET_MASK = np.uint64(BUCKETS - 1)  # BUCKETS is a power of two: same as `% BUCKETS`
_POSITION_BITS = np.uint64(32)
_POSITION_MASK = np.uint64((1 << 32) - 1)
_POSITIONS = np.arange(1 << 16, dtype=np.uint64)
_SPACES = re.compile(r"\s+")
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Grams:
    """The distinct buckets of a text, their counts and where each first occurs."""

    text: str
    buckets: IntArray
    counts: IntArray
    starts: IntArray  # start of the first occurrence in `text`
    sizes: IntArray  # n of that n-gram

    def gram_text(self, index: int) -> str:
        """The text of the `index`-th distinct n-gram."""
        start = int(self.starts[index])
        return self.text[start : start + int(self.sizes[index])]


def padded(skeleton: str) -> str:
    """The text with runs of white space collapsed and a space at each end."""
    return " " + _SPACES.sub(" ", skeleton) + " "


def _positions(count: int) -> npt.NDArray[np.uint64]:
    """0, 1, ... count - 1 as uint64 (a slice of one array for the usual lengths)."""
    return _POSITIONS[:count] if count <= len(_POSITIONS) else np.arange(count, dtype=np.uint64)


def char_grams(skeleton: str) -> Grams:
    """The hashed 3- and 4-grams of a skeleton text.

    One sort of (bucket, position) keys packed into uint64 gives the distinct buckets, their
    counts and each one's first position (positions below `c3` are 3-grams)."""
    text = padded(skeleton)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    c3 = len(codes) - 2
    if c3 < 1:
        empty = np.zeros(0, dtype=np.int64)
        return Grams(text, empty, empty, empty, empty)
    m3, m4 = _MULTIPLIERS[3], _MULTIPLIERS[4]
    keys = (codes[:-2] * m3 + codes[1:-1]) * m3 + codes[2:]  # wraps modulo 2**64, as may a hash
    if c3 > 1:
        four = ((codes[:-3] * m4 + codes[1:-2]) * m4 + codes[2:-1]) * m4 + codes[3:]
        keys = np.concatenate((keys, four))
    keys ^= keys >> _SHIFT
    keys &= _BUCKET_MASK
    keys <<= _POSITION_BITS
    keys |= _positions(len(keys))
    keys.sort()
    buckets = (keys >> _POSITION_BITS).view(np.int64)  # below 2**20: the same as a cast
    new = np.empty(len(buckets), dtype=bool)
    new[0] = True
    np.not_equal(buckets[1:], buckets[:-1], out=new[1:])
    index = new.nonzero()[0]
    first = (keys[index] & _POSITION_MASK).view(np.int64)
    counts = np.empty(len(index), dtype=np.int64)
    np.subtract(index[1:], index[:-1], out=counts[:-1])
    counts[-1] = len(buckets) - index[-1]
    is_four = first >= c3
    return Grams(
        text, buckets[index], counts, first - c3 * is_four, is_four + np.int64(3),
    )  # fmt: skip
