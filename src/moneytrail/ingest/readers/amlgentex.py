"""AMLGentex `tx_log.parquet` into transfers and labels.

`step` is a day counted from `start` (option, default the generator's `base_date`,
2023-01-01); rows within a day keep their arrival order in `row`. Accounts become
instruments `<source>:<n>` (the source defaults to `amlgentex`). `nameOrig = -2` (the
external income source) and `nameDest = -1` (the external spending sink) are not accounts:
they land as the external instruments `<source>:source` and `<source>:sink`. `isSAR = 1`
gives a `laundering` label with the typology (`modelType`) and the pattern (`patternID`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from moneytrail.ingest import vector as v
from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.parallel import ordered_map
from moneytrail.ingest.readers.common import (
    LABELS,
    TRANSFERS,
    build,
    days_after,
    json_raws,
    label_rows,
    landed,
    rejects,
    split,
    start_micros,
)
from moneytrail.ingest.vector import numbered
from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA, Channel, InstrumentKind

COLUMNS = ("step", "type", "amount", "nameOrig", "nameDest", "bankOrig", "bankDest", "isSAR")
PATTERN = ("patternID", "modelType")
SOURCE, SINK = -2, -1
EXTERNAL_BANKS = pa.array(["source", "sink"])
DEFAULT_START = date(2023, 1, 1)
BATCH_ROWS = 1 << 19
TYPOLOGIES = {
    1: "fan_out",
    2: "fan_in",
    3: "cycle",
    4: "bipartite",
    5: "stack",
    6: "random",
    7: "scatter_gather",
    8: "gather_scatter",
}
CHANNELS = {
    "TRANSFER": Channel.BANK_TRANSFER.value,
    "CASH": Channel.ATM_CASH_OUT.value,
    "INITALBALANCE": Channel.CASH_DEPOSIT.value,
}


def parquet_columns(path: Path, head: bytes) -> set[str]:
    """The column names of a Parquet file (empty when it is not one)."""
    if not head.startswith(b"PAR1"):
        return set()
    try:
        return set(pq.read_schema(path).names)
    except (pa.ArrowInvalid, OSError):
        return set()


class AmlGentexReader:
    """AMLGentex `tx_log.parquet`."""

    name: ClassVar[str] = "amlgentex"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A Parquet file with AMLGentex's transaction columns."""
        return set(COLUMNS) <= parquet_columns(path, head)

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """Transfers and labels, in batches converted two at a time."""
        file = str(path)
        start = start_micros(ctx, DEFAULT_START)
        try:
            parquet = pq.ParquetFile(path)
            wanted = [*COLUMNS, *(c for c in PATTERN if c in parquet.schema_arrow.names)]
            batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=wanted)
        except (pa.ArrowInvalid, OSError) as exc:
            raise ReaderError(f"{file}: not a readable Parquet file: {exc}") from exc
        convert = partial(_converted, file=file, ctx=ctx, start=start)
        for items in ordered_map(convert, _numbered(batches)):
            yield from items


def _numbered(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.Table]:
    """Each batch as a table with its rows' 1-based numbers in `_row`."""
    offset = 0
    for batch in batches:
        table = pa.Table.from_batches([batch])
        yield table.append_column("_row", numbered(offset + 1, batch.num_rows))
        offset += batch.num_rows


def _converted(table: pa.Table, *, file: str, ctx: ReadContext, start: int) -> list[Item]:
    return list(_items(table, file, ctx, start))


def _items(table: pa.Table, file: str, ctx: ReadContext, start: int) -> Iterator[Item]:
    kind = pc.cast(table.column("type"), pa.string())
    table = table.set_column(table.column_names.index("type"), "type", kind)
    good, bad, reasons = split(table, _check(table))
    if bad.num_rows:
        yield rejects(TRANSFERS, file, bad.column("_row"), reasons, json_raws(bad.drop(["_row"])))
    transfers = _transfers(good, file, ctx, start)
    if item := landed(TRANSFERS, transfers):
        yield item
    sar = pc.equal(good.column("isSAR"), 1)
    labels = _labels(good.filter(sar), pc.filter(transfers.column("transfer_id"), sar), file, ctx)
    if item := landed(LABELS, labels):
        yield item


def _check(table: pa.Table) -> v.Column | None:
    checks = v.Checks(table.num_rows)
    step = table.column("step")
    checks.fail_where(pc.or_kleene(pc.is_null(step), pc.less(step, 0)), "step: not a day >= 0")
    checks.fail_where(
        pc.invert(pc.is_in(table.column("type"), pa.array(list(CHANNELS)))), "type: unknown"
    )
    checks.fail_where(v.bad_amount(table.column("amount"), 2), "amount: not an amount >= 0")
    for column, external in (("nameOrig", SOURCE), ("nameDest", SINK)):
        name = table.column(column)
        wrong = pc.and_kleene(pc.less(name, 0), pc.not_equal(name, external))
        checks.fail_where(pc.or_kleene(pc.is_null(name), wrong), f"{column}: not an account")
    sar = pc.is_in(table.column("isSAR"), pa.array([0, 1], pa.int8()))
    checks.fail_where(pc.invert(sar), "isSAR: not 0 or 1")
    return checks.reasons()


def _side(table: pa.Table, source: str, name: str, bank: str, external: int) -> dict[str, v.Column]:
    """Instrument, kind and bank of one end, worked out once per distinct account."""
    label = "source" if external == SOURCE else "sink"
    none = pa.scalar(None, pa.string())

    def ends(ids: pa.Array) -> pa.Table:
        outside = pc.equal(ids, external)
        named = pc.if_else(outside, f"{source}:{label}", v.prefixed(f"{source}:", ids))
        kinds = pc.if_else(outside, InstrumentKind.EXTERNAL.value, InstrumentKind.ACCOUNT.value)
        return pa.table({"instrument": named, "instrument_kind": kinds})

    mapped = v.by_distinct(table.column(name), ends)
    banks = v.by_distinct(
        pc.cast(table.column(bank), pa.string()),
        lambda names: pa.table({"bank": pc.if_else(pc.is_in(names, EXTERNAL_BANKS), none, names)}),
    )
    return {"bank": banks.column("bank"), **{n: mapped.column(n) for n in mapped.column_names}}


def _transfers(good: pa.Table, file: str, ctx: ReadContext, start: int) -> pa.Table:
    num, rows = good.num_rows, good.column("_row")
    currency = str(ctx.options.get("currency", "USD"))
    columns = {
        "transfer_id": v.prefixed(f"{ctx.source}:{ctx.file_id}:", rows),
        "ts": days_after(start, good.column("step")),
        "amount_minor": v.to_minor(good.column("amount"), MINOR_UNITS[currency]),
        "currency": v.constant(currency, num),
        "channel": v.lookup(good.column("type"), CHANNELS),
        "reference": good.column("type"),
        "source": v.constant(ctx.source, num),
        "file": v.constant(file, num),
        "row": rows,
    }
    for prefix, name, bank, external in (
        ("src", "nameOrig", "bankOrig", SOURCE),
        ("dst", "nameDest", "bankDest", SINK),
    ):
        for key, column in _side(good, ctx.source, name, bank, external).items():
            columns[f"{prefix}_{key}"] = column
    return build(TRANSFER_SCHEMA, columns, num)


def _labels(sar: pa.Table, ids: v.Column, file: str, ctx: ReadContext) -> pa.Table:
    extra: dict[str, v.Column] = {}
    if "modelType" in sar.column_names:
        names = {str(k): name for k, name in TYPOLOGIES.items()}
        extra["typology"] = v.lookup(pc.cast(sar.column("modelType"), pa.string()), names)
    if "patternID" in sar.column_names:
        extra["group_id"] = v.prefixed(f"{ctx.source}:", sar.column("patternID"))
    return label_rows(ids, "laundering", ctx.source, file, sar.column("_row"), **extra)
