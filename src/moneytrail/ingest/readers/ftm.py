"""FollowTheMoney JSON lines into parties, instruments and transfers.

Each line is checked (`moneytrail.model.ftm_io.check_entity`) and read with
`moneytrail.model.ftm_import.from_entity`, so entities moneytrail wrote come back exactly.
Person → a person party; Company, Organization and other legal entities → a company party;
BankAccount, CryptoWallet, UserAccount → instruments; Payment → a transfer (the inverse of
`transfer_payment`: `holder:`/`unknown:` payers become empty party cells, a side's kind,
bank and country come from its account when the file has it, a missing channel is a bank
transfer). An Ownership sets the holder of an account in the same file and lands no row of
its own. Other schemas are rejected. Rows carry this file's provenance (source, file, line).
A rejected line counts under the table its schema would fill (payments: `transfers`;
accounts, wallets, service accounts, Ownerships: `instruments`; all else, and a line with
no readable schema: `parties`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from followthemoney import EntityProxy, model

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.emit import INSTRUMENTS, PARTIES, TRANSFERS, Tables, blank
from moneytrail.ingest.emit import reject as rejected
from moneytrail.ingest.values import FieldError, currency_code, minor_units
from moneytrail.model.ftm_fields import FtmError
from moneytrail.model.ftm_import import from_entity
from moneytrail.model.ftm_io import check_jsonl
from moneytrail.model.ids.kz import check_bin
from moneytrail.model.record_schemas import COMPANY_KIND, instrument_row, party_row
from moneytrail.model.records import (
    BankAccountRecord,
    Instrument,
    PaymentRecord,
    PersonRecord,
    Record,
)
from moneytrail.model.transfers import Channel

INSTRUMENT_SCHEMAS = frozenset({"BankAccount", "CryptoWallet", "UserAccount", "Ownership"})
CHANNELS = frozenset(channel.value for channel in Channel)


_FTM_PROBLEMS = (
    (re.compile(r"missing required property '(\w+)'"), r"\1: required property is missing"),
    (re.compile(r"unknown property '(.*)' of (\w+)"), r"\1: not a property of \2"),
    (re.compile(r"property '(\w+)' is (.*)"), r"\1: \2"),
    (re.compile(r"missing id"), "id: is missing"),
    (re.compile(r"invalid id (.*)"), r"id: \1 is not valid"),
    (re.compile(r"unknown schema (.*)"), r"schema: \1 is unknown"),
    (re.compile(r"schema (\w+) is abstract"), r"schema: \1 is abstract"),
    (re.compile(r"properties is not an object"), "properties: is not an object"),
    (re.compile(r"not a JSON object"), "line: is not a JSON object"),
)


def named(problem: str) -> str:
    """An FtM check message with the property it is about first (`asset: ...`)."""
    for pattern, replacement in _FTM_PROBLEMS:
        if pattern.fullmatch(problem):
            return pattern.sub(replacement, problem)
    return problem if ": " in problem else f"entity: {problem}"


def table_of(schema: str | None) -> str:
    """The table a line of this schema fills (or would have filled)."""
    found = model.get(schema) if schema else None
    if schema in INSTRUMENT_SCHEMAS:
        return INSTRUMENTS
    if found is not None and found.is_a("Payment"):
        return TRANSFERS
    return PARTIES


def _numbers(entity: EntityProxy) -> list[str]:
    return [n for prop in ("innCode", "registrationNumber", "taxNumber") for n in entity.get(prop)]


def company_row(entity: EntityProxy) -> dict[str, Any]:
    """A legal entity other than a person, as a company party (a valid Kazakh BIN among its
    numbers goes in `bin`, as goAML's reader does)."""
    first = entity.first
    country = first("jurisdiction") or first("country")
    return blank(
        PARTIES, party_id=entity.id, party_kind=COMPANY_KIND, name=entity.caption,
        aliases=[n for n in entity.get("name") if n != entity.caption] + entity.get("alias"),
        bin=next((n for n in _numbers(entity) if check_bin(n).valid), None),
        nationality=country.upper() if country else None,
        phones=entity.get("phone"), emails=entity.get("email"), addresses=entity.get("address"),
    )  # fmt: skip


def _side(
    prefix: str, party: str | None, account: str | None, accounts: dict[str, Any]
) -> dict[str, Any]:
    row = accounts.get(account or "", {})
    return {
        f"{prefix}_party": party,
        f"{prefix}_instrument": account,
        f"{prefix}_instrument_kind": row.get("instrument_kind"),
        f"{prefix}_bank": row.get("bic") or row.get("bank_name"),
        f"{prefix}_country": row.get("country"),
    }


def transfer_row(payment: PaymentRecord, accounts: dict[str, Any]) -> dict[str, Any]:
    """The `TRANSFER_SCHEMA` row a Payment records; FieldError if it has no place there."""
    transfer_id = payment.transfer_id or payment.id
    currency = currency_code(payment.currency)
    channel = payment.channel or Channel.BANK_TRANSFER.value
    if channel not in CHANNELS:
        raise FieldError("channel", f"{channel!r} is not a channel moneytrail knows")
    own = {f"holder:{payment.payer_account_id}", f"unknown:{transfer_id}:src"}
    payer = None if payment.payer_id in own else payment.payer_id
    own = {f"holder:{payment.beneficiary_account_id}", f"unknown:{transfer_id}:dst"}
    payee = None if payment.beneficiary_id in own else payment.beneficiary_id
    return blank(
        TRANSFERS, transfer_id=transfer_id, ts=payment.ts, currency=currency,
        amount_minor=minor_units(payment.amount, currency), chain=payment.chain,
        channel=channel, mcc=payment.mcc, reference=payment.reference,
        source=payment.source, file=payment.file, row=payment.row,
        **_side("src", payer, payment.payer_account_id, accounts),
        **_side("dst", payee, payment.beneficiary_account_id, accounts),
    )  # fmt: skip


@dataclass
class _File:
    """What one file's lines hold, by line: records, company rows, Ownership links, problems."""

    records: dict[int, Record] = field(default_factory=dict)
    companies: dict[int, dict[str, Any]] = field(default_factory=dict)
    links: dict[int, tuple[str, str]] = field(default_factory=dict)
    line_of: dict[str, int] = field(default_factory=dict)
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)

    def add(self, line: int, data: dict[str, Any]) -> None:
        """Read one valid line."""
        entity = EntityProxy.from_dict(data)
        schema = entity.schema
        self.line_of[str(entity.id)] = line
        try:
            if schema.name == "Ownership":
                self.links[line] = (entity.first("owner") or "", entity.first("asset") or "")
            elif schema.is_a("LegalEntity") and schema.name != "Person":
                self.companies[line] = company_row(entity)
            else:
                self.records[line] = from_entity(entity)
        except FtmError as exc:
            self.problems[line] = (table_of(schema.name), str(exc))

    def _party_id(self, entity_id: str) -> str | None:
        line = self.line_of.get(entity_id, -1)
        if line in self.companies:
            return str(self.companies[line]["party_id"])
        record = self.records.get(line)
        return record.id if isinstance(record, PersonRecord) else None

    def link(self, line: int) -> None:
        """Set the holder an Ownership names on its account, or note why it cannot."""
        owner_id, asset_id = self.links[line]
        owner, account_line = self._party_id(owner_id), self.line_of.get(asset_id, -1)
        account = self.records.get(account_line)
        if owner is None or not isinstance(account, BankAccountRecord):
            self.problems[line] = (
                INSTRUMENTS,
                "Ownership: its owner or account is not in this file",
            )
        elif account.holder_id not in (None, owner):
            reason = f"Ownership: account {account.id} already has holder {account.holder_id}"
            self.problems[line] = (INSTRUMENTS, reason)
        else:
            self.records[account_line] = replace(account, holder_id=owner)


def _row(record: Record, accounts: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(record, PersonRecord):
        return PARTIES, party_row(record)
    if isinstance(record, PaymentRecord):
        return TRANSFERS, transfer_row(record, accounts)
    return INSTRUMENTS, instrument_row(record)


class FtmReader:
    """FollowTheMoney entities, one JSON object per line."""

    name: ClassVar[str] = "ftm"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """The first line is a JSON object with `schema`, `id` and `properties`."""
        first = head.lstrip().split(b"\n", 1)[0]
        keys = (b'"schema"', b'"properties"', b'"id"')
        return first.startswith(b"{") and all(key in first for key in keys)

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Rows in line order; invalid lines rejected with FtM's reasons."""
        raw = path.read_bytes().split(b"\n")
        found = _File()
        for check in check_jsonl(path):
            if check.data is None:
                reason = "; ".join(named(error) for error in check.errors)
                found.problems[check.line] = (table_of(check.schema), reason)
            else:
                found.add(check.line, check.data)
        for line in list(found.links):
            found.link(line)
        yield from self._land(found, ctx, path, raw)

    def _land(self, found: _File, ctx: ReadContext, path: Path, raw: list[bytes]) -> Iterator[Item]:
        where: dict[str, Any] = {"source": ctx.source, "file": str(path)}
        records = {n: replace(r, **where, row=n) for n, r in found.records.items()}
        accounts = {r.id: instrument_row(r) for r in records.values() if isinstance(r, Instrument)}
        tables = Tables()
        for line in sorted({*records, *found.companies, *found.problems}):
            text = raw[line - 1].decode("utf-8", errors="replace")
            if line in found.problems:
                table, reason = found.problems[line]
                yield rejected(table, path, line, reason, text)
                continue
            try:
                row = _row(records[line], accounts) if line in records else None
            except FieldError as exc:  # a Payment with no place in TRANSFER_SCHEMA
                yield rejected(TRANSFERS, path, line, str(exc), text)
                continue
            row = row or (PARTIES, found.companies[line] | where | {"row": line})
            yield from tables.add(*row)
        yield from tables.flush()
