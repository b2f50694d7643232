"""The FollowTheMoney mapping, declared as data: which FtM property holds each record field.

A field goes into its FtM property wherever FtM accepts the value. What FtM has no property
for (a record's own id, a city, a channel, card tokens), would change (an 11-letter BIC cut
to 8, a time to the second, a phone reformatted) or refuses, is written verbatim as a note
`moneytrail:<field>=<JSON>` in `description`: the one free-text property that both things
(Person, BankAccount, ...) and intervals (Payment) have and that no FtM caption shows.
Notes win on import, so the round trip is lossless; FtM tools still see the native values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from followthemoney import Property, registry
from followthemoney.util import make_entity_id

from moneytrail.errors import MoneytrailError
from moneytrail.model.records import (
    BankAccountRecord,
    CryptoWalletRecord,
    PaymentRecord,
    PersonRecord,
    Record,
    UserAccountRecord,
)
from moneytrail.model.transfers import InstrumentKind

NOTE_PROP = "description"
NOTE_PREFIX = "moneytrail:"
ID_SALT = "moneytrail"


class FtmError(MoneytrailError):
    """An entity or an FtM file cannot be read or mapped; the message says which and why."""


def entity_id(space: str, *keys: str) -> str:
    """The FtM id of a record: SHA-1 over `moneytrail`, its id space and its own id(s)."""
    key = "\x1f".join((space, *keys)).encode("utf-8", "surrogatepass")
    entity = make_entity_id(ID_SALT, key)
    assert entity is not None  # the salt alone makes a non-empty key
    return entity


def _to_datetime(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        parsed = registry.date.to_datetime(text)  # FtM's prefix dates: 2024, 2024-05, ...
        if parsed is None:
            raise
        moment = parsed
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ftm_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True, slots=True)
class Codec:
    """A field's value as FtM text (`encode`/`decode`) and as exact text (`text`/`parse`)."""

    encode: Callable[[Any], str] = str
    decode: Callable[[str], Any] = str
    text: Callable[[Any], str] = str
    parse: Callable[[str], Any] = str


TEXT = Codec()
INT = Codec(decode=int, parse=int)
DECIMAL = Codec(encode=lambda v: f"{v:f}", decode=Decimal, parse=Decimal)
DATE = Codec(
    encode=date.isoformat,
    decode=lambda t: _to_datetime(t).date(),
    text=date.isoformat,
    parse=date.fromisoformat,
)
DATETIME = Codec(
    encode=_ftm_time, decode=_to_datetime, text=datetime.isoformat, parse=datetime.fromisoformat
)
COUNTRY = Codec(encode=str.lower, decode=str.upper)
KIND = Codec(encode=str, decode=InstrumentKind, parse=InstrumentKind)


def ref(space: str) -> Codec:
    """A reference to another record, written as its FtM entity id.

    The id cannot be read back, so a note keeps ours; an entity from elsewhere has no note,
    and its reference stands for the record id.
    """
    return Codec(encode=lambda v: entity_id(space, v))


@dataclass(frozen=True, slots=True)
class Field:
    """One record field: its FtM property (None: notes only) and how its values convert."""

    name: str
    prop: str | None = None
    codec: Codec = TEXT
    many: bool = False


@dataclass(frozen=True, slots=True)
class RecordMap:
    """How one record type maps to one FtM schema; `space` scopes its entity ids."""

    record: type[Record]
    schema: str
    space: str
    fields: tuple[Field, ...]


PARTY, INSTRUMENT, PAYMENT = "party", "instrument", "payment"
PROVENANCE = (Field("source", "publisher"), Field("file"), Field("row", codec=INT))

PERSON_MAP = RecordMap(
    PersonRecord,
    "Person",
    PARTY,
    (
        Field("id"),
        Field("name", "name"),
        Field("first_name", "firstName"),
        Field("last_name", "lastName"),
        Field("patronymic", "fatherName"),
        Field("aliases", "alias", many=True),
        Field("birth_date", "birthDate", DATE),
        Field("iin", "idNumber"),
        Field("nationality", "nationality", COUNTRY),
        Field("passport_number", "passportNumber"),
        Field("gender", "gender"),
        Field("phones", "phone", many=True),
        Field("emails", "email", many=True),
        Field("addresses", "address", many=True),
        Field("city"),
        *PROVENANCE,
    ),
)
BANK_ACCOUNT_MAP = RecordMap(
    BankAccountRecord,
    "BankAccount",
    INSTRUMENT,
    (
        Field("id"),
        Field("kind", "accountType", KIND),
        Field("iban", "iban"),
        Field("account_number", "accountNumber"),
        Field("bank_name", "bankName"),
        Field("bic", "bic"),
        Field("country", "country", COUNTRY),
        Field("currency", "currency"),
        Field("holder_id"),  # FtM links a holder by an Ownership entity, written beside
        Field("opened", "openingDate", DATE),
        Field("card_tokens", many=True),
        Field("masked_cards", many=True),
        *PROVENANCE,
    ),
)
CRYPTO_WALLET_MAP = RecordMap(
    CryptoWalletRecord,
    "CryptoWallet",
    INSTRUMENT,
    (
        Field("id"),
        Field("address", "publicKey"),
        Field("chain", "blockchain"),
        Field("currency", "currency"),
        Field("holder_id", "holder", ref(PARTY)),
        Field("label", "name"),
        *PROVENANCE,
    ),
)
USER_ACCOUNT_MAP = RecordMap(
    UserAccountRecord,
    "UserAccount",
    INSTRUMENT,
    (
        Field("id"),
        Field("service", "service"),
        Field("username", "username"),
        Field("display_name", "name"),
        Field("owner_id", "owner", ref(PARTY)),
        *PROVENANCE,
    ),
)
PAYMENT_MAP = RecordMap(
    PaymentRecord,
    "Payment",
    PAYMENT,
    (
        Field("id", "recordId"),
        Field("payer_id", "payer", ref(PARTY)),
        Field("beneficiary_id", "beneficiary", ref(PARTY)),
        Field("amount", "amount", DECIMAL),
        Field("currency", "currency"),
        Field("ts", "date", DATETIME),
        Field("payer_account_id", "payerAccount", ref(INSTRUMENT)),
        Field("beneficiary_account_id", "beneficiaryAccount", ref(INSTRUMENT)),
        Field("reference", "purpose"),
        Field("channel"),
        Field("chain"),
        Field("mcc"),
        Field("transfer_id", "transactionNumber"),
        *PROVENANCE,
    ),
)
MAPPINGS = (PERSON_MAP, BANK_ACCOUNT_MAP, CRYPTO_WALLET_MAP, USER_ACCOUNT_MAP, PAYMENT_MAP)
BY_RECORD: dict[type, RecordMap] = {m.record: m for m in MAPPINGS}
BY_SCHEMA: dict[str, RecordMap] = {m.schema: m for m in MAPPINGS}


def valid_value(prop: Property, value: str) -> bool:
    """Whether `value` is valid stored text of `prop`: FtM's type check, the property's
    length and format, and (stricter than FtM, which takes any text) a number for numbers."""
    if len(value) > prop.max_length or not prop.type.validate(value, format=prop.format):
        return False
    return prop.type != registry.number or registry.number.parse(value)[0] is not None


def accept(prop: Property, text: str) -> str | None:
    """The value FtM stores for `text` in `prop`, or None if it is not valid there."""
    cleaned = prop.type.clean(text, format=prop.format)
    return cleaned if cleaned is not None and valid_value(prop, cleaned) else None
