"""Obfuscation mixes scripts, hides words and numbers, and the hidden digits can be read back."""

from __future__ import annotations

import random
import re

import pytest

from moneytrail.sim.content.obfuscate import (
    LOOKALIKES,
    obfuscate_handle,
    obfuscate_number,
    obfuscate_word,
    read_digits,
    swap_lookalikes,
)
from moneytrail.sim.content.requisites import digits, fake_card, normalize, show_card

WORDS = ("мефедрон", "закладка", "скорость", "mephedrone", "СК", "α-PVP", "шишки")


@pytest.mark.parametrize("word", WORDS)
def test_swap_mixes_scripts_without_replacing_every_letter(word: str) -> None:
    for seed in range(30):
        swapped = swap_lookalikes(word, random.Random(seed))
        assert swapped != word
        assert len(swapped) == len(word)
        assert re.search("[a-zA-Z]", swapped), swapped
        assert re.search("[а-яА-Я]", swapped), swapped
        assert all(a == b or LOOKALIKES[b] == a for a, b in zip(swapped, word, strict=True))


def test_level_zero_is_identity_and_higher_levels_change_words() -> None:
    rng = random.Random(1)
    assert obfuscate_word("закладка", 0, rng) == "закладка"
    for level in (1, 2, 3):
        assert all(obfuscate_word("закладка", level, rng, "📍") != "закладка" for _ in range(20))


def test_level_three_breaks_handles() -> None:
    rng = random.Random(2)
    assert obfuscate_handle("shop_bot", 2, rng, "ru") == "@shop_bot"
    assert all(obfuscate_handle("shop_bot", 3, rng, "ru") != "@shop_bot" for _ in range(20))


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_digit_words_read_back(lang: str) -> None:
    rng = random.Random(3)
    for _ in range(50):
        pan = fake_card(rng)
        shown = obfuscate_number(show_card(pan, rng), 3, rng, lang)
        assert digits(shown) != pan
        assert normalize("card", read_digits(shown)) == pan
