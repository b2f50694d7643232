"""Tor onion service addresses: v3 only, with the checksum of Tor's rend-spec-v3.

A v3 address is base32(pubkey[32] + checksum[2] + version[1]) + ".onion", where checksum
is the first two bytes of SHA3-256(".onion checksum" + pubkey + version) and version is 3.
v2 addresses (16 characters) stopped working in Tor in 2021 and are reported invalid.
Whether the key is a valid ed25519 point is not checked. A scheme, port, path and
subdomains are accepted and dropped: the normalised form is the service's host.
"""

from __future__ import annotations

import base64
import hashlib
import re

from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail, ok

VERSION = 3
KEY_BYTES = 32
V3_LENGTH = 56
V2_LENGTH = 16
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_BASE32 = re.compile(r"[a-z2-7]*")
_LABEL = re.compile(r"[a-z0-9-]+")


def onion_host(value: str) -> str:
    """The lower-case host of a bare address or URL (no scheme, port, path or final dot)."""
    text = _SCHEME.sub("", value.strip())
    host = re.split(r"[/?#]", text, maxsplit=1)[0]
    return host.split(":", 1)[0].rstrip(".").lower()


def looks_like_onion(value: str) -> bool:
    """A host (bare or in a URL) whose last labels are NAME.onion."""
    labels = onion_host(value).split(".")
    return (
        "@" not in value
        and len(labels) >= 2
        and labels[-1] == "onion"
        and bool(_LABEL.fullmatch(labels[-2]))
    )


def onion_checksum(pubkey: bytes, version: int = VERSION) -> bytes:
    """The two checksum bytes of a v3 address."""
    return hashlib.sha3_256(b".onion checksum" + pubkey + bytes([version])).digest()[:2]


def make_onion(pubkey32: bytes) -> str:
    """The v3 address of a 32-byte ed25519 public key; raises ValueError on another length."""
    if len(pubkey32) != KEY_BYTES:
        raise ValueError(f"expected {KEY_BYTES} bytes, got {len(pubkey32)}")
    raw = pubkey32 + onion_checksum(pubkey32) + bytes([VERSION])
    return base64.b32encode(raw).decode("ascii").lower() + ".onion"


def check_onion(value: str, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check a Tor v3 onion address: length, base32 alphabet, version byte, checksum."""
    del tokenizer  # onion addresses are public; no token
    labels = onion_host(value).split(".")
    if len(labels) < 2 or labels[-1] != "onion":
        return fail(IdKind.ONION, "onion.suffix", "An onion address ends in '.onion'.")
    name = labels[-2]
    if len(name) == V2_LENGTH:
        return fail(
            IdKind.ONION, "onion.v2_deprecated", "A v2 onion address; Tor dropped v2 in 2021."
        )
    if len(name) != V3_LENGTH:
        return fail(
            IdKind.ONION, "onion.length", f"{len(name)} characters before '.onion', not 56."
        )
    if not _BASE32.fullmatch(name):
        return fail(IdKind.ONION, "onion.alphabet", "Only letters a-z and digits 2-7 are allowed.")
    return _check_v3(name, labels[:-2])


def _check_v3(name: str, subdomains: list[str]) -> IdResult:
    """The version byte and checksum of 56 base32 characters."""
    raw = base64.b32decode(name.upper())
    pubkey, check, version = raw[:KEY_BYTES], raw[KEY_BYTES:-1], raw[-1]
    if version != VERSION:
        return fail(IdKind.ONION, "onion.version", f"Version byte {version}, not 3.")
    if onion_checksum(pubkey) != check:
        return fail(IdKind.ONION, "onion.checksum", "The onion address checksum does not match.")
    details = {"version": str(VERSION)}
    if subdomains:
        details["subdomain"] = ".".join(subdomains)
    return ok(IdKind.ONION, f"{name}.onion", details=details)
