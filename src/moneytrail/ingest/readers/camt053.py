"""ISO 20022 camt.053 bank-to-customer statements (`BkToCstmrStmt`), versions 001.02 to 001.13.

Per statement the own account (`Acct/Id/IBAN` or `Othr/Id`, its owner and servicer); per
entry (`Ntry`) one transfer, or one per `TxDtls` of a batch entry: amount (`TxDtls/Amt`,
`AmtDtls/TxAmt/Amt`, else the entry's `Amt` with its `Ccy`), `CdtDbtInd` (DBIT: from the own
account to the creditor; CRDT: from the debtor to it), time (`BookgDt`, else `ValDt`; a date
alone is midnight in `ctx.options["timezone"]`, default Asia/Almaty), the counterparty from
`RltdPties` (`Dbtr`/`Cdtr` name, in v08+ under `Pty`, and account) and `RltdAgts` (BIC), the
reference from `RmtInf/Ustrd` (else `AddtlNtryInf`) and `Refs/EndToEndId`, the channel from
`BkTxCd`. Entries not booked (`Sts` other than BOOK) are rejected. The transfer id is derived
from the own account, `AcctSvcrRef` (else `NtryRef`, else the file and line) and the
position in a batch.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.emit import TRANSFERS, Tables, blank, file_digest, reject, stable_id
from moneytrail.ingest.redact import redact_pans
from moneytrail.ingest.sides import Side, Where, bank_account, named_only, with_holder
from moneytrail.ingest.values import (
    FieldError,
    currency_code,
    minor_units,
    option_zone,
    parse_decimal,
    parse_time,
)
from moneytrail.ingest.xmldoc import XmlDoc, parse, text
from moneytrail.model.transfers import Channel

NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})")
CHANNEL_BY_CODE = {
    "CWDL": Channel.ATM_CASH_OUT,
    "CDPT": Channel.CASH_DEPOSIT,
    "POSD": Channel.CARD_PAYMENT,
    "CCRD": Channel.CARD_PAYMENT,
    "MCRD": Channel.CARD_PAYMENT,
}
"""Bank transaction codes (sub-family first, then family) → channel; else bank transfer."""
SIDE_ROLES = {"DBIT": ("Cdtr", "dst"), "CRDT": ("Dbtr", "src")}


def _first(element: ET.Element | None, *paths: str) -> str | None:
    for path in paths:
        if (found := text(element, path)) is not None:
            return found
    return None


def _own_side(stmt: ET.Element, where: Where) -> tuple[Side, str | None]:
    """The statement's account and its currency."""
    account = stmt.find("Acct")
    bic = _first(account, "Svcr/FinInstnId/BICFI", "Svcr/FinInstnId/BIC")
    instrument = bank_account(
        where, "Acct/Id",
        iban=text(account, "Id/IBAN"), number=text(account, "Id/Othr/Id"),
        bic=bic, bank=text(account, "Svcr/FinInstnId/Nm"), currency=text(account, "Ccy"),
    )  # fmt: skip
    return with_holder(instrument, text(account, "Ownr/Nm"), where), text(account, "Ccy")


def _amount(tx: ET.Element | None, entry: ET.Element, alone: bool) -> tuple[int, str]:
    found = None if tx is None else tx.find("Amt")
    if found is None and tx is not None:
        found = tx.find("AmtDtls/TxAmt/Amt")
    if found is None and alone:
        found = entry.find("Amt")
    if found is None or not (found.text or "").strip():
        raise FieldError("Amt", "is missing")
    currency = currency_code(found.get("Ccy"), "Amt/@Ccy")
    amount = parse_decimal((found.text or "").strip(), "Amt")
    if amount < 0:
        raise FieldError("Amt", f"{amount} is negative (the sign is in CdtDbtInd)")
    return minor_units(amount, currency, "Amt"), currency


def _checked_status(entry: ET.Element) -> None:
    status = _first(entry, "Sts/Cd", "Sts")
    if status is not None and status != "BOOK":
        raise FieldError("Sts", f"{status!r} entries are not booked")


def _direction(tx: ET.Element | None, entry: ET.Element) -> str:
    indicator = _first(tx, "CdtDbtInd") or _first(entry, "CdtDbtInd")
    if indicator not in SIDE_ROLES:
        raise FieldError("CdtDbtInd", f"{indicator!r} is neither CRDT nor DBIT")
    return indicator


def _channel(entry: ET.Element) -> str:
    codes = (text(entry, "BkTxCd/Domn/Fmly/SubFmlyCd"), text(entry, "BkTxCd/Domn/Fmly/Cd"))
    found = next((CHANNEL_BY_CODE[c] for c in codes if c in CHANNEL_BY_CODE), None)
    return (found or Channel.BANK_TRANSFER).value


def _reference(tx: ET.Element | None, entry: ET.Element) -> str | None:
    found = () if tx is None else tx.iterfind("RmtInf/Ustrd")
    lines = [e.text.strip() for e in found if e.text]
    info = " ".join(lines) or text(tx, "AddtlTxInf") or text(entry, "AddtlNtryInf")
    e2e = text(tx, "Refs/EndToEndId")
    parts = [info, f"EndToEndId {e2e}" if e2e and e2e != "NOTPROVIDED" else None]
    joined = " | ".join(p for p in parts if p)
    return redact_pans(joined) if joined else None


def _counterparty(tx: ET.Element | None, role: str, transfer_id: str, where: Where) -> Side:
    parties = None if tx is None else tx.find("RltdPties")
    name = _first(parties, f"{role}/Pty/Nm", f"{role}/Nm")
    iban, number = text(parties, f"{role}Acct/Id/IBAN"), text(parties, f"{role}Acct/Id/Othr/Id")
    side = "dst" if role == "Cdtr" else "src"
    if not iban and not number:
        return named_only(name, transfer_id, side, where)
    bic = _first(tx, f"RltdAgts/{role}Agt/FinInstnId/BICFI", f"RltdAgts/{role}Agt/FinInstnId/BIC")
    instrument = bank_account(where, f"RltdPties/{role}Acct", iban=iban, number=number, bic=bic)
    return with_holder(instrument, name, where)


class _Statement:
    """One `Stmt`: its own side, and how each entry becomes transfers."""

    def __init__(self, doc: XmlDoc, stmt: ET.Element, ctx: ReadContext, path: Path) -> None:
        self.doc, self.ctx, self.path = doc, ctx, path
        self.where = Where(ctx.source, str(path), doc.line(stmt))
        self.tz = option_zone(ctx.options, path)
        self.own, self.currency = _own_side(stmt, self.where)
        self.digest = ""

    def transfer_id(self, entry: ET.Element, index: int, line: int | None) -> str:
        ref = _first(entry, "AcctSvcrRef", "NtryRef")
        if ref is None:
            self.digest = self.digest or self.ctx.file_id or file_digest(self.path)
            return stable_id("camt053", self.digest, line)
        return stable_id("camt053", self.own.instrument, ref, index)

    def rows(self, entry: ET.Element, tx: ET.Element | None, index: int) -> list[Any]:
        """The transfer and its sides' rows for one transaction of an entry."""
        _checked_status(entry)
        line = self.doc.line(tx if tx is not None else entry)
        where = Where(self.ctx.source, str(self.path), line)
        alone = len(entry.findall("NtryDtls/TxDtls")) <= 1
        amount, currency = _amount(tx, entry, alone)
        direction = _direction(tx, entry)
        moment = _first(entry, "BookgDt/DtTm", "BookgDt/Dt", "ValDt/DtTm", "ValDt/Dt")
        ts = parse_time(moment, "BookgDt", self.tz)
        transfer_id = self.transfer_id(entry, index, line)
        role, other = SIDE_ROLES[direction]
        counterparty = _counterparty(tx, role, transfer_id, where)
        src, dst = (counterparty, self.own) if other == "src" else (self.own, counterparty)
        transfer = blank(
            TRANSFERS, transfer_id=transfer_id, ts=ts, amount_minor=amount, currency=currency,
            channel=_channel(entry), reference=_reference(tx, entry),
            **src.cells("src"), **dst.cells("dst"), **where.cells(),
        )  # fmt: skip
        return [(TRANSFERS, transfer), *self.own.rows, *counterparty.rows]


def _units(entry: ET.Element) -> list[ET.Element | None]:
    details: list[ET.Element | None] = list(entry.iterfind("NtryDtls/TxDtls"))
    return details or [None]


class Camt053Reader:
    """ISO 20022 camt.053 statements."""

    name: ClassVar[str] = "camt053"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """The camt.053 namespace in the first bytes."""
        return b"urn:iso:std:iso:20022:tech:xsd:camt.053.001." in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One transfer per entry or per transaction of a batch entry."""
        doc = parse(path)
        if not NAMESPACE.fullmatch(doc.namespace) or doc.root.find("BkToCstmrStmt") is None:
            raise ReaderError(f"{path}: not a camt.053 document (namespace {doc.namespace!r})")
        tables = Tables()
        for stmt in doc.root.iterfind("BkToCstmrStmt/Stmt"):
            yield from self._statement(doc, stmt, ctx, path, tables)
        yield from tables.flush()

    def _statement(
        self, doc: XmlDoc, stmt: ET.Element, ctx: ReadContext, path: Path, tables: Tables
    ) -> Iterator[Item]:
        try:
            statement = _Statement(doc, stmt, ctx, path)
        except (FieldError, ValueError) as exc:
            for entry in stmt.iterfind("Ntry"):
                for tx in _units(entry):
                    where = tx if tx is not None else entry
                    yield reject(TRANSFERS, path, doc.line(where), f"Stmt/{exc}", doc.raw(where))
            return
        for entry in stmt.iterfind("Ntry"):
            for index, tx in enumerate(_units(entry)):
                try:
                    rows = statement.rows(entry, tx, index)
                except FieldError as exc:
                    where = tx if tx is not None else entry
                    yield reject(TRANSFERS, path, doc.line(where), f"Ntry/{exc}", doc.raw(where))
                else:
                    yield from tables.add_all(rows)
