"""Undo the obfuscations shops use against keyword filters; keep the raw text beside it.

Steps, in order: Unicode NFKC; invisible characters (zero-width, soft hyphen) removed; slang
emoji read as their words; spaced-out letters joined ("м е ф" -> "меф"); punctuation inside
mixed-script words dropped ("з*akлaдk*и"); look-alike letters and digits between letters
folded into each word's own script ("ckорoсtь" -> "скорость"). `skeleton` further folds every
look-alike to one class, for features that must not care which script a letter came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from moneytrail.osint.lookalikes import SKELETON, fold_word, script_counts

INVISIBLE = re.compile("[\u200b-\u200f\u00ad\u2060\ufeff\u180e]")
# Emoji that stand for a word in shop posts (the delivery and product vocabulary).
EMOJI_WORDS = {
    "🧲": "магнит", "⛏": "прикоп", "📦": "тайник", "📍": "клад", "❄": "кокс",
    "🐱": "мяу", "💎": "кристалл", "🌿": "шишки", "🍫": "гаш", "💊": "таблы",
    "🍄": "грибы", "🍬": "марки",
}  # fmt: skip
_EMOJI = re.compile("|".join(map(re.escape, EMOJI_WORDS)))
_SPACED = re.compile(r"(?<!\w)[^\W\d_](?: [^\W\d_]){2,}(?!\w)")
# Tokens worth a closer look: Latin and Cyrillic letters mixed, Greek letters, '*' or digits
# next to letters; everything else is left as it is.
_SUSPECT = re.compile(
    r"(?<!\S)(?=\S*[A-Za-z\u0370-\u03ff*0-9])(?=\S*[\u0400-\u04ff\u0370-\u03ff*])\S+"
    r"|(?<!\S)(?=\S*[^\W\d_][0-9][^\W\d_])\S+"
)
_INNER = re.compile(r"(?<=[^\W\d_])[.*_\-](?=[^\W\d_])")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text as found (`raw`), as read after undoing obfuscation (`text`), and its
    `skeleton`: lower case with every look-alike letter folded to one class."""

    raw: str
    text: str
    skeleton: str
    obfuscated: bool  # whether anything beyond Unicode compatibility forms was undone


def normalize(raw: str) -> Normalized:
    """The raw text and its de-obfuscated reading."""
    compatible = unicodedata.normalize("NFKC", raw)
    text = INVISIBLE.sub("", compatible)
    if "\ufe0f" in text:
        text = text.replace("\ufe0f", "")
    text = _EMOJI.sub(lambda m: " " + EMOJI_WORDS[m.group()] + " ", text)
    text = _SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    text = _SUSPECT.sub(lambda m: fix_token(m.group()), text)
    return Normalized(raw, text, text.lower().translate(SKELETON), text != compatible)


def fix_token(token: str) -> str:
    """One whitespace-free token with inner punctuation and look-alikes undone."""
    if token.isascii() and ("*" not in token):
        return token
    cyr, lat = script_counts(token)
    if cyr or lat:
        script: str | None = "cyr" if cyr >= lat else "lat"
        other = lat if script == "cyr" else cyr  # letters unmistakably of the other script
    else:
        script, other = _block_majority(token), 0
    if script is None:
        return token
    mixed = other > 0 or _mixes(token)
    if mixed or "*" in token:
        token = _INNER.sub("", token)
    return fold_word(token, script)


def _block_majority(token: str) -> str | None:
    """For a word of look-alikes only: the script of most of its letters as written."""
    cyr = sum("\u0400" <= ch <= "\u04ff" for ch in token)
    lat = sum("a" <= ch.lower() <= "z" for ch in token)
    if not (cyr and lat):
        return None
    return "cyr" if cyr >= lat else "lat"


def _mixes(token: str) -> bool:
    """Whether the token has letters of both Latin and Cyrillic blocks (look-alikes included)."""
    has_cyr = any("\u0400" <= ch <= "\u04ff" for ch in token)
    return has_cyr and any("a" <= ch.lower() <= "z" for ch in token)
