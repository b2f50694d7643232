"""IBM AMLworld transactions (`HI-Small_Trans.csv` and kin) into transfers and labels.

Columns: `Timestamp, From Bank, Account, To Bank, Account, Amount Received, Receiving
Currency, Amount Paid, Payment Currency, Payment Format, Is Laundering`. A row is one
transfer of the paid amount from `<source>:<bank>:<account>` to the other (the source
defaults to `amlworld`); times are UTC
to the minute. The payment format is kept in `reference`, with the received amount when
the currencies differ. `Is Laundering = 1` gives a `laundering` label on the transfer.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest import vector as v
from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.csvchunks import LINE, Chunk, chunks, read_header
from moneytrail.ingest.parallel import ordered_map
from moneytrail.ingest.readers.common import (
    LABELS,
    TRANSFERS,
    build,
    chunk_items,
    label_rows,
    landed,
    open_binary,
)
from moneytrail.model.transfers import TRANSFER_SCHEMA, Channel, InstrumentKind

HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
    "Amount Paid,Payment Currency,Payment Format,Is Laundering"
)
NAMES = (
    *("ts", "src_bank", "src_account", "dst_bank", "dst_account"),
    *("received", "received_currency", "paid", "paid_currency", "format", "laundering"),
)
TIME_FORMAT = "%Y/%m/%d %H:%M"
# Currency names as AMLworld writes them -> ISO 4217 (XBT-like assets by their ticker).
CURRENCIES = {
    "US Dollar": "USD",
    "Euro": "EUR",
    "Yuan": "CNY",
    "Yen": "JPY",
    "UK Pound": "GBP",
    "Rupee": "INR",
    "Ruble": "RUB",
    "Canadian Dollar": "CAD",
    "Australian Dollar": "AUD",
    "Swiss Franc": "CHF",
    "Mexican Peso": "MXN",
    "Brazil Real": "BRL",
    "Saudi Riyal": "SAR",
    "Shekel": "ILS",
    "Bitcoin": "BTC",
}
EXPONENTS = {
    code: ("0" if code == "JPY" else "8" if code == "BTC" else "2") for code in CURRENCIES.values()
}
CHANNELS = {
    "ACH": Channel.BANK_TRANSFER,
    "Wire": Channel.BANK_TRANSFER,
    "Cheque": Channel.BANK_TRANSFER,
    "Reinvestment": Channel.BANK_TRANSFER,
    "Credit Card": Channel.CARD_PAYMENT,
    "Cash": Channel.CASH_DEPOSIT,
    "Bitcoin": Channel.CRYPTO_TRANSFER,
}


class AmlWorldReader:
    """IBM AMLworld `*_Trans.csv`."""

    name: ClassVar[str] = "amlworld"

    def sniff(self, path: Path, head: bytes) -> bool:
        """The header line is AMLworld's."""
        del path
        return head.removeprefix(b"\xef\xbb\xbf").startswith(HEADER.encode())

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Transfers and labels, chunk by chunk."""
        file = str(path)
        with open_binary(path) as stream:
            if ",".join(read_header(stream, ",")) != HEADER:
                raise ReaderError(f"{file}: not an AMLworld transactions file (header differs)")
            convert = partial(_converted, file=file, ctx=ctx)
            for items in ordered_map(convert, chunks(stream, NAMES)):
                yield from items


def _converted(chunk: Chunk, *, file: str, ctx: ReadContext) -> list[Item]:
    return list(chunk_items(chunk, TRANSFERS, file, _parse, lambda good: _land(good, file, ctx)))


def _land(good: pa.Table, file: str, ctx: ReadContext) -> Iterator[Item]:
    transfers = _transfers(good, file, ctx)
    if item := landed(TRANSFERS, transfers):
        yield item
    positive = pc.equal(good.column("laundering"), "1")
    labels = label_rows(
        pc.filter(transfers.column("transfer_id"), positive),
        "laundering",
        ctx.source,
        file,
        pc.filter(good.column(LINE), positive),
    )
    if item := landed(LABELS, labels):
        yield item


def _parse(raw: pa.Table) -> tuple[pa.Table, v.Column | None]:
    """The raw columns with typed ones added, and the reasons to reject rows."""
    parsed = _typed(raw)
    return parsed, _check(raw, parsed)


def _typed(table: pa.Table) -> pa.Table:
    """The raw columns with typed ones added (nulls where a value does not parse)."""
    columns = {
        "ts_parsed": v.parse_timestamp(table.column("ts"), TIME_FORMAT),
        "paid_amount": v.parse_number(table.column("paid")),
        "received_amount": v.parse_number(table.column("received")),
        "currency": v.lookup(table.column("paid_currency"), CURRENCIES),
        "to_currency": v.lookup(table.column("received_currency"), CURRENCIES),
        "channel": v.lookup(table.column("format"), {k: c.value for k, c in CHANNELS.items()}),
    }
    for name, column in columns.items():
        table = table.append_column(name, column)
    exponent = pc.cast(v.lookup(table.column("currency"), EXPONENTS), pa.int64())
    return table.append_column("exponent", exponent)


def _check(raw: pa.Table, parsed: pa.Table) -> v.Column | None:
    checks = v.Checks(raw.num_rows)
    checks.fail_where(pc.is_null(parsed.column("ts_parsed")), "Timestamp: not YYYY/MM/DD HH:MM")
    for column, label in [("src_bank", "From Bank"), ("src_account", "From Account")]:
        checks.fail_where(v.blank(raw.column(column)), f"{label}: empty")
    for column, label in [("dst_bank", "To Bank"), ("dst_account", "To Account")]:
        checks.fail_where(v.blank(raw.column(column)), f"{label}: empty")
    checks.fail_where(pc.is_null(parsed.column("currency")), "Payment Currency: unknown")
    checks.fail_where(pc.is_null(parsed.column("to_currency")), "Receiving Currency: unknown")
    paid = v.bad_amount(parsed.column("paid_amount"), parsed.column("exponent"))
    checks.fail_where(paid, "Amount Paid: not an amount (a number >= 0 of sane size)")
    received = v.bad_amount(parsed.column("received_amount"), 0)
    checks.fail_where(received, "Amount Received: not an amount (a number >= 0 of sane size)")
    checks.fail_where(pc.is_null(parsed.column("channel")), "Payment Format: unknown")
    flag = pc.is_in(pc.utf8_trim_whitespace(raw.column("laundering")), pa.array(["0", "1"]))
    checks.fail_where(pc.invert(flag), "Is Laundering: not 0 or 1")
    return checks.reasons()


def _instrument(source: str, bank: v.Column, account: v.Column) -> v.Column:
    trim = pc.utf8_trim_whitespace
    return pc.binary_join_element_wise(source, trim(bank), trim(account), ":")


def _reference(good: pa.Table) -> v.Column:
    """The payment format, and what arrived when it arrived in another currency."""
    fmt = pc.utf8_trim_whitespace(good.column("format"))
    same = pc.equal(good.column("currency"), good.column("to_currency"))
    received = pc.binary_join_element_wise(
        fmt, "received", good.column("received"), good.column("to_currency"), " "
    )
    return pc.if_else(same, fmt, received)


def _transfers(good: pa.Table, file: str, ctx: ReadContext) -> pa.Table:
    num = good.num_rows
    lines = good.column(LINE)
    account = v.constant(InstrumentKind.ACCOUNT.value, num)
    crypto = pc.equal(good.column("currency"), "BTC")
    columns = {
        "transfer_id": v.prefixed(f"{ctx.source}:{ctx.file_id}:", lines),
        "ts": good.column("ts_parsed"),
        "amount_minor": v.to_minor(good.column("paid_amount"), good.column("exponent")),
        "currency": good.column("currency"),
        "chain": pc.if_else(crypto, "bitcoin", pa.scalar(None, pa.string())),
        "channel": good.column("channel"),
        "src_instrument": _instrument(
            ctx.source, good.column("src_bank"), good.column("src_account")
        ),
        "src_instrument_kind": account,
        "src_bank": pc.utf8_trim_whitespace(good.column("src_bank")),
        "dst_instrument": _instrument(
            ctx.source, good.column("dst_bank"), good.column("dst_account")
        ),
        "dst_instrument_kind": account,
        "dst_bank": pc.utf8_trim_whitespace(good.column("dst_bank")),
        "reference": _reference(good),
        "source": v.constant(ctx.source, num),
        "file": v.constant(file, num),
        "row": lines,
    }
    return build(TRANSFER_SCHEMA, columns, num)
