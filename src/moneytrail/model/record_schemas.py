"""The Arrow tables that parties and instruments land in, and their rows as records.

Columns take the record fields' names, with the ids named as in `TRANSFER_SCHEMA`
(`party_id`, `instrument_id`, `instrument_kind`), `holder_party` for the party an instrument
belongs to and `nationality` for a company's jurisdiction. One party table holds people and
companies (`party_kind` tells them apart). One instrument table holds bank accounts, cards,
phone-addressed accounts, crypto wallets and accounts on online services (`instrument_kind`
tells them apart).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, TypeVar

import pyarrow as pa

from moneytrail.model.records import (
    BankAccountRecord,
    CompanyRecord,
    CryptoWalletRecord,
    Instrument,
    Party,
    PersonRecord,
    RecordError,
    UserAccountRecord,
)
from moneytrail.model.transfers import InstrumentKind

PERSON_KIND = "person"
COMPANY_KIND = "company"
USER_ACCOUNT_KIND = "user_account"
"""`instrument_kind` of an account on an online service: never an end of a transfer."""


def _str(name: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, pa.string(), nullable=nullable)


def _list(name: str) -> pa.Field:
    return pa.field(name, pa.list_(pa.string()), nullable=True)


def _provenance() -> list[pa.Field]:
    return [_str("source"), _str("file"), pa.field("row", pa.int64(), nullable=True)]


PARTY_SCHEMA = pa.schema(
    [
        _str("party_id", nullable=False),
        _str("party_kind", nullable=False),
        _str("name", nullable=False),
        *map(_str, ["first_name", "last_name", "patronymic"]),
        _list("aliases"),
        pa.field("birth_date", pa.date32(), nullable=True),
        *map(_str, ["iin", "nationality", "passport_number", "gender"]),
        *map(_list, ["phones", "emails", "addresses"]),
        _str("city"),
        _str("bin"),
        pa.field("registration_date", pa.date32(), nullable=True),
        _str("sector"),
        *_provenance(),
    ],
    metadata={"moneytrail.schema": "party", "moneytrail.version": "2"},
)
"""One row per party; `party_kind` is `person` or `company` (a legal entity, by its BIN)."""

INSTRUMENT_SCHEMA = pa.schema(
    [
        _str("instrument_id", nullable=False),
        _str("instrument_kind", nullable=False),
        _str("holder_party"),
        *map(_str, ["iban", "account_number", "bank_name", "bic", "country", "currency"]),
        pa.field("opened", pa.date32(), nullable=True),
        *map(_list, ["card_tokens", "masked_cards"]),
        *map(_str, ["address", "chain", "label", "service", "username", "display_name"]),
        *_provenance(),
    ],
    metadata={"moneytrail.schema": "instrument", "moneytrail.version": "1"},
)
"""One row per instrument; card numbers only as tokens and masks."""

R = TypeVar(
    "R", PersonRecord, CompanyRecord, BankAccountRecord, CryptoWalletRecord, UserAccountRecord
)

_COLUMN_OF = {
    "holder_id": "holder_party",
    "owner_id": "holder_party",
    "kind": "instrument_kind",
    "jurisdiction": "nationality",
}


def _cells(record: Party | Instrument, id_column: str) -> dict[str, Any]:
    cells: dict[str, Any] = {id_column: record.id}
    for field in fields(record)[1:]:  # fields()[0] is `id`
        value = getattr(record, field.name)
        column = _COLUMN_OF.get(field.name, field.name)
        cells[column] = list(value) if isinstance(value, tuple) else value
    return cells


def _build(cls: type[R], row: Mapping[str, Any], id_column: str, **fixed: Any) -> R:
    kwargs: dict[str, Any] = {"id": row.get(id_column)}
    for field in fields(cls)[1:]:
        value = row.get(_COLUMN_OF.get(field.name, field.name))
        if value is not None:
            kwargs[field.name] = tuple(value) if isinstance(value, list) else value
    try:
        return cls(**(kwargs | fixed))
    except TypeError as exc:  # a required column is empty
        raise RecordError(f"{id_column} {kwargs['id']}: {exc}") from exc


def party_row(record: Party) -> dict[str, Any]:
    """The `PARTY_SCHEMA` row of a person or a company."""
    kind = PERSON_KIND if isinstance(record, PersonRecord) else COMPANY_KIND
    return dict.fromkeys(PARTY_SCHEMA.names) | _cells(record, "party_id") | {"party_kind": kind}


def party_record(row: Mapping[str, Any]) -> Party:
    """The person or company a `PARTY_SCHEMA` row holds, chosen by its `party_kind`."""
    kind = row.get("party_kind")
    if kind == COMPANY_KIND:
        return _build(CompanyRecord, row, "party_id")
    if kind != PERSON_KIND:
        raise RecordError(f"party {row.get('party_id')}: unknown kind {kind!r}")
    return _build(PersonRecord, row, "party_id")


def _kind_of(record: Instrument) -> str:
    if isinstance(record, BankAccountRecord):
        return record.kind.value
    if isinstance(record, CryptoWalletRecord):
        return InstrumentKind.WALLET.value
    return USER_ACCOUNT_KIND


def instrument_row(record: Instrument) -> dict[str, Any]:
    """The `INSTRUMENT_SCHEMA` row of a bank account, card, wallet or service account."""
    row = dict.fromkeys(INSTRUMENT_SCHEMA.names)
    return row | _cells(record, "instrument_id") | {"instrument_kind": _kind_of(record)}


def instrument_record(row: Mapping[str, Any]) -> Instrument:
    """The record an `INSTRUMENT_SCHEMA` row holds, chosen by its `instrument_kind`."""
    kind = row.get("instrument_kind")
    if kind == USER_ACCOUNT_KIND:
        return _build(UserAccountRecord, row, "instrument_id")
    if kind == InstrumentKind.WALLET:
        return _build(CryptoWalletRecord, row, "instrument_id")
    if kind not in {k.value for k in InstrumentKind}:
        raise RecordError(f"instrument {row.get('instrument_id')}: unknown kind {kind!r}")
    return _build(BankAccountRecord, row, "instrument_id", kind=InstrumentKind(kind))
