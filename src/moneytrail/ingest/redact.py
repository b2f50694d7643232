"""Card numbers masked in free text, so that no table and no quarantine holds a clear PAN.

A run of digits (single spaces, dashes or no-break spaces allowed between them) that no
other digit touches is taken for a card number and shown masked (first 6, last 4) when it
has 15 to 19 digits, Luhn or not (a mistyped card number is still one), or 13 to 14 digits
that pass Luhn (so that most 13-digit millisecond timestamps stay readable). Longer runs,
such as 20-digit account numbers, the digits of an IBAN after its country code, digits
inside a hex token of 32 characters or more (transaction ids, digests), and the parts of
decimal numbers around a point ("7900000000000000.00") are left alone. Digits set apart
more loosely (dots, two separators in a row: `4270.1743.2687.5588`, `4061  2768...`) are a
card number only when they pass Luhn and do not end like an amount (`.5`, `.50`).
"""

from __future__ import annotations

import re

import pyarrow as pa

from moneytrail.model.ids.base import strip_separators
from moneytrail.model.ids.card import luhn_valid, mask_pan

PAN_RUN = re.compile(r"(?<![0-9])(?<![0-9]\.)[0-9](?:[ \-\u00a0]?[0-9]){12,18}(?![0-9]|\.[0-9])")
ALWAYS_MASKED = 15
HEX = frozenset("0123456789abcdefABCDEF")
HASH_CHARS = 32
IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
LOOSE_RUN = re.compile(
    r"(?<![0-9])(?<![0-9][.,])[0-9](?:[ \-\u00a0.]{0,2}[0-9]){14,18}(?![0-9]|[.,][0-9])"
)
LOOSE_SEPARATORS = " -\t\u00a0."
AMOUNT_TAIL = re.compile(r"\.[0-9]{1,2}$")
MAX_RAW = 1 << 16
"""Raw text longer than this is cut before it rests in the quarantine."""


def _looks_like_pan(run: str) -> bool:
    digits = strip_separators(run)
    return len(digits) >= ALWAYS_MASKED or luhn_valid(digits)


def _in_iban(match: re.Match[str]) -> bool:
    """Whether the digits are inside a token shaped like an IBAN (`KZ86125KZT5004100100`)."""
    text, start, end = match.string, match.start(), match.end()
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    return IBAN_SHAPE.fullmatch(text[start:end]) is not None


def _in_hash(match: re.Match[str]) -> bool:
    """Whether the digits are part of a long hex token (a transaction id or a digest)."""
    text, start, end = match.string, match.start(), match.end()
    while start > 0 and text[start - 1] in HEX:
        start -= 1
    while end < len(text) and text[end] in HEX:
        end += 1
    return end - start >= HASH_CHARS and end - start > len(match[0])


def _pan(match: re.Match[str]) -> bool:
    return _looks_like_pan(match[0]) and not _in_iban(match) and not _in_hash(match)


def _loose_pan(match: re.Match[str]) -> bool:
    digits = strip_separators(match[0], LOOSE_SEPARATORS)
    if AMOUNT_TAIL.search(match[0]) or not luhn_valid(digits):
        return False
    return not _in_iban(match) and not _in_hash(match)


def _mask(match: re.Match[str]) -> str:
    return mask_pan(match[0]) if _pan(match) else match[0]


def _mask_loose(match: re.Match[str]) -> str:
    return mask_pan(strip_separators(match[0], LOOSE_SEPARATORS)) if _loose_pan(match) else match[0]


def redact_pans(text: str) -> str:
    """The text with every PAN-looking digit run masked (`440043******1234`)."""
    return LOOSE_RUN.sub(_mask_loose, PAN_RUN.sub(_mask, text))


def _matches(text: str) -> list[tuple[int, str]]:
    """Where each card number starts and its digits; a loose run overlapping a strict one
    is that one (as in `redact_pans`, which masks the strict runs first)."""
    strict = [m for m in PAN_RUN.finditer(text) if _pan(m)]
    found = [(m.start(), strip_separators(m[0])) for m in strict]
    for m in LOOSE_RUN.finditer(text):
        if _loose_pan(m) and not any(s.start() < m.end() and m.start() < s.end() for s in strict):
            found.append((m.start(), strip_separators(m[0], LOOSE_SEPARATORS)))
    return sorted(found)


def find_pans(text: str) -> list[str]:
    """The PAN-looking digit runs of the text, separators removed, in order of appearance."""
    return [digits for _, digits in _matches(text)]


def has_pan(text: str) -> bool:
    """Whether the text holds a PAN-looking digit run."""
    return bool(_matches(text))


def redact_column(raws: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Each text of a column cut to `MAX_RAW` characters and redacted (nulls stay null)."""
    return pa.array([None if r is None else _redact_cut(r) for r in raws.to_pylist()], pa.string())


def _redact_cut(text: str) -> str:
    cut = text if len(text) <= MAX_RAW else text[:MAX_RAW] + "…[cut]"
    return redact_pans(cut)
