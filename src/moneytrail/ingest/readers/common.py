"""What the column-wise readers share: building canonical tables and batches of rejects."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, TypeAlias, cast

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest.contract import REJECT_SCHEMA, Item, Landed, ReadContext, RejectedBatch
from moneytrail.ingest.csvchunks import LINE, BadLine, Chunk
from moneytrail.ingest.schemas import LABEL_SCHEMA
from moneytrail.ingest.vector import Column, constant

TRANSFERS, LABELS, INSTRUMENTS = "transfers", "labels", "instruments"


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, gunzipped when its name ends in `.gz`."""
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def build(schema: pa.Schema, columns: Mapping[str, Column], num_rows: int) -> pa.Table:
    """A table of `schema` from the given columns, the others null."""
    arrays = [columns[f.name] if f.name in columns else pa.nulls(num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def split(table: pa.Table, reasons: Column | None) -> tuple[pa.Table, pa.Table, Column]:
    """The good rows, the bad rows, and the bad rows' reasons."""
    if reasons is None:
        return table, table.slice(0, 0), pa.array([], pa.string())
    bad = pc.is_valid(reasons)
    return table.filter(pc.invert(bad)), table.filter(bad), pc.filter(reasons, bad)


def rejects(
    table: str, file: str, lines: Column, reasons: Column, raws: Sequence[str | None]
) -> RejectedBatch:
    """Rejected rows of `table` as one batch."""
    num = len(raws)
    rows = pa.Table.from_arrays(
        [constant(file, num), lines, reasons, pa.array(raws, pa.string())], schema=REJECT_SCHEMA
    )
    return RejectedBatch(table, rows)


def bad_lines(table: str, file: str, bad: Iterable[BadLine]) -> RejectedBatch:
    """Lines that were not rows, as rejects of `table`."""
    items = list(bad)
    lines = pa.array([b.line for b in items], pa.int64())
    reasons = pa.array([b.reason for b in items], pa.string())
    return rejects(table, file, lines, reasons, [b.raw for b in items])


def json_raws(rows: pa.Table) -> list[str | None]:
    """Rows as JSON text, for the quarantine's `raw`."""
    return [json.dumps(row, default=str, ensure_ascii=False) for row in rows.to_pylist()]


def landed(table: str, rows: pa.Table) -> Landed | None:
    """A landed batch, or None when it is empty."""
    return Landed(table, rows) if rows.num_rows else None


def label_rows(
    subject_ids: Column, label: str, source: str, file: str, rows: Column, **extra: Any
) -> pa.Table:
    """`labels` rows: one `label` per subject (a transfer unless `subject_kind` says)."""
    num = len(subject_ids)
    kind = extra.pop("subject_kind", TRANSFERS[:-1])
    columns = {
        "subject_kind": constant(kind, num),
        "subject_id": subject_ids,
        "label": constant(label, num),
        "source": constant(source, num),
        "file": constant(file, num),
        "row": rows,
        **extra,
    }
    return build(LABEL_SCHEMA, columns, num)


Parse: TypeAlias = "Callable[[pa.Table], tuple[pa.Table, Column | None]]"
"""Typed columns added to a chunk's table, and each row's reason to reject it (or None)."""


def chunk_items(
    chunk: Chunk, table: str, file: str, parse: Parse, land: Callable[[pa.Table], Iterator[Item]]
) -> Iterator[Item]:
    """A chunk's bad lines and bad rows as rejects of `table`, its good rows through `land`."""
    if chunk.bad:
        yield bad_lines(table, file, chunk.bad)
    parsed, reasons = parse(chunk.table)
    good, bad, why = split(parsed, reasons)
    if bad.num_rows:
        raws = [chunk.raw(line) for line in bad.column(LINE).to_pylist()]
        yield rejects(table, file, bad.column(LINE), why, raws)
    yield from land(good)


DAY_US = 86_400_000_000


def start_micros(ctx: ReadContext, default: date) -> int:
    """The day that step 0 is (option `start`, ISO date), in microseconds since the epoch."""
    start = ctx.options.get("start", default)
    day = date.fromisoformat(start) if isinstance(start, str) else start
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return int(moment.timestamp()) * 1_000_000


def days_after(start: int, steps: Column) -> Column:
    """UTC timestamps `steps` days after `start` (microseconds)."""
    micros = pc.add(pc.multiply(pc.cast(steps, pa.int64()), DAY_US), start)
    return pc.cast(micros, pa.timestamp("us", tz="UTC"))
