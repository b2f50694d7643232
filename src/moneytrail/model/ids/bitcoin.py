"""Bitcoin addresses: Base58Check P2PKH/P2SH and Bech32/Bech32m segwit (v0 and Taproot).

python-stdnum's checker rejects Bech32m (Taproot) addresses, so the check is written
here on `base58check` and `bech32`. Addresses are public: no token is made.
"""

from __future__ import annotations

import re

from moneytrail.model.ids import base58check, bech32
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, ok

# Version byte -> (network, type) for Base58Check addresses.
BASE58_VERSIONS = {
    0x00: ("mainnet", "p2pkh"),
    0x05: ("mainnet", "p2sh"),
    0x6F: ("testnet", "p2pkh"),
    0xC4: ("testnet", "p2sh"),
}
HRP_NETWORKS = {"bc": "mainnet", "tb": "testnet", "bcrt": "regtest"}
HASH_BYTES = 20
# Failures of the segwit layer (the others are of the Bech32 string itself).
_SEGWIT_CODES = frozenset(
    {"hrp", "empty_data", "witness_version", "padding", "program_length", "v0_program_length"}
)
_BASE58_SHAPE = re.compile(r"[123mn][1-9A-HJ-NP-Za-km-z]{25,34}")
_BECH32_SHAPE = re.compile(r"(?:bc|tb|bcrt)1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{6,87}", re.I)


def looks_like_btc(value: str) -> bool:
    """Base58 of address length starting 1, 3, m, n or 2; or bc1/tb1/bcrt1 then Bech32."""
    text = value.strip()
    return bool(_BASE58_SHAPE.fullmatch(text) or _BECH32_SHAPE.fullmatch(text))


def _is_segwit(text: str) -> bool:
    """Whether the text starts with a segwit prefix (in either case)."""
    return text.lower().startswith(tuple(f"{hrp}1" for hrp in HRP_NETWORKS))


def check_btc(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a Bitcoin address by its checksum, version, network and witness rules."""
    del tokenizer  # addresses are public; no token
    text = value.strip()
    return _check_segwit(text) if _is_segwit(text) else _check_base58(text)


def _check_base58(text: str) -> IdResult:
    """A P2PKH or P2SH address: Base58Check, 21-byte payload, known version byte."""
    try:
        payload = base58check.decode(text)
    except base58check.Base58CheckError as err:
        return fail(IdKind.BTC, f"btc.base58_{err.code}", f"Not a Bitcoin address: {err}.")
    if len(payload) != 1 + HASH_BYTES:
        return fail(IdKind.BTC, "btc.length", f"A {len(payload)}-byte payload, not 21.")
    if payload[0] not in BASE58_VERSIONS:
        return fail(
            IdKind.BTC, "btc.version", f"Version byte 0x{payload[0]:02x} is not P2PKH or P2SH."
        )
    network, kind = BASE58_VERSIONS[payload[0]]
    details = {"network": network, "type": kind, "encoding": "base58check"}
    return ok(IdKind.BTC, text, details=details)


def segwit_type(version: int, program: bytes) -> str:
    """p2wpkh, p2wsh, p2tr, or segwit_vN for versions not yet defined."""
    if version == 0:
        return "p2wpkh" if len(program) == HASH_BYTES else "p2wsh"
    if version == 1 and len(program) == 32:
        return "p2tr"
    return f"segwit_v{version}"


def _check_segwit(text: str) -> IdResult:
    """A segwit address: Bech32 for v0, Bech32m for v1+, BIP-141 program lengths."""
    try:
        address = bech32.decode_segwit(text)
    except bech32.Bech32Error as err:
        prefix = "btc." if err.code in _SEGWIT_CODES else "btc.bech32_"
        return fail(IdKind.BTC, prefix + err.code, f"Not a Bitcoin address: {err}.")
    details = {
        "network": HRP_NETWORKS[address.hrp],
        "type": segwit_type(address.version, address.program),
        "witness_version": str(address.version),
        "encoding": address.encoding.value,
    }
    return ok(IdKind.BTC, text.lower(), details=details)


def _encode_base58(version: int, hash20: bytes) -> str:
    """Base58Check of a version byte and a 20-byte hash."""
    if len(hash20) != HASH_BYTES:
        raise ValueError(f"expected a {HASH_BYTES}-byte hash, got {len(hash20)} bytes")
    return base58check.encode(bytes([version]) + hash20)


def encode_p2pkh(pubkey_hash: bytes, testnet: bool = False) -> str:
    """The P2PKH address ('1...', testnet 'm'/'n') of a 20-byte HASH160 of a public key."""
    return _encode_base58(0x6F if testnet else 0x00, pubkey_hash)


def encode_p2sh(script_hash: bytes, testnet: bool = False) -> str:
    """The P2SH address ('3...', testnet '2...') of a 20-byte HASH160 of a script."""
    return _encode_base58(0xC4 if testnet else 0x05, script_hash)


def encode_segwit(hrp: str, version: int, program: bytes) -> str:
    """The segwit address (Bech32 for v0, Bech32m for v1+); raises ValueError if invalid."""
    return bech32.encode_segwit(hrp, version, program)
