"""TRON addresses: Base58Check of the 0x41 prefix and a 20-byte account body ('T...').

The hex form (`41` + 40 hex digits, as TRON's APIs print it) is accepted and normalised
to Base58. Addresses are public: no token is made.
"""

from __future__ import annotations

import re

from moneytrail.model.ids import base58check
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, ok

PREFIX = 0x41
BODY_BYTES = 20
LENGTH = 34
_BASE58_SHAPE = re.compile(r"T[1-9A-HJ-NP-Za-km-z]{33}")
_HEX_SHAPE = re.compile(r"41[0-9a-fA-F]{40}")


def looks_like_tron(value: str) -> bool:
    """34 Base58 characters starting with 'T', or '41' and 40 hex digits."""
    text = value.strip()
    return bool(_BASE58_SHAPE.fullmatch(text) or _HEX_SHAPE.fullmatch(text))


def encode_tron(body20: bytes) -> str:
    """The Base58 address of a 20-byte account body; raises ValueError on another length."""
    if len(body20) != BODY_BYTES:
        raise ValueError(f"expected {BODY_BYTES} bytes, got {len(body20)}")
    return base58check.encode(bytes([PREFIX]) + body20)


def check_tron(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a TRON address: Base58Check checksum, 21 bytes, prefix 0x41."""
    del tokenizer  # addresses are public; no token
    text = value.strip()
    if _HEX_SHAPE.fullmatch(text):
        body = bytes.fromhex(text[2:])
        return ok(IdKind.TRON, encode_tron(body), details={"network": "mainnet", "form": "hex"})
    return _check_base58(text)


def _check_base58(text: str) -> IdResult:
    """The Base58 form."""
    if not text.startswith("T"):
        return fail(IdKind.TRON, "tron.prefix", "A TRON address starts with 'T'.")
    if len(text) != LENGTH:
        return fail(IdKind.TRON, "tron.length", f"{len(text)} characters, not {LENGTH}.")
    try:
        payload = base58check.decode(text)
    except base58check.Base58CheckError as err:
        return fail(IdKind.TRON, f"tron.{err.code}", f"Not a TRON address: {err}.")
    if len(payload) != 1 + BODY_BYTES:
        return fail(IdKind.TRON, "tron.length", f"A {len(payload)}-byte payload, not 21.")
    if payload[0] != PREFIX:
        return fail(IdKind.TRON, "tron.prefix", f"Prefix byte 0x{payload[0]:02x}, not 0x41.")
    return ok(IdKind.TRON, text, details={"network": "mainnet", "form": "base58"})
