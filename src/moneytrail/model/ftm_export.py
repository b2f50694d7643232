"""Records to FollowTheMoney entities, and canonical transfer rows to Payments."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from followthemoney import EntityProxy, Property, model, registry

from moneytrail.model.ftm_fields import (
    BY_RECORD,
    INSTRUMENT,
    NOTE_PREFIX,
    NOTE_PROP,
    PARTY,
    Field,
    FtmError,
    accept,
    entity_id,
)
from moneytrail.model.records import BankAccountRecord, PaymentRecord, Record
from moneytrail.model.transfers import MINOR_UNITS


def _note(field: Field, value: Any) -> str:
    """`moneytrail:<field>=<JSON>`; escaped to ASCII where FtM would alter the text."""
    data = [field.codec.text(v) for v in value] if field.many else field.codec.text(value)
    note = f"{NOTE_PREFIX}{field.name}={json.dumps(data, ensure_ascii=False)}"
    if registry.text.clean(note) != note:
        note = f"{NOTE_PREFIX}{field.name}={json.dumps(data)}"
    return note


def _exact(field: Field, stored: str | None, value: Any) -> bool:
    """Whether the text FtM stored reads back as exactly `value`."""
    if stored is None:
        return False
    try:
        return bool(field.codec.text(field.codec.decode(stored)) == field.codec.text(value))
    except (ValueError, ArithmeticError):
        return False


def _accept(field: Field, prop: Property, value: Any) -> str | None:
    try:
        return accept(prop, field.codec.encode(value))
    except (ValueError, ArithmeticError):  # a time FtM cannot put in UTC, say
        return None


def _put(entity: EntityProxy, field: Field, value: Any) -> bool:
    """Set what FtM accepts of `value` on the field's property; True if nothing was lost."""
    assert field.prop is not None
    prop = entity.schema.properties[field.prop]
    values = tuple(value) if field.many else (value,)
    stored = []
    for item in values:
        text = _accept(field, prop, item)
        stored.append(None if text is None else entity.unsafe_add(prop, text, cleaned=True))
    lossless = all(_exact(field, text, item) for text, item in zip(stored, values, strict=True))
    return lossless and len(set(stored)) == len(stored)


def _present(record: Record) -> Iterator[tuple[Field, Any]]:
    for field in BY_RECORD[type(record)].fields:
        value = getattr(record, field.name)
        if value is not None and value != ():
            yield field, value


def to_entity(record: Record) -> EntityProxy:
    """The FtM entity of a record; its id is derived from the record's id."""
    mapping = BY_RECORD[type(record)]
    entity = model.make_entity(mapping.schema)
    entity.id = entity_id(mapping.space, record.id)
    notes = [_note(f, v) for f, v in _present(record) if f.prop is None or not _put(entity, f, v)]
    entity.add(NOTE_PROP, notes, cleaned=True)
    for name in entity.schema.required:
        if not entity.has(name):
            raise FtmError(f"{mapping.schema} {record.id}: FtM refused the value for {name}")
    return entity


def _ownership(account: BankAccountRecord, holder_id: str) -> EntityProxy:
    """The FtM link from a holder to the account: FtM's BankAccount has no holder property."""
    link = model.make_entity("Ownership")
    link.id = entity_id("ownership", holder_id, account.id)
    link.add("owner", entity_id(PARTY, holder_id), cleaned=True)
    link.add("asset", entity_id(INSTRUMENT, account.id), cleaned=True)
    link.add("role", "account holder", cleaned=True)
    return link


def to_entities(record: Record) -> list[EntityProxy]:
    """The record's entity, and the Ownership of a bank account whose holder is known."""
    entities = [to_entity(record)]
    if isinstance(record, BankAccountRecord) and record.holder_id is not None:
        entities.append(_ownership(record, record.holder_id))
    return entities


def export_records(records: Iterable[Record]) -> Iterator[EntityProxy]:
    """Every entity of every record, in order."""
    for record in records:
        yield from to_entities(record)


def _party(row: Mapping[str, Any], side: str) -> str:
    """The side's party; else the holder of its instrument; else a party of its own."""
    if party := row.get(f"{side}_party"):
        return str(party)
    if instrument := row.get(f"{side}_instrument"):
        return f"holder:{instrument}"
    return f"unknown:{row['transfer_id']}:{side}"


def _column(row: Mapping[str, Any], name: str) -> Any:
    value = row.get(name)
    if value is None:
        raise FtmError(f"transfer {row.get('transfer_id')}: {name} is missing")
    return value


def transfer_payment(row: Mapping[str, Any]) -> PaymentRecord:
    """The payment a `TRANSFER_SCHEMA` row records; the amount exact from its minor units.

    A side without a party is paid by "the holder of" its instrument (`holder:<instrument>`),
    or, with no instrument either (cash), by a party known only by the transfer.
    """
    transfer_id, currency = _column(row, "transfer_id"), _column(row, "currency")
    if currency not in MINOR_UNITS:
        raise FtmError(f"transfer {transfer_id}: unknown currency {currency!r}")
    return PaymentRecord(
        id=transfer_id,
        payer_id=_party(row, "src"),
        beneficiary_id=_party(row, "dst"),
        amount=Decimal(_column(row, "amount_minor")).scaleb(-MINOR_UNITS[currency]),
        currency=currency,
        ts=_column(row, "ts"),
        payer_account_id=row.get("src_instrument"),
        beneficiary_account_id=row.get("dst_instrument"),
        reference=row.get("reference"),
        channel=_column(row, "channel"),
        chain=row.get("chain"),
        mcc=row.get("mcc"),
        transfer_id=transfer_id,
        source=row.get("source"),
        file=row.get("file"),
        row=row.get("row"),
    )


def transfer_entity(row: Mapping[str, Any]) -> EntityProxy:
    """The FtM Payment of a `TRANSFER_SCHEMA` row."""
    return to_entity(transfer_payment(row))
