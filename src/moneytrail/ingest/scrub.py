"""Masking card numbers in text that will rest in the quarantine (PCI DSS 3.5.1).

A rejected row's raw text is kept so that an analyst can see what was wrong with it; a
card number in it is replaced by its masked form (first 6, last 4), found as 13 to 19
digits, possibly grouped by spaces or dashes, that pass the Luhn check.
"""

from __future__ import annotations

import re

import pyarrow as pa

from moneytrail.model.ids.card import luhn_valid, mask_pan

_CANDIDATE = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")
MAX_RAW = 1 << 16


def scrub(text: str) -> str:
    """The text with card numbers masked, cut to `MAX_RAW` characters."""
    if len(text) > MAX_RAW:
        text = text[:MAX_RAW] + "…[cut]"
    return _CANDIDATE.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group())
    return mask_pan(digits) if luhn_valid(digits) else match.group()


def scrub_column(raws: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`scrub` applied to each text of a column (nulls stay null)."""
    return pa.array([None if r is None else scrub(r) for r in raws.to_pylist()], pa.string())
