"""Card and phone numbers in text: digit words read back, runs of digits split and checked.

A shop prints "4003 03 ноль ноль ноль 000 0089" or "8 (747) 5 пять пять - ноль 0-11". Digit
words of Russian, Kazakh and English become digits; a run of digit groups on one line is then
cut into the longest windows that pass a check: a 16-digit card (Luhn) first, then a phone
(10 or 11 digits of the +7 plan, or + and a country code), left to right, without overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from moneytrail.model.ids.base import IdResult, Tokenizer
from moneytrail.model.ids.card import check_card
from moneytrail.model.ids.phone import check_phone

DIGIT_WORDS = {
    "ru": ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"),
    "kk": ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
_WORD_VALUE = {w: str(i) for words in DIGIT_WORDS.values() for i, w in enumerate(words)}
_LETTERS = re.compile(r"[^\W\d_]+")
# Any digit word inside a lower-cased line: lines without one are left as they are.
_HAS_DIGIT_WORD = re.compile("|".join(sorted(_WORD_VALUE, key=len, reverse=True)))
_RUN = re.compile(r"\+?\(?\d[\d \t\-./()_]*\d")
_GROUP = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")


def read_digit_words(text: str) -> str:
    """The text with whole digit words ("ноль", "бес", "three") replaced by digits on the
    lines that have a digit (a number is never written in words alone)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _ANY_DIGIT.search(line) and _HAS_DIGIT_WORD.search(line.lower()):
            lines[i] = _LETTERS.sub(_digit_of, line)
    return "\n".join(lines)


def _digit_of(match: re.Match[str]) -> str:
    word = match.group()
    return _WORD_VALUE.get(word.lower(), word)


def number_runs(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each run of digit groups (as printed, groups) on one line of the text."""
    for match in _RUN.finditer(read_digit_words(text)):
        yield match.group(), _GROUP.findall(match.group())


def numbers_in(text: str, tokenizer: Tokenizer | None) -> Iterator[tuple[str, IdResult]]:
    """Valid card and phone numbers in the text, with the run each was printed in."""
    for shown, groups in number_runs(text):
        plus = shown.startswith("+")
        for result in split_run(groups, plus, tokenizer):
            yield shown, result


def split_run(groups: list[str], plus: bool, tokenizer: Tokenizer | None) -> Iterator[IdResult]:
    """The longest valid windows of consecutive groups, left to right."""
    start = 0
    while start < len(groups):
        found = _window_at(groups, start, plus and start == 0, tokenizer)
        if found is None:
            start += 1
            continue
        end, result = found
        yield result
        start = end


def _window_at(
    groups: list[str], start: int, plus: bool, tokenizer: Tokenizer | None
) -> tuple[int, IdResult] | None:
    """The longest window starting at `start` that checks as a card or a phone."""
    best: tuple[int, IdResult] | None = None
    digits = ""
    for end in range(start, len(groups)):
        digits += groups[end]
        if len(digits) > 19:
            break
        if len(digits) < 10:  # shorter than any phone or card
            continue
        result = _as_card_or_phone(digits, plus, tokenizer)
        if result is not None:
            best = (end + 1, result)
    return best


def _as_card_or_phone(digits: str, plus: bool, tokenizer: Tokenizer | None) -> IdResult | None:
    """A valid card (16 digits) or phone reading of the digits, or None."""
    if len(digits) == 16:
        card = check_card(digits, tokenizer)
        return card if card.valid else None
    phone = _phone_form(digits, plus)
    if phone is None:
        return None
    result = cached_phone(phone, tokenizer)
    return result if result.valid else None


@lru_cache(maxsize=65536)
def cached_phone(phone: str, tokenizer: Tokenizer | None) -> IdResult:
    """`check_phone`, remembered: shops repeat their numbers and the check is costly."""
    return check_phone(phone, tokenizer)


def _phone_form(digits: str, plus: bool) -> str | None:
    """An international form for a +7 number written domestically, or None."""
    if plus:
        return "+" + digits if 10 <= len(digits) <= 13 else None
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "7":
        return "+7" + digits
    return None
