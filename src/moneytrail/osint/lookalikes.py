"""Look-alike letters of the Latin, Cyrillic and Greek scripts, and digits used as letters.

Shops swap letters for same-looking letters of another script ("мeфeдpoн" with Latin e, p, o)
so that keyword filters miss them. Two tables undo this: `TO_CYRILLIC` and `TO_LATIN` map a
look-alike to its twin in the target script; `SKELETON` maps every look-alike to one class so
that mixed spellings of a word compare equal whatever script each letter came from.
"""

from __future__ import annotations

import re

# Latin letter -> Cyrillic letter drawn the same (lower and upper case).
_LATIN_CYRILLIC = {
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о",
    "p": "р", "t": "т", "x": "х", "y": "у", "i": "і", "u": "и", "n": "п", "r": "г",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І",
}  # fmt: skip
# Greek letters used for Latin ones (α-PVP).
GREEK_LATIN = {
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y",
}  # fmt: skip
TO_CYRILLIC = dict(_LATIN_CYRILLIC)
TO_LATIN = {cyr: lat for lat, cyr in _LATIN_CYRILLIC.items() if lat not in "unr"}
# Digits written for letters inside words ("м3ф", "c0ль"), per target script.
DIGIT_CYRILLIC = {"0": "о", "3": "з", "4": "ч", "6": "б"}
DIGIT_LATIN = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t"}
# Every look-alike letter folded to one lower-case class (the Latin one). A string table
# (indexed by code point; code points past its end stay as they are) translates about twice
# as fast as a dict.
_SKELETON_MAP = {
    **{cyr: lat.lower() for cyr, lat in TO_LATIN.items()},
    **{ch: lat.lower() for ch, lat in GREEK_LATIN.items()},
}
SKELETON = "".join(_SKELETON_MAP.get(chr(code), chr(code)) for code in range(0x500))
AMBIGUOUS = frozenset(TO_CYRILLIC) | frozenset(TO_LATIN) | frozenset(GREEK_LATIN)
_FOLD_LATIN = {**TO_LATIN, **GREEK_LATIN}
_FOLD_CYRILLIC = {
    **TO_CYRILLIC,
    **{g: TO_CYRILLIC[lat] for g, lat in GREEK_LATIN.items() if lat in TO_CYRILLIC},
}


def script_of(ch: str) -> str | None:
    """`cyr`, `lat` or None (not a letter of either, or a look-alike of both)."""
    if ch in AMBIGUOUS or not ch.isalpha():
        return None
    if "\u0400" <= ch <= "\u04ff":
        return "cyr"
    if ch.isascii():
        return "lat"
    return None


def script_counts(word: str) -> tuple[int, int]:
    """How many unmistakably Cyrillic and unmistakably Latin letters the word has."""
    classes = word.translate(_SCRIPT_CLASS)
    return classes.count("c"), classes.count("l")


def word_script(word: str) -> str | None:
    """The script most unmistakable letters of the word belong to (Cyrillic wins ties)."""
    cyr, lat = script_counts(word)
    if cyr == lat == 0:
        return None
    return "cyr" if cyr >= lat else "lat"


def fold_word(word: str, script: str) -> str:
    """The word with look-alikes (and digits between letters) turned into `script`."""
    if _DIGIT.search(word) is None:  # letters only: one table lookup per character
        return word.translate(_FOLD_TABLES[script])
    letters = _FOLD_CYRILLIC if script == "cyr" else _FOLD_LATIN
    digits = DIGIT_CYRILLIC if script == "cyr" else DIGIT_LATIN
    out = []
    for i, ch in enumerate(word):
        if ch in letters:
            out.append(letters[ch])
        elif ch in digits and 0 < i < len(word) - 1 and word[i - 1].isalpha():
            out.append(digits[ch] if word[i + 1].isalpha() else ch)
        else:
            out.append(ch)
    return "".join(out)


# Each code point below U+0500 as "c" (Cyrillic), "l" (Latin) or "." (neither, or a
# look-alike of both); code points past the table's end stay as they are, never "c" or "l".
_SCRIPT_CLASS = "".join(
    {"cyr": "c", "lat": "l"}.get(script_of(chr(code)) or "", ".") for code in range(0x500)
)
_FOLD_TABLES = {"cyr": str.maketrans(_FOLD_CYRILLIC), "lat": str.maketrans(_FOLD_LATIN)}
_DIGIT = re.compile("[0-9]")
