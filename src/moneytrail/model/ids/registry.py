"""Which kind an identifier is, and the one check for each kind.

Detection tries the unmistakable shapes first (prefixes such as `@`, `t.me/`, `0x`,
`bc1`, `.onion`), then the digit-only kinds by length and structure, then IBAN and BIC.
A value that looks like a kind but fails its checksum is reported as that kind, invalid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from moneytrail.model.ids import bank, bitcoin, card, email, evm, kz, onion, phone, telegram, tron
from moneytrail.model.ids.base import IdKind, IdResult, Tokenizer, fail

Checker = Callable[[str, Tokenizer | None], IdResult]


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How to recognise one kind and how to check it."""

    kind: IdKind
    looks_like: Callable[[str], bool]
    check: Checker


SPECS: tuple[KindSpec, ...] = (
    KindSpec(IdKind.TELEGRAM_LINK, telegram.looks_like_telegram_link, telegram.check_telegram_link),
    KindSpec(IdKind.ONION, onion.looks_like_onion, onion.check_onion),
    KindSpec(IdKind.EMAIL, email.looks_like_email, email.check_email),
    KindSpec(IdKind.TELEGRAM_BOT, telegram.looks_like_telegram_bot, telegram.check_telegram_bot),
    KindSpec(IdKind.TELEGRAM, telegram.looks_like_telegram, telegram.check_telegram),
    KindSpec(IdKind.EVM, evm.looks_like_evm, evm.check_evm),
    KindSpec(IdKind.TRON, tron.looks_like_tron, tron.check_tron),
    KindSpec(IdKind.BTC, bitcoin.looks_like_btc, bitcoin.check_btc),
    KindSpec(IdKind.PHONE, phone.looks_like_phone, phone.check_phone),
    KindSpec(IdKind.IIN, kz.looks_like_iin, kz.check_iin),
    KindSpec(IdKind.BIN, kz.looks_like_bin, kz.check_bin),
    KindSpec(IdKind.CARD, card.looks_like_card, card.check_card),
    KindSpec(IdKind.IBAN, bank.looks_like_iban, bank.check_iban),
    KindSpec(IdKind.BIC, bank.looks_like_bic, bank.check_bic),
)
BY_KIND = {spec.kind: spec for spec in SPECS}


def detect(value: str) -> IdKind:
    """The first kind whose shape the value has, or UNKNOWN."""
    for spec in SPECS:
        if spec.looks_like(value):
            return spec.kind
    return IdKind.UNKNOWN


def check(value: str, kind: IdKind | None = None, tokenizer: Tokenizer | None = None) -> IdResult:
    """Check `value` as `kind`, or as the kind it looks like."""
    found = kind or detect(value)
    spec = BY_KIND.get(found)
    if spec is None:
        return fail(IdKind.UNKNOWN, "detect", "does not look like any known identifier")
    return spec.check(value, tokenizer)
