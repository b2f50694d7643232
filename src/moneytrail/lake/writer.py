"""Writing one ingest's rows into its staging directory, split by day, in large row groups.

Rows are buffered per (table, day) and written when a buffer reaches `ROW_GROUP` rows or
all buffers together hold `MAX_BUFFERED`; each (table, day) gets one file per ingest unless
more than `MAX_OPEN` files are open, when the least recently used is closed and a new part
starts. Memory stays bounded by `MAX_BUFFERED` rows whatever the input size. Encoding and
compression run on one background thread (Arrow lets go of the GIL), so that the next
batch is read and checked meanwhile; at most `MAX_PENDING` writes wait for it.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from moneytrail.lake.layout import Lake, part_name, partition_dir
from moneytrail.lake.tables import TableSpec

ROW_GROUP = 1 << 19
MAX_BUFFERED = 1 << 21
MAX_OPEN = 256
MAX_PENDING = 2
MAX_RUNS = 4096
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 1

Key = tuple[str, str | None]


def split_by_day(rows: pa.Table, column: str) -> Iterator[tuple[str, pa.Table]]:
    """The rows of each UTC day of `column`, in runs of one day, file order kept within a day.

    Input in time order (or in a few ordered stretches) is cut into slices without copying;
    rows in no order are sorted by day first.
    """
    values = rows.column(column)
    if pa.types.is_timestamp(values.type):
        values = pc.cast(values, pa.timestamp("us", tz="UTC"))
    days = _day_numbers(values)
    starts = np.flatnonzero(np.diff(days)) + 1
    if len(starts) > MAX_RUNS:
        order = np.argsort(days, kind="stable")
        rows, days = rows.take(pa.array(order)), days[order]
        starts = np.flatnonzero(np.diff(days)) + 1
    bounds = [0, *starts.tolist(), len(days)]
    for start, end in itertools.pairwise(bounds):
        yield _iso_day(int(days[start])), rows.slice(start, end - start)


def _day_numbers(values: pa.ChunkedArray | pa.Array) -> np.ndarray[Any, np.dtype[np.int32]]:
    """Days since 1970-01-01 of dates or UTC timestamps."""
    days = pc.cast(pc.cast(values, pa.date32()), pa.int32())
    return np.asarray(days.to_numpy() if isinstance(days, pa.ChunkedArray) else days, np.int32)


def _iso_day(number: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=number)).isoformat()


def dictionary_columns(schema: pa.Schema) -> list[str]:
    """String columns worth dictionary encoding: all but a leading id, unique per row."""
    names = [f.name for f in schema if pa.types.is_string(f.type)]
    first = schema.names[0]
    return [n for n in names if not (n == first and n.endswith("_id"))]


class StagingWriter:
    """Parquet parts of one ingest under `staging/<ingest>/`, as the lake will lay them out."""

    def __init__(self, lake: Lake, ingest_id: str) -> None:
        self.root = lake.staging_dir / ingest_id
        self.ingest_id = ingest_id
        self._buffers: dict[Key, list[pa.Table]] = {}
        self._buffered: dict[Key, int] = {}
        self._open: OrderedDict[Key, pq.ParquetWriter] = OrderedDict()
        self._schemas: dict[str, pa.Schema] = {}
        self._seq = 0
        self.files: list[Path] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet")
        self._pending: deque[Future[None]] = deque()

    def write(self, spec: TableSpec, rows: pa.Table) -> None:
        """Buffer rows already in the table's lake schema."""
        if rows.num_rows == 0:
            return
        self._schemas[spec.name] = spec.lake_schema
        parts = split_by_day(rows, spec.partition_by) if spec.partition_by else [(None, rows)]
        for day, chunk in parts:
            key = (spec.name, day)
            self._buffers.setdefault(key, []).append(chunk)
            self._buffered[key] = self._buffered.get(key, 0) + chunk.num_rows
            if self._buffered[key] >= ROW_GROUP:
                self._flush(key)
        while sum(self._buffered.values()) > MAX_BUFFERED:
            self._flush(max(self._buffered, key=self._buffered.__getitem__))

    def close(self) -> list[Path]:
        """Write what is buffered, close every file; the staged files, relative to the root."""
        for key in list(self._buffers):
            self._flush(key)
        for writer in self._open.values():
            self._submit(writer.close)
        self._open.clear()
        while self._pending:
            self._pending.popleft().result()
        self._pool.shutdown()
        return [path.relative_to(self.root) for path in self.files]

    def abort(self) -> None:
        """Close every file without writing what is buffered (the staging is discarded)."""
        self._buffers.clear()
        self._buffered.clear()
        self._pool.shutdown(cancel_futures=True)
        self._pending.clear()
        for writer in self._open.values():
            with contextlib.suppress(OSError):
                writer.close()
        self._open.clear()

    def _submit(self, job: Callable[..., Any], *args: Any) -> None:
        """Run a job on the writing thread; wait (and raise its error) when too many wait."""
        self._pending.append(self._pool.submit(job, *args))
        while len(self._pending) > MAX_PENDING:
            self._pending.popleft().result()

    def _flush(self, key: Key) -> None:
        chunks = self._buffers.pop(key, [])
        self._buffered.pop(key, None)
        if chunks:
            self._submit(self._writer(key).write_table, pa.concat_tables(chunks), ROW_GROUP)

    def _writer(self, key: Key) -> pq.ParquetWriter:
        writer = self._open.get(key)
        if writer is not None:
            self._open.move_to_end(key)
            return writer
        if len(self._open) >= MAX_OPEN:
            self._submit(self._open.popitem(last=False)[1].close)
        table, day = key
        path = self.root / table / partition_dir(day) / part_name(self.ingest_id, self._seq)
        self._seq += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(path)
        schema = self._schemas[table]
        writer = pq.ParquetWriter(
            path,
            schema,
            compression=COMPRESSION,
            compression_level=COMPRESSION_LEVEL,
            use_dictionary=dictionary_columns(schema),
        )
        self._open[key] = writer
        return writer
