"""Payment card numbers (PAN): length, Luhn check, network and issuer, mask and token.

A PAN never rests in clear: a failed check leaves `normalized` empty, a valid one is shown
masked (first 6, last 4) and, with a `Tokenizer`, carries a keyed token (PCI DSS 3.5.1).
The Luhn arithmetic is python-stdnum's.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum import luhn

from moneytrail.model.ids.base import (
    IdKind,
    IdResult,
    Tokenizer,
    fail,
    maybe_token,
    ok,
    strip_separators,
)
from moneytrail.model.ids.card_bins import BinTable

_DIGITS = re.compile(r"[0-9]+")
MIN_LENGTH, MAX_LENGTH = 13, 19


@cache
def default_bin_table() -> BinTable:
    """The built-in BIN table, fictional banks included (loaded once)."""
    return BinTable.load()


def luhn_check_digit(partial: str) -> int:
    """The Luhn check digit to append to `partial` (digits only)."""
    if not _DIGITS.fullmatch(partial):
        raise ValueError("a Luhn check digit needs a string of digits")
    return int(luhn.calc_check_digit(partial))


def luhn_valid(digits: str) -> bool:
    """Whether the digits pass the Luhn check (False for anything but digits)."""
    return bool(_DIGITS.fullmatch(digits)) and luhn.is_valid(digits)


def complete_pan(prefix_and_body_without_check: str) -> str:
    """The PAN with its Luhn check digit appended."""
    return f"{prefix_and_body_without_check}{luhn_check_digit(prefix_and_body_without_check)}"


def mask_pan(pan: str) -> str:
    """First 6 and last 4 digits, the rest as `*` ("440043******1234"); all `*` if short."""
    digits = strip_separators(pan)
    if len(digits) < MIN_LENGTH:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def looks_like_card(value: str) -> bool:
    """13 to 19 digits once spaces and dashes are removed."""
    digits = strip_separators(value)
    return bool(_DIGITS.fullmatch(digits)) and MIN_LENGTH <= len(digits) <= MAX_LENGTH


def check_card(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """A valid PAN: 13-19 digits passing Luhn; details name the network and known issuer."""
    digits = strip_separators(value)
    if not _DIGITS.fullmatch(digits):
        return fail(IdKind.CARD, "card.format", "a card number has only digits")
    if not MIN_LENGTH <= len(digits) <= MAX_LENGTH:
        reason = f"a card number has {MIN_LENGTH} to {MAX_LENGTH} digits, not {len(digits)}"
        return fail(IdKind.CARD, "card.length", reason)
    if not luhn.is_valid(digits):
        return fail(IdKind.CARD, "card.luhn", "the Luhn check digit does not match")
    token = maybe_token(tokenizer, IdKind.CARD, digits)
    details = _issuer(digits)
    return ok(IdKind.CARD, digits, masked=mask_pan(digits), token=token, details=details)


def _issuer(digits: str) -> dict[str, str]:
    """Network, and bank and country when the BIN table knows them."""
    entry = default_bin_table().lookup(digits)
    if entry is None:
        return {"network": "unknown"}
    details = {"network": entry.network}
    if entry.bank:
        details["bank"] = entry.bank
    if entry.country:
        details["country"] = entry.country
    if entry.fictional:
        details["fictional"] = "yes"
    return details
