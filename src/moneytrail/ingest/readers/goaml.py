"""goAML XML reports (UNODC goAML, schema 4.x-5.x): transactions, persons, entities, accounts.

Each `transaction` with a `t_from`/`t_from_my_client` and a `t_to`/`t_to_my_client` side is
one transfer: `transactionnumber` (its id is `goaml:<rentity_id>:<transactionnumber>`),
`date_transaction` (a time without zone is in `ctx.options["timezone"]`, default
Asia/Almaty), `amount_local` in the report's `currency_code_local`, `transmode_code` (the
channel; codes are national, unknown ones are bank transfers), and each side's account,
person or entity with its country. The report's metadata (report code, entity reference,
rentity id, transmode, reason) lead the transfer's `reference`. Multi-party transactions
(`involved_parties`) are rejected as not read yet. The subjects of an activity report
(`activity/report_parties/report_party`) land as parties and instruments.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.emit import INSTRUMENTS, PARTIES, TRANSFERS, Tables, blank, reject
from moneytrail.ingest.readers.goaml_parties import ACCOUNT_TAGS, subject_side
from moneytrail.ingest.redact import redact_pans
from moneytrail.ingest.sides import Side, Where
from moneytrail.ingest.values import (
    FieldError,
    currency_code,
    minor_units,
    option_zone,
    parse_decimal,
    parse_time,
    require,
)
from moneytrail.ingest.xmldoc import XmlDoc, parse, text
from moneytrail.model.transfers import Channel

TRANSMODES = {
    "A": Channel.CASH_DEPOSIT,
    "K": Channel.CASH_DEPOSIT,
    "CASH": Channel.CASH_DEPOSIT,
    "ATM": Channel.ATM_CASH_OUT,
    "C": Channel.CARD_PAYMENT,
    "CARD": Channel.CARD_PAYMENT,
    "P2P": Channel.P2P,
}
"""`transmode_code` → channel, for the codes whose meaning most national lookups share."""
SIDES = (("src", ("t_from_my_client", "t_from"), "from"), ("dst", ("t_to_my_client", "t_to"), "to"))
REASON_CHARS = 300


@dataclass(frozen=True, slots=True)
class Report:
    """The report's metadata every transfer carries in its reference."""

    rentity_id: str
    code: str
    reference: str
    reason: str | None
    currency: str | None

    def prefix(self, transmode: str | None) -> str:
        """`goAML STR STR-2026-0042, rentity 101, transmode ELCFT`."""
        mode = f", transmode {transmode}" if transmode else ""
        return f"goAML {self.code} {self.reference}, rentity {self.rentity_id}{mode}"


def _report(root: ET.Element, path: Path) -> Report:
    rentity, code = text(root, "rentity_id"), text(root, "report_code")
    if root.tag != "report" or rentity is None or code is None:
        raise ReaderError(f"{path}: not a goAML report (no report/rentity_id and report_code)")
    reason = text(root, "reason")
    return Report(
        rentity_id=rentity,
        code=code,
        reference=text(root, "entity_reference") or "",
        reason=reason[:REASON_CHARS] if reason else None,
        currency=text(root, "currency_code_local"),
    )


def _side(tx: ET.Element, tags: tuple[str, str], prefix: str, where: Where) -> Side:
    block = next((found for tag in tags if (found := tx.find(tag)) is not None), None)
    if block is None:
        raise FieldError(tags[1], "is missing")
    kinds = (f"{prefix}_account", f"{prefix}_person", f"{prefix}_entity")
    subject = next((c for c in block if c.tag in kinds), None)
    if subject is None:
        raise FieldError(block.tag, f"names no {', '.join(kinds)}")
    side = subject_side(subject, subject.tag, f"{block.tag}/{subject.tag}", where)
    return replace(side, country=text(block, f"{prefix}_country") or side.country)


@dataclass
class _Transactions:
    """Turns each `transaction` into a transfer and its sides' rows."""

    report: Report
    ctx: ReadContext
    path: Path
    tz: ZoneInfo
    seen: dict[str, int | None]

    def rows(self, tx: ET.Element, line: int | None) -> list[tuple[str, dict[str, Any]]]:
        if tx.find("involved_parties") is not None:
            raise FieldError("involved_parties", "multi-party transactions are not read yet")
        number = require(text(tx, "transactionnumber"), "transactionnumber")
        transfer_id = f"goaml:{self.report.rentity_id}:{number}"
        if transfer_id in self.seen:
            problem = f"{number!r} repeats the transaction at line {self.seen[transfer_id]}"
            raise FieldError("transactionnumber", problem)
        ts = parse_time(text(tx, "date_transaction"), "date_transaction", self.tz)
        amount = parse_decimal(require(text(tx, "amount_local"), "amount_local"), "amount_local")
        if amount < 0:
            raise FieldError("amount_local", f"{amount} is negative")
        currency = currency_code(self.report.currency, "currency_code_local")
        where = Where(self.ctx.source, str(self.path), line)
        src, dst = (_side(tx, tags, prefix, where) for _, tags, prefix in SIDES)
        self.seen[transfer_id] = line
        mode = text(tx, "transmode_code")
        transfer = blank(
            TRANSFERS, transfer_id=transfer_id, ts=ts, currency=currency,
            amount_minor=minor_units(amount, currency, "amount_local"),
            channel=TRANSMODES.get(mode or "", Channel.BANK_TRANSFER).value,
            reference=self._reference(tx, mode), **src.cells("src"), **dst.cells("dst"),
            **where.cells(),
        )  # fmt: skip
        return [(TRANSFERS, transfer), *src.rows, *dst.rows]

    def _reference(self, tx: ET.Element, mode: str | None) -> str:
        reference = self.report.prefix(mode)
        if description := text(tx, "transaction_description"):
            reference += f": {description}"
        if self.report.reason:
            reference += f"; reason: {self.report.reason}"
        return redact_pans(reference)


def _report_party(element: ET.Element, ctx: ReadContext, path: Path, line: int | None) -> Side:
    subject = next((c for c in element if len(c) and c.tag not in {"role"}), None)
    if subject is None:
        raise FieldError("report_party", "names no person, account or entity")
    where = Where(ctx.source, str(path), line)
    return subject_side(subject, subject.tag, f"report_party/{subject.tag}", where)


class GoamlReader:
    """goAML XML reports."""

    name: ClassVar[str] = "goaml"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """A `<report>` root with goAML's `rentity_id` in the first bytes."""
        return b"<report" in head and b"<rentity_id>" in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Transfers from transactions; parties and instruments from their sides and subjects."""
        doc = parse(path)
        report = _report(doc.root, path)
        tz = option_zone(ctx.options, path)
        tables, transactions = Tables(), _Transactions(report, ctx, path, tz, {})
        for tx in doc.root.iterfind("transaction"):
            try:
                rows = transactions.rows(tx, doc.line(tx))
            except (FieldError, ValueError) as exc:
                yield reject(TRANSFERS, path, doc.line(tx), f"transaction/{exc}", doc.raw(tx))
            else:
                yield from tables.add_all(rows)
        yield from self._subjects(doc, ctx, path, tables)
        yield from tables.flush()

    def _subjects(
        self, doc: XmlDoc, ctx: ReadContext, path: Path, tables: Tables
    ) -> Iterator[Item]:
        for element in doc.root.iterfind("activity/report_parties/report_party"):
            line = doc.line(element)
            try:
                side = _report_party(element, ctx, path, line)
            except (FieldError, ValueError) as exc:
                is_account = any(element.find(tag) is not None for tag in ACCOUNT_TAGS)
                table = INSTRUMENTS if is_account else PARTIES
                yield reject(table, path, line, str(exc), doc.raw(element))
            else:
                yield from tables.add_all(list(side.rows))
