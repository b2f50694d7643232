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


def char_grams(skeleton: str) -> Grams:
    """The hashed 3- and 4-grams of a skeleton text."""
    text = padded(skeleton)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    ids, starts, sizes = [], [], []
    for n in NGRAMS:
        count = len(codes) - n + 1
        if count <= 0:
            continue
        value = np.zeros(count, dtype=np.uint64)
        for offset in range(n):  # wraps modulo 2**64, which a hash may
            value = value * _MULTIPLIERS[n] + codes[offset : offset + count]
        ids.append(((value ^ (value >> np.uint64(31))) % np.uint64(BUCKETS)).astype(np.int64))
        starts.append(np.arange(count, dtype=np.int64))
        sizes.append(np.full(count, n, dtype=np.int64))
    return _distinct(text, ids, starts, sizes)


def _distinct(
    text: str, ids: list[IntArray], starts: list[IntArray], sizes: list[IntArray]
) -> Grams:
    if not ids:
        empty = np.zeros(0, dtype=np.int64)
        return Grams(text, empty, empty, empty, empty)
    all_ids = np.concatenate(ids)
    buckets, first, counts = np.unique(all_ids, return_index=True, return_counts=True)
    return Grams(
        text, buckets, counts.astype(np.int64), np.concatenate(starts)[first],
        np.concatenate(sizes)[first],
    )  # fmt: skip
