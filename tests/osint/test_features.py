"""The fast feature code gives what the plain definitions give."""

from __future__ import annotations

import re

import numpy as np
import pytest

from moneytrail.osint.features import BUCKETS, char_grams, padded
from moneytrail.osint.lexicon import DELIVERY, PRODUCTS, SHOP, _count
from moneytrail.osint.lookalikes import fold_word, word_script
from moneytrail.osint.normalize import normalize

TEXTS = [
    "",
    "a",
    "ab",
    "🔥 Белый Кролик | Алматы | мeф\nТолько з*akлaдk*и: м а г н и т\nОператор: @ wr_operator",
    "Отдам котёнка в добрые руки, мяу! +7 701 123 45 67 a-pvp/24/7 α-PVP ак-47 ненаход",
    "м3ф c0ль 4-mmc opt bot-bot закладка " * 40,
]


def _plain_grams(skeleton: str) -> dict[int, tuple[int, str]]:
    """Each bucket's count and the text of its first n-gram (3-grams before 4-grams)."""
    text = padded(skeleton)
    out: dict[int, tuple[int, str]] = {}
    for n, multiplier in ((3, 1_000_003), (4, 998_244_353)):
        for start in range(len(text) - n + 1):
            value = 0
            for ch in text[start : start + n]:
                value = (value * multiplier + ord(ch)) % 2**64
            bucket = (value ^ (value >> 31)) % BUCKETS
            count, first = out.get(bucket, (0, text[start : start + n]))
            out[bucket] = (count + 1, first)
    return out


@pytest.mark.parametrize("raw", TEXTS)
def test_char_grams_match_the_definition(raw: str) -> None:
    grams = char_grams(normalize(raw).skeleton)
    plain = _plain_grams(normalize(raw).skeleton)
    assert list(grams.buckets) == sorted(plain)
    assert all(grams.buckets.dtype == a.dtype for a in (grams.counts, grams.starts, grams.sizes))
    for index, bucket in enumerate(grams.buckets):
        assert (int(grams.counts[index]), grams.gram_text(index)) == plain[int(bucket)]
    assert np.all(np.diff(grams.buckets) > 0)


@pytest.mark.parametrize("raw", TEXTS)
def test_lexicon_counts_words_starting_with_a_stem(raw: str) -> None:
    doc = normalize(raw)
    words = re.findall(r"[\w/-]+", doc.skeleton)
    for stems in (PRODUCTS, DELIVERY, SHOP):
        alternatives = stems.pattern.split("(?:", 1)[1].rstrip(")").split("|")
        prefixes = tuple(re.sub(r"\\(.)", r"\1", a) for a in alternatives)
        assert _count(stems, doc) == sum(word.startswith(prefixes) for word in words)


def test_fold_word_with_and_without_digits() -> None:
    assert fold_word("мeфeдpoн", "cyr") == "мефедрон"
    assert fold_word("c0ль", "cyr") == "соль"
    assert fold_word("0ль", "cyr") == "0ль"  # a digit at the edge stays
    assert word_script("мeф") == "cyr"
    assert word_script("123") is None
