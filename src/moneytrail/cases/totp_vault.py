"""TOTP secrets at rest: sealed with AES-256-GCM under a key derived from the settings' token
key, so a copy of the database alone does not reveal anyone's second factor."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from Crypto.Cipher import AES

from moneytrail.cases.errors import AuthError
from moneytrail.settings import Settings

PREFIX = "aesgcm1:"
"""Marks a sealed secret; anything without it is a secret still stored in clear."""
STORED_LENGTH = 255
"""The column width a sealed secret needs (room for any secret up to about 140 characters)."""
_LABEL = b"moneytrail/cases/totp-secret-at-rest/v1"
_NONCE = 12
_TAG = 16


def totp_key(settings: Settings) -> bytes:
    """The 32-byte sealing key: HMAC-SHA256 of a fixed label under the settings' token key
    (`MONEYTRAIL_TOKEN_SECRET`, or `data_dir/token.key`), so neither key reveals the other."""
    return hmac.new(settings.token_key(), _LABEL, hashlib.sha256).digest()


def is_sealed(stored: str) -> bool:
    """Whether a stored value is a sealed secret (and not one left in clear)."""
    return stored.startswith(PREFIX)


def seal(key: bytes, secret: str) -> str:
    """The stored form of a TOTP secret: prefix + base64(nonce | ciphertext | tag)."""
    cipher = AES.new(key, AES.MODE_GCM, nonce=secrets.token_bytes(_NONCE))
    body, tag = cipher.encrypt_and_digest(secret.encode())
    return PREFIX + base64.urlsafe_b64encode(cipher.nonce + body + tag).decode()


def unseal(key: bytes, stored: str, owner: str) -> str:
    """The TOTP secret of `owner` from its stored form; refuses a clear, damaged or foreign
    (sealed under another key) value with a message naming the user."""
    if not is_sealed(stored):
        raise AuthError(
            f"user {owner}: TOTP secret is stored in clear; run `moneytrail cases migrate`"
        )
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode())
    except (binascii.Error, ValueError) as exc:
        raise AuthError(f"user {owner}: stored TOTP secret is not valid base64") from exc
    if len(raw) < _NONCE + _TAG:
        raise AuthError(f"user {owner}: stored TOTP secret is truncated")
    nonce, body, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    try:
        plain = AES.new(key, AES.MODE_GCM, nonce=nonce).decrypt_and_verify(body, tag)
    except ValueError as exc:
        raise AuthError(
            f"user {owner}: stored TOTP secret does not open with this key "
            "(changed data, or another MONEYTRAIL_TOKEN_SECRET / token.key)"
        ) from exc
    return plain.decode()
