"""EVM addresses (Ethereum, BSC, Polygon, ...): '0x' and 40 hex digits, EIP-55 checksum.

EIP-55 hides a checksum in the case of the letters: a letter is upper-case when the
matching nibble of Keccak-256 (not NIST SHA3) of the lower-case hex is 8 or more.
All-lower or all-upper addresses carry no checksum and are valid as they are.
"""

from __future__ import annotations

import re

from Crypto.Hash import keccak

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, ok

HEX_DIGITS = 40
_SHAPE = re.compile(r"0x[0-9a-fA-F]{40}")
_HEX = re.compile(r"[0-9a-fA-F]*")


def looks_like_evm(value: str) -> bool:
    """'0x' followed by 40 hex digits in any case."""
    return bool(_SHAPE.fullmatch(value.strip()))


def keccak256_hex(data: bytes) -> str:
    """Keccak-256 (the pre-standard SHA-3 Ethereum uses) as hex."""
    digest = keccak.new(digest_bits=256)
    digest.update(data)
    return str(digest.hexdigest())


def to_checksum_address(hex40: str) -> str:
    """The EIP-55 form of 40 hex digits (with or without '0x'); raises ValueError if not."""
    body = hex40.removeprefix("0x").lower()
    if len(body) != HEX_DIGITS or not _HEX.fullmatch(body):
        raise ValueError("expected 40 hex digits")
    nibbles = keccak256_hex(body.encode("ascii"))
    return "0x" + "".join(
        c.upper() if int(n, 16) >= 8 else c for c, n in zip(body, nibbles[:HEX_DIGITS], strict=True)
    )


def check_evm(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check an EVM address; mixed case must be the exact EIP-55 form."""
    del tokenizer  # addresses are public; no token
    text = value.strip()
    if not text.startswith("0x"):
        return fail(IdKind.EVM, "evm.prefix", "An EVM address starts with '0x'.")
    body = text[2:]
    if len(body) != HEX_DIGITS:
        return fail(IdKind.EVM, "evm.length", f"{len(body)} hex digits after '0x', not 40.")
    if not _HEX.fullmatch(body):
        return fail(IdKind.EVM, "evm.hex", "Only hex digits 0-9 and a-f may follow '0x'.")
    checksummed = to_checksum_address(body)
    if text == checksummed:
        return ok(IdKind.EVM, checksummed, details={"checksummed": "yes"})
    if body in (body.lower(), body.upper()):
        return ok(IdKind.EVM, checksummed, details={"checksummed": "no"})
    return fail(
        IdKind.EVM, "evm.eip55", "The mix of upper and lower case fails the EIP-55 checksum."
    )
