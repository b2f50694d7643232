"""The result every identifier check returns, and the keyed tokenizer for personal ones."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class IdKind(StrEnum):
    """Every kind of identifier moneytrail knows."""

    IIN = "iin"
    BIN = "bin"
    CARD = "card"
    IBAN = "iban"
    BIC = "bic"
    PHONE = "phone"
    BTC = "btc"
    TRON = "tron"
    EVM = "evm"
    TELEGRAM = "telegram"
    TELEGRAM_BOT = "telegram_bot"
    TELEGRAM_LINK = "telegram_link"
    ONION = "onion"
    EMAIL = "email"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class IdResult:
    """What a check found: the kind, whether it is valid, and if not the rule that failed.

    `rule` is a stable machine name such as `iin.checksum`; `reason` says it in words.
    `token` is set only for personal identifiers checked with a `Tokenizer`.
    """

    kind: IdKind
    valid: bool
    reason: str
    rule: str | None = None
    normalized: str | None = None
    masked: str | None = None
    token: str | None = None
    details: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the clear `normalized` form included: callers decide to show it)."""
        return {
            "kind": self.kind.value,
            "valid": self.valid,
            "reason": self.reason,
            "rule": self.rule,
            "normalized": self.normalized,
            "masked": self.masked,
            "token": self.token,
            "details": dict(self.details),
        }


def ok(
    kind: IdKind,
    normalized: str,
    *,
    masked: str | None = None,
    token: str | None = None,
    details: Mapping[str, str] | None = None,
) -> IdResult:
    """A valid result."""
    return IdResult(
        kind=kind,
        valid=True,
        reason="valid",
        normalized=normalized,
        masked=masked if masked is not None else normalized,
        token=token,
        details=dict(details or {}),
    )


def fail(kind: IdKind, rule: str, reason: str, normalized: str | None = None) -> IdResult:
    """An invalid result naming the rule that failed (`normalized` is never a clear PAN)."""
    return IdResult(kind=kind, valid=False, reason=reason, rule=rule, normalized=normalized)


@dataclass(frozen=True, slots=True)
class Tokenizer:
    """Keyed, deterministic tokens (HMAC-SHA256) so that clear identifiers are never stored."""

    key: bytes

    def token(self, kind: IdKind, normalized: str) -> str:
        """`kind:hex` of HMAC-SHA256 over kind and value, truncated to 128 bits."""
        mac = hmac.new(self.key, f"{kind.value}:{normalized}".encode(), hashlib.sha256)
        return f"{kind.value}:{mac.hexdigest()[:32]}"


def maybe_token(tokenizer: Tokenizer | None, kind: IdKind, normalized: str) -> str | None:
    """The token when a tokenizer is given."""
    return tokenizer.token(kind, normalized) if tokenizer else None


def strip_separators(value: str, chars: str = " -\t\u00a0") -> str:
    """The value without spaces, dashes and tabs, as people type numbers."""
    return value.strip().translate({ord(c): None for c in chars})
