"""The two ends of a fiat transfer: instruments and parties with deterministic ids.

Instrument ids say what they are: `iban:<IBAN>`, `account:<bank>:<number>` (bank by BIC or
name, empty if unknown), `phone:<E.164>`, a card's keyed token `card:<hex>`, and for a card
shown only masked the keyed token of its mask (`440543******1234`; masks of different
cards can coincide, so such an id is a lead, not an identity). A party known by name only
is the holder of its instrument, `holder:<instrument id>` (as `moneytrail.model.ftm_export`
names it), or, with no instrument, `unknown:<transfer id>:<side>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from moneytrail.ingest.emit import INSTRUMENTS, PARTIES
from moneytrail.ingest.values import FieldError
from moneytrail.model.ids.bank import check_iban
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import check_card
from moneytrail.model.ids.phone import check_phone
from moneytrail.model.record_schemas import instrument_row, party_row
from moneytrail.model.records import (
    MASK_CHARS,
    MAX_MASKED_DIGITS,
    BankAccountRecord,
    CompanyRecord,
    PersonRecord,
    RecordError,
)
from moneytrail.model.transfers import InstrumentKind

LEGAL_FORMS = re.compile(
    r"^\W*(ТОО|АО|ИП|ООО|ОАО|ЗАО|ПАО|ЖШС|АҚ|КХ|LLP|LLC|JSC|LTD|GMBH|INC)\b"
    r"|\b(LLP|LLC|JSC|LTD|LIMITED|GMBH|INC|CORP|S\.?A|B\.?V)\.?\W*$",
    re.IGNORECASE,
)
"""Legal-form words that make a named party a company (Kazakh, Russian, English)."""
Row = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Side:
    """One end of a transfer, as `TRANSFER_SCHEMA`'s `src_*` / `dst_*` columns hold it."""

    party: str | None = None
    instrument: str | None = None
    kind: str | None = None
    bank: str | None = None
    country: str | None = None
    rows: tuple[Row, ...] = field(default=(), compare=False)

    def cells(self, prefix: str) -> dict[str, Any]:
        """The side's columns under `src` or `dst`."""
        return {
            f"{prefix}_party": self.party,
            f"{prefix}_instrument": self.instrument,
            f"{prefix}_instrument_kind": self.kind,
            f"{prefix}_bank": self.bank,
            f"{prefix}_country": self.country,
        }


@dataclass(frozen=True, slots=True)
class Where:
    """Provenance of the rows a record gives."""

    source: str
    file: str
    row: int | None

    def cells(self) -> dict[str, Any]:
        """`source`, `file` and `row` columns."""
        return {"source": self.source, "file": self.file, "row": self.row}


def is_company(name: str) -> bool:
    """Whether a name carries a legal form (ТОО, АО, LLP, ...)."""
    return LEGAL_FORMS.search(name) is not None


def party(party_id: str, name: str | None, where: Where, **cells: Any) -> Row | None:
    """A party row for a name: a company if it has a legal form, else a person."""
    if not name or not any(ch.isalnum() for ch in name):
        return None
    if is_company(name):
        return PARTIES, party_row(CompanyRecord(id=party_id, name=name, **where.cells()))
    try:
        person = PersonRecord(id=party_id, name=name, **where.cells(), **cells)
    except RecordError:
        return None
    return PARTIES, party_row(person)


def checked_iban(value: str, field_name: str) -> tuple[str, dict[str, str]]:
    """The normalised IBAN and what it tells (`bic`, `bank`); FieldError if it is not valid."""
    result = check_iban(value)
    if not result.valid or result.normalized is None:
        raise FieldError(field_name, f"not a valid IBAN: {result.reason}")
    return result.normalized, dict(result.details)


def _account(record: BankAccountRecord) -> Row:
    return INSTRUMENTS, instrument_row(record)


def bank_account(
    where: Where,
    field_name: str,
    *,
    iban: str | None = None,
    number: str | None = None,
    bic: str | None = None,
    bank: str | None = None,
    **cells: Any,
) -> tuple[str, Row]:
    """The id and row of an account known by IBAN (checked; it names bank and country) or by
    number at a bank; FieldError naming `field_name` if the IBAN is not valid."""
    if iban:
        iban, details = checked_iban(iban, field_name)
        instrument_id = f"iban:{iban}"
        bic, bank = bic or details.get("bic"), bank or details.get("bank")
        cells.setdefault("country", iban[:2])
    elif number:
        instrument_id = f"account:{bic or bank or ''}:{number}"
        if bic and len(bic) >= 6 and bic[4:6].isalpha():
            cells.setdefault("country", bic[4:6].upper())
    else:
        raise FieldError(field_name, "an account needs an IBAN or a number")
    record = BankAccountRecord(
        id=instrument_id, iban=iban or None, account_number=number or None,
        bic=bic or None, bank_name=bank or None, **where.cells(), **cells,
    )  # fmt: skip
    return instrument_id, _account(record)


def is_masked(value: str) -> bool:
    """Whether a card number is shown masked (`440043******1234`, `4400 43** **** 1234`)."""
    return any(ch in MASK_CHARS for ch in value)


def card(value: str, tokenizer: Tokenizer, where: Where, field_name: str) -> tuple[str, Row]:
    """The id and row of a card: its keyed token, or its mask when only that is known.

    The clear number never leaves this function; a failure names the rule, not the digits.
    """
    if is_masked(value):
        masked = re.sub(r"[\s\-]", "", value)
        if sum(ch.isdigit() for ch in masked) > MAX_MASKED_DIGITS:
            raise FieldError(
                field_name, f"a masked card number shows more than {MAX_MASKED_DIGITS} digits"
            )
        record = BankAccountRecord(
            id=tokenizer.token(IdKind.CARD, masked), kind=InstrumentKind.CARD,
            masked_cards=(masked,), **where.cells(),
        )  # fmt: skip
        return record.id, _account(record)
    result = check_card(value, tokenizer)
    if not result.valid or result.token is None or result.masked is None:
        raise FieldError(field_name, f"not a valid card number ({result.reason})")
    record = BankAccountRecord(
        id=result.token, kind=InstrumentKind.CARD, card_tokens=(result.token,),
        masked_cards=(result.masked,), bank_name=result.details.get("bank"), **where.cells(),
    )  # fmt: skip
    return record.id, _account(record)


def phone(value: str, where: Where, field_name: str) -> tuple[str, Row]:
    """The id and row of an account addressed by phone number."""
    result = check_phone(value)
    if not result.valid or result.normalized is None:
        raise FieldError(field_name, f"not a valid phone number ({result.reason})")
    record = BankAccountRecord(
        id=f"phone:{result.normalized}", kind=InstrumentKind.PHONE,
        account_number=result.normalized, **where.cells(),
    )  # fmt: skip
    return record.id, _account(record)


def with_holder(instrument: tuple[str, Row], name: str | None, where: Where) -> Side:
    """A side at an instrument whose holder is known by name only (`holder:<instrument>`)."""
    instrument_id, (table, row) = instrument
    holder = party(f"holder:{instrument_id}", name, where)
    if holder is not None:
        row = row | {"holder_party": holder[1]["party_id"]}
    rows = ((table, row),) if holder is None else ((table, row), holder)
    party_id = None if holder is None else holder[1]["party_id"]
    bank = row.get("bic") or row.get("bank_name")
    return Side(party_id, instrument_id, row["instrument_kind"], bank, row.get("country"), rows)


def named_only(name: str | None, transfer_id: str, side: str, where: Where) -> Side:
    """A side known only by a name: a party of its own (`unknown:<transfer id>:<side>`)."""
    found = party(f"unknown:{transfer_id}:{side}", name, where)
    if found is None:
        return Side()
    return Side(party=found[1]["party_id"], rows=(found,))
