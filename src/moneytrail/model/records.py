"""The canonical party and instrument records moneytrail exchanges, and the payment between them.

Records hold values as the sources give them, already checked by `moneytrail.model.ids`;
they only enforce what must never be wrong: ids and names are there, payments are timed in
a known zone, and a card is never held as a clear number (a keyed token and a mask only).
Every record may say where it came from (`source`, `file`, `row`, as transfers do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from moneytrail.errors import MoneytrailError
from moneytrail.model.transfers import InstrumentKind

CARD_TOKEN = re.compile(r"card:[0-9a-f]{32}")
"""A card's keyed token, as `Tokenizer.token(IdKind.CARD, pan)` writes it."""

MASK_CHARS = "*•X"
MAX_MASKED_DIGITS = 10  # first 6 and last 4 (PCI DSS 3.4.1)


class RecordError(MoneytrailError):
    """A record breaks one of the rules every record must keep."""


def _require(owner: object, **values: str) -> None:
    """Required text has a letter or digit (FtM refuses a name of spaces, quotes or controls)."""
    for name, value in values.items():
        if not any(ch.isalnum() for ch in value):
            raise RecordError(f"{type(owner).__name__}: {name} has no letter or digit")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonRecord:
    """A natural person; `nationality` is ISO 3166-1 alpha-2 (`KZ`), `iin` the 12-digit IIN."""

    id: str
    name: str
    first_name: str | None = None
    last_name: str | None = None
    patronymic: str | None = None
    aliases: tuple[str, ...] = ()
    birth_date: date | None = None
    iin: str | None = None
    nationality: str | None = None
    passport_number: str | None = None
    gender: str | None = None  # "male" | "female" | "other", as FtM names them
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    city: str | None = None
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id, name=self.name)


@dataclass(frozen=True, slots=True, kw_only=True)
class CompanyRecord:
    """A legal entity (ТОО, АО, LLP, ...); `bin` is the 12-digit Kazakh BIN, `jurisdiction`
    the ISO 3166-1 alpha-2 country of incorporation, `sector` its line of business as the
    source names it (`merchant`, `exchange`, `chemicals`, ...)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    bin: str | None = None
    jurisdiction: str | None = None
    registration_date: date | None = None
    sector: str | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    city: str | None = None
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id, name=self.name)


def _check_masked(masked: str) -> None:
    digits = sum(ch.isdigit() for ch in masked)
    if digits > MAX_MASKED_DIGITS or not any(ch in MASK_CHARS for ch in masked):
        raise RecordError(f"masked card {masked[:6]}… is not masked: a clear PAN is never held")


@dataclass(frozen=True, slots=True, kw_only=True)
class BankAccountRecord:
    """A bank account, card or phone-addressed account at a bank.

    `card_tokens` are keyed tokens (`card:<hex>`), `masked_cards` masked numbers
    (`440043******1234`); a clear card number is refused.
    """

    id: str
    kind: InstrumentKind = InstrumentKind.ACCOUNT
    iban: str | None = None
    account_number: str | None = None
    bank_name: str | None = None
    bic: str | None = None
    country: str | None = None
    currency: str | None = None
    holder_id: str | None = None
    opened: date | None = None
    card_tokens: tuple[str, ...] = ()
    masked_cards: tuple[str, ...] = ()
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id)
        if self.kind in (InstrumentKind.WALLET, InstrumentKind.CASH):
            raise RecordError(f"BankAccountRecord: kind {self.kind.value} is not a bank account")
        for token in self.card_tokens:
            if not CARD_TOKEN.fullmatch(token):
                raise RecordError("BankAccountRecord: a card token must be `card:<32 hex>`")
        for masked in self.masked_cards:
            _check_masked(masked)


@dataclass(frozen=True, slots=True, kw_only=True)
class CryptoWalletRecord:
    """An address on a blockchain (`chain` as transfers name it: `tron`, `bitcoin`, ...)."""

    id: str
    address: str
    chain: str
    currency: str | None = None
    holder_id: str | None = None
    label: str | None = None
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id, address=self.address, chain=self.chain)


@dataclass(frozen=True, slots=True, kw_only=True)
class UserAccountRecord:
    """An account on an online service (`telegram`, ...), by its username."""

    id: str
    service: str
    username: str
    display_name: str | None = None
    owner_id: str | None = None
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id, service=self.service, username=self.username)


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentRecord:
    """A payment from a payer to a beneficiary; `amount` is exact, `ts` carries its zone.

    `payer_account_id` and `beneficiary_account_id` are instrument ids, as in transfers.
    """

    id: str
    payer_id: str
    beneficiary_id: str
    amount: Decimal
    currency: str
    ts: datetime
    payer_account_id: str | None = None
    beneficiary_account_id: str | None = None
    reference: str | None = None
    channel: str | None = None
    chain: str | None = None
    mcc: str | None = None
    transfer_id: str | None = None
    source: str | None = None
    file: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        _require(self, id=self.id, payer_id=self.payer_id, beneficiary_id=self.beneficiary_id)
        _require(self, currency=self.currency)
        if not self.amount.is_finite():
            raise RecordError(f"PaymentRecord {self.id}: amount {self.amount} is not finite")
        if self.ts.tzinfo is None or self.ts.utcoffset() is None:
            raise RecordError(f"PaymentRecord {self.id}: ts has no time zone")


Instrument = BankAccountRecord | CryptoWalletRecord | UserAccountRecord
Party = PersonRecord | CompanyRecord
Record = PersonRecord | BankAccountRecord | CryptoWalletRecord | UserAccountRecord | PaymentRecord
