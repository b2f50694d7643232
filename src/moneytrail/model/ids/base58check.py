"""Base58Check: Base58 text carrying a payload and a 4-byte double-SHA256 checksum.

The base conversion is the `base58` package's; the checks are written here so that a
failure says which one it was: a character outside the alphabet (and where), too few
bytes to hold a checksum, or a checksum mismatch.
"""

from __future__ import annotations

import hashlib

import base58

ALPHABET = base58.BITCOIN_ALPHABET.decode("ascii")
CHECKSUM_BYTES = 4


class Base58CheckError(ValueError):
    """Why a text is not Base58Check; `code` is one of alphabet, length, checksum."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def checksum(payload: bytes) -> bytes:
    """The first 4 bytes of SHA-256(SHA-256(payload))."""
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:CHECKSUM_BYTES]


def encode(payload: bytes) -> str:
    """The payload with its checksum, in Base58."""
    return base58.b58encode(payload + checksum(payload)).decode("ascii")


def bad_character(text: str) -> int | None:
    """The position of the first character outside the Base58 alphabet, if any."""
    for position, char in enumerate(text):
        if char not in ALPHABET:
            return position
    return None


def decode(text: str) -> bytes:
    """The payload of a Base58Check text; raises `Base58CheckError` saying what is wrong."""
    if not text:
        raise Base58CheckError("length", "the text is empty")
    position = bad_character(text)
    if position is not None:
        raise Base58CheckError(
            "alphabet",
            f"character {text[position]!r} at position {position + 1} is not in the "
            "Base58 alphabet (which has no 0, O, I or l)",
        )
    raw = base58.b58decode(text)
    if len(raw) <= CHECKSUM_BYTES:
        raise Base58CheckError("length", "too short to hold a payload and a checksum")
    payload, check = raw[:-CHECKSUM_BYTES], raw[-CHECKSUM_BYTES:]
    if checksum(payload) != check:
        raise Base58CheckError("checksum", "the Base58Check checksum does not match")
    return payload
