"""One statement row, as a mapping reads it, into a transfer and its sides' rows.

The own account and a counterparty's account value are recognised by shape: a masked or
13-19 digit number is a card (tokenized at once), an IBAN is an IBAN, anything else an
account number at the mapping's bank; `ctx.options["account"]` names the own account when
the mapping does not, and `ctx.options["holder"]` its holder. The transfer id is `stmt:`
and a hash of the mapping's name, the own account and the bank's operation id when the
mapping has one, else of the file's SHA-256 and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from moneytrail.ingest.contract import ReadContext
from moneytrail.ingest.emit import TRANSFERS, blank, stable_id
from moneytrail.ingest.mapping import StatementMapping
from moneytrail.ingest.redact import redact_pans
from moneytrail.ingest.sides import (
    Row,
    Side,
    Where,
    bank_account,
    card,
    is_masked,
    named_only,
    phone,
    with_holder,
)
from moneytrail.ingest.values import (
    FieldError,
    currency_code,
    minor_units,
    parse_decimal,
    parse_time,
    shown,
    to_decimal,
    zone,
)
from moneytrail.model.ids.bank import looks_like_iban
from moneytrail.model.ids.card import looks_like_card

_MCC = re.compile(r"[0-9]{4}")


def cell_text(value: Any, column: str) -> str | None:
    """A cell as stripped text; a float that would lose digits is refused (Excel's 15)."""
    if value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise FieldError(column, f"{shown(value)} is a number; store it as text")
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


@dataclass
class StatementRows:
    """Turns rows of one statement file into transfers, by one mapping."""

    mapping: StatementMapping
    ctx: ReadContext
    path: Path
    digest: str

    def rows(self, cells: dict[str, Any], line: int) -> list[Row]:
        """The transfer and its sides' rows; FieldError naming the column that is wrong."""
        where = Where(self.ctx.source, str(self.path), line)
        amount, outgoing = self._amount(cells)
        currency = self._currency(cells)
        own = self._own(cells, where)
        transfer_id = self._transfer_id(cells, own, line)
        other = self._counterparty(cells, transfer_id, "dst" if outgoing else "src", where)
        src, dst = (own, other) if outgoing else (other, own)
        transfer = blank(
            TRANSFERS, transfer_id=transfer_id, ts=self._ts(cells), currency=currency,
            amount_minor=minor_units(amount, currency, self._amount_column(outgoing)),
            channel=self._channel(cells), reference=self._reference(cells),
            mcc=self._mcc(cells), **src.cells("src"), **dst.cells("dst"), **where.cells(),
        )  # fmt: skip
        return [(TRANSFERS, transfer), *own.rows, *other.rows]

    def _text(self, cells: dict[str, Any], column: str | None) -> str | None:
        return None if column is None else cell_text(cells.get(column), column)

    def _ts(self, cells: dict[str, Any]) -> datetime:
        spec = self.mapping.date
        value, moment = cells.get(spec.column), cells.get(spec.time_column or "")
        if isinstance(value, date) and isinstance(moment, time):  # Excel cells
            day = value.date() if isinstance(value, datetime) else value
            value = datetime.combine(day, moment)
        elif spec.time_column is not None:
            moment = self._text(cells, spec.time_column) or ""
            value = f"{self._text(cells, spec.column) or ''} {moment}".strip()
        return parse_time(value, spec.column, zone(spec.timezone), spec.format)

    def _number(self, cells: dict[str, Any], column: str) -> Decimal | None:
        value = cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            return to_decimal(value, column)
        spec = self.mapping.amount
        return parse_decimal(value, column, spec.decimal, spec.thousands)

    def _amount(self, cells: dict[str, Any]) -> tuple[Decimal, bool]:
        """The amount (positive) and whether it leaves the own account."""
        spec = self.mapping.amount
        if spec.column is not None:
            signed = self._number(cells, spec.column)
            if signed is None:
                raise FieldError(spec.column, "is missing")
            return abs(signed), (signed > 0) == spec.outgoing_positive and signed != 0
        debit, credit = (
            self._number(cells, spec.debit or ""),
            self._number(cells, spec.credit or ""),
        )
        if debit is not None and credit is None:
            return abs(debit), True
        if credit is not None and debit is None:
            return abs(credit), False
        raise FieldError(f"{spec.debit}/{spec.credit}", "exactly one must be filled")

    def _amount_column(self, outgoing: bool) -> str:
        spec = self.mapping.amount
        return spec.column or (spec.debit if outgoing else spec.credit) or "amount"

    def _currency(self, cells: dict[str, Any]) -> str:
        spec = self.mapping.currency
        value = spec.value if spec.column is None else self._text(cells, spec.column)
        return currency_code(value, spec.column or "currency")

    def _instrument(self, value: str, field: str, where: Where) -> tuple[str, Row]:
        if is_masked(value) or looks_like_card(value):
            return card(value, self.ctx.tokenizer, where, field)
        if looks_like_iban(value):
            return bank_account(where, field, iban=value)
        return bank_account(where, field, number=value, bank=self.mapping.bank)

    def _own(self, cells: dict[str, Any], where: Where) -> Side:
        spec = self.mapping.own_account
        if spec is None:
            value, field = self.ctx.options.get("account"), "option account"
        else:
            value = spec.value if spec.column is None else self._text(cells, spec.column)
            field = spec.column or "own_account"
        if not value:
            return Side(bank=self.mapping.bank)
        holder = self.ctx.options.get("holder")
        instrument = self._instrument(str(value), field, where)
        return with_holder(instrument, None if holder is None else str(holder), where)

    def _counterparty(
        self, cells: dict[str, Any], transfer_id: str, side: str, where: Where
    ) -> Side:
        spec = self.mapping.counterparty
        name = self._text(cells, spec.name)
        if value := self._card_text(cells, spec.card):
            found = card(value, self.ctx.tokenizer, where, spec.card or "card")
        elif value := self._text(cells, spec.iban):
            found = bank_account(
                where, spec.iban or "iban", iban=value, bic=self._text(cells, spec.bic)
            )
        elif value := self._text(cells, spec.account):
            bank = self._text(cells, spec.bic) or self._text(cells, spec.bank)
            found = bank_account(where, spec.account or "account", number=value, bic=bank)
        elif value := self._text(cells, spec.phone):
            found = phone(value, where, spec.phone or "phone")
        else:
            return named_only(name, transfer_id, side, where)
        return with_holder(found, name, where)

    def _card_text(self, cells: dict[str, Any], column: str | None) -> str | None:
        """A card number cell: text only (a spreadsheet keeps 15 digits of a number)."""
        value = None if column is None else cells.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise FieldError(str(column), "a card number stored as a number; store it as text")
        return self._text(cells, column)

    def _transfer_id(self, cells: dict[str, Any], own: Side, line: int) -> str:
        operation = self._text(cells, self.mapping.id)
        if operation is None:
            return stable_id("stmt", self.digest, line)
        return stable_id("stmt", self.mapping.name, own.instrument, operation)

    def _reference(self, cells: dict[str, Any]) -> str | None:
        parts = [self._text(cells, column) for column in self.mapping.reference]
        text = " | ".join(part for part in parts if part)
        return redact_pans(text) if text else None

    def _channel(self, cells: dict[str, Any]) -> str:
        spec = self.mapping.channel
        value = self._text(cells, spec.column) if spec.column else self._reference(cells)
        if value is not None and value in spec.values:
            return spec.values[value].value
        for rule in spec.patterns:
            if value is not None and re.search(rule.pattern, value, re.IGNORECASE):
                return rule.channel.value
        return spec.default.value

    def _mcc(self, cells: dict[str, Any]) -> str | None:
        value = self._text(cells, self.mapping.mcc)
        if value is not None and not _MCC.fullmatch(value):
            raise FieldError(self.mapping.mcc or "mcc", f"{shown(value)} is not a 4-digit MCC")
        return value
