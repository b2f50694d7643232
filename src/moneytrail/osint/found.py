"""One requisite or contact found in a text, validated by its identifier module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moneytrail.model.ids.base import IdKind, IdResult

PAYMENT_KINDS = frozenset({"card", "phone", "iban", "tron", "btc", "evm"})
HANDLE_KINDS = frozenset({"telegram", "telegram_bot", "telegram_link"})


@dataclass(frozen=True, slots=True)
class Found:
    """A validated identifier: where it was (`shown`, `source`) and what it is.

    `value` is the normalised form kept in memory for linking and evaluation; a card's value
    never leaves the process in clear: `to_json` gives its mask and keyed token instead.
    """

    kind: str
    value: str
    shown: str
    source: str  # "text", "href", "ocr", "qr"
    masked: str
    token: str | None
    details: dict[str, str]
    repaired: bool = False

    @property
    def is_payment(self) -> bool:
        """Whether money can be sent to it (card, phone, IBAN, wallet)."""
        return self.kind in PAYMENT_KINDS

    @property
    def handle(self) -> str | None:
        """The Telegram username it names, lower case, or None."""
        if self.kind == "telegram_link":
            return self.value.removeprefix("t.me/")
        return self.value if self.kind in ("telegram", "telegram_bot") else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; a card appears only masked and tokenised."""
        clear = self.kind != "card"
        return {
            "kind": self.kind,
            "value": self.value if clear else None,
            "masked": self.masked,
            "token": self.token,
            "shown": self.shown if clear else self.masked,
            "source": self.source,
            "repaired": self.repaired,
            "details": self.details,
        }


def from_result(result: IdResult, shown: str, source: str, repaired: bool = False) -> Found:
    """A Found from a valid check result."""
    if not result.valid or result.normalized is None:
        raise ValueError(f"not a valid identifier: {result.reason}")
    kind = "btc" if result.kind is IdKind.BTC else result.kind.value
    return Found(
        kind=kind,
        value=result.normalized,
        shown=shown,
        source=source,
        masked=result.masked or result.normalized,
        token=result.token,
        details=dict(result.details),
        repaired=repaired,
    )
