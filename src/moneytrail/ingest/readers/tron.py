"""TRON TRC-20 transfers from TronGrid's JSON and Tronscan's CSV export.

JSON: what TronGrid's `/v1/accounts/{address}/transactions/trc20` answers
(`{"data": [{"transaction_id", "token_info": {"symbol", "address", "decimals"},
"block_timestamp" (ms), "from", "to", "type", "value"}], "meta": ...}`), one answer per file or
one per line, or the transfers alone as an array or JSON lines.

CSV (Tronscan's token-transfer export, comma-separated): `Txn Hash`, `Time(UTC)`
(`YYYY-MM-DD HH:MM:SS`), `From`, `To`, `Token` (symbol), `Amount` (token units, `.` decimal,
`,` thousands); optional `Block`, `Token Contract` and `Decimals` (needed for tokens other
than USDT, USDC and TRX).

Each transfer lands in `crypto_transfers`, in `transfers` when its asset is one moneytrail
counts in (USDT), and its two addresses as wallet instruments. Addresses are checked with
`check_tron`; `leg` is the transfer's order within its transaction in the file, and a
transfer seen twice in one file is rejected as a duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.emit import CRYPTO, INSTRUMENTS, TRANSFERS, Tables, reject
from moneytrail.ingest.jsondoc import json_items
from moneytrail.ingest.tabular import CSV_SUFFIXES, csv_header, read_csv
from moneytrail.ingest.values import (
    FieldError,
    from_epoch,
    parse_decimal,
    parse_time,
    require,
    scaled,
    shown,
    zone,
)
from moneytrail.model.crypto import TRANSFER_LEG, TRON, as_transfer, crypto_row, wallet_id
from moneytrail.model.ids.tron import check_tron
from moneytrail.model.record_schemas import instrument_row
from moneytrail.model.records import CryptoWalletRecord

KNOWN_TOKENS: dict[str, tuple[str | None, int]] = {
    "USDT": ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 6),
    "USDC": ("TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8", 6),
    "TRX": (None, 6),
}
"""Symbol → (contract, decimals) of tokens whose CSV rows need no `Decimals` column."""
CSV_REQUIRED = ("Txn Hash", "Time(UTC)", "From", "To", "Token", "Amount")
CSV_TIME = "%Y-%m-%d %H:%M:%S"
MAX_DECIMALS = 18
_TXID = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True, slots=True)
class Leg:
    """One token transfer as the sources give it, checked."""

    txid: str
    block: int | None
    ts: datetime
    sender: str
    receiver: str
    asset: str
    contract: str | None
    decimals: int
    amount: int


def _address(value: object, field: str) -> str:
    result = check_tron(require(value, field))
    if not result.valid or result.normalized is None:
        raise FieldError(field, f"{shown(value)} is not a TRON address: {result.reason}")
    return result.normalized


def _txid(value: object, field: str) -> str:
    text = require(value, field)
    if not _TXID.fullmatch(text):
        raise FieldError(field, f"{shown(text)} is not a 64-digit hex transaction id")
    return text.lower()


def _int(value: object, field: str, low: int = 0, high: int = 2**63 - 1) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldError(field, f"{shown(value)} is not a whole number from {low} to {high}")
    return value


def _object(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(field, f"{shown(value)} is not an object")
    return value


def from_grid(item: object) -> Leg:
    """A TronGrid TRC-20 transfer."""
    data = _object(item, "record")
    kind = data.get("type", "Transfer")
    if kind != "Transfer":
        raise FieldError("type", f"{shown(kind)} is not a transfer")
    token = _object(data.get("token_info"), "token_info")
    return Leg(
        txid=_txid(data.get("transaction_id"), "transaction_id"),
        block=None,
        ts=from_epoch(data.get("block_timestamp"), "block_timestamp", scale=1000),
        sender=_address(data.get("from"), "from"),
        receiver=_address(data.get("to"), "to"),
        asset=require(token.get("symbol"), "token_info.symbol").upper(),
        contract=_address(token.get("address"), "token_info.address"),
        decimals=_int(token.get("decimals"), "token_info.decimals", high=MAX_DECIMALS),
        amount=_int(data.get("value"), "value"),
    )


def _token(cells: dict[str, Any]) -> tuple[str, str | None, int]:
    symbol = require(cells.get("Token"), "Token").upper()
    contract, decimals = KNOWN_TOKENS.get(symbol, (None, None))
    if cells.get("Token Contract"):
        contract = _address(cells["Token Contract"], "Token Contract")
    if cells.get("Decimals"):
        decimals = _int(cells["Decimals"], "Decimals", high=MAX_DECIMALS)
    if decimals is None:
        raise FieldError(
            "Decimals", f"missing, and token {shown(symbol)} is not one moneytrail knows"
        )
    return symbol, contract, decimals


def from_tronscan(cells: dict[str, Any]) -> Leg:
    """A row of Tronscan's CSV export."""
    asset, contract, decimals = _token(cells)
    amount = parse_decimal(require(cells.get("Amount"), "Amount"), "Amount", thousands=",")
    if amount < 0:
        raise FieldError("Amount", f"{amount} is negative")
    block = cells.get("Block")
    return Leg(
        txid=_txid(cells.get("Txn Hash"), "Txn Hash"),
        block=_int(block.replace(",", ""), "Block") if block else None,
        ts=parse_time(cells.get("Time(UTC)"), "Time(UTC)", zone("UTC"), CSV_TIME).astimezone(UTC),
        sender=_address(cells.get("From"), "From"),
        receiver=_address(cells.get("To"), "To"),
        asset=asset,
        contract=contract,
        decimals=decimals,
        amount=scaled(amount, decimals, "Amount"),
    )


def leg_rows(
    leg: Leg, index: int, ctx: ReadContext, path: Path, line: int
) -> list[tuple[str, dict[str, Any]]]:
    """The crypto leg, its canonical transfer if it has one, and its two wallets."""
    where: dict[str, Any] = {"source": ctx.source, "file": str(path), "row": line}
    crypto = crypto_row(
        chain=TRON, txid=leg.txid, block=leg.block, ts=leg.ts, leg_kind=TRANSFER_LEG, leg=index,
        from_address=leg.sender, to_address=leg.receiver, asset=leg.asset,
        contract=leg.contract, decimals=leg.decimals, amount_minor=leg.amount, **where,
    )  # fmt: skip
    rows = [(CRYPTO, crypto)]
    if (transfer := as_transfer(crypto)) is not None:
        rows.append((TRANSFERS, transfer))
    for address in (leg.sender, leg.receiver):
        wallet = CryptoWalletRecord(
            id=wallet_id(TRON, address), address=address, chain=TRON, **where
        )
        rows.append((INSTRUMENTS, instrument_row(wallet)))
    return rows


Parse = Callable[[], Leg]
Source = Iterator[tuple[int, str, Parse | str]]
"""(line, raw text, how to parse the record or why it cannot be read)."""


def _json_records(path: Path) -> Source:
    for item in json_items(path, key="data"):
        if item.error is not None:
            yield item.line, item.raw, item.error
        elif isinstance(item.value, dict) and isinstance(item.value.get("data"), list):
            for element in item.value["data"]:  # one TronGrid answer per line
                yield item.line, repr(element), partial(from_grid, element)
        else:
            yield item.line, item.raw, partial(from_grid, item.value)


def _csv_records(path: Path) -> Source:
    for record in read_csv(path).records:
        yield record.line, record.raw, record.error or partial(from_tronscan, record.cells)


def _parsed(records: Source) -> Iterator[tuple[int, str, Leg | str]]:
    for line, raw, parse in records:
        try:
            yield line, raw, parse if isinstance(parse, str) else parse()
        except FieldError as exc:
            yield line, raw, str(exc)


@dataclass
class _Legs:
    """Leg numbers within each transaction, and the transfers seen (a repeat is a duplicate)."""

    seen: dict[tuple[object, ...], int] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)

    def number(self, leg: Leg, line: int) -> int | str:
        key = (leg.txid, leg.sender, leg.receiver, leg.contract, leg.asset, leg.amount)
        if key in self.seen:
            return f"transaction_id: duplicate of the transfer at line {self.seen[key]}"
        self.seen[key], index = line, self.count.get(leg.txid, 0)
        self.count[leg.txid] = index + 1
        return index


class TronReader:
    """TRON TRC-20 transfers: TronGrid JSON or Tronscan CSV."""

    name: ClassVar[str] = "tron"

    def sniff(self, path: Path, head: bytes) -> bool:
        """TronGrid JSON has `transaction_id` and `token_info`; the CSV has Tronscan's header."""
        if path.suffix.lower() in CSV_SUFFIXES:
            return set(CSV_REQUIRED) <= set(csv_header(head, "utf-8", ","))
        return b'"transaction_id"' in head and b'"token_info"' in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One leg per transfer; rejected rows name the field."""
        is_csv = path.suffix.lower() in CSV_SUFFIXES
        records = _csv_records(path) if is_csv else _json_records(path)
        tables, legs = Tables(), _Legs()
        for line, raw, leg in _parsed(records):
            index = leg if isinstance(leg, str) else legs.number(leg, line)
            if isinstance(index, str):
                yield reject(CRYPTO, path, line, index, raw)
            else:
                assert not isinstance(leg, str)
                yield from tables.add_all(leg_rows(leg, index, ctx, path, line))
        yield from tables.flush()
