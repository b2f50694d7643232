"""Landing files in the lake: detect, read, check, stage, commit; each file exactly once.

A file's content hash is its identity: a file committed before is skipped. Each file is
its own ingest: its rows are staged, then committed together with its manifest entry, so
a run killed at any point loses at most the file in progress, and running it again lands
that file once. A file no reader can read, or whose reader fails, is quarantined whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from moneytrail.ingest.conform import conform
from moneytrail.ingest.contract import (
    REJECT_SCHEMA,
    Item,
    Landed,
    ReadContext,
    Reader,
    Rejected,
    RejectedBatch,
)
from moneytrail.ingest.readers import detect, reader_named
from moneytrail.ingest.redact import redact_column
from moneytrail.ingest.vector import constant
from moneytrail.lake.catalog import Catalog, IngestEntry
from moneytrail.lake.commit import commit, discard, recover, writer_lock
from moneytrail.lake.layout import Lake
from moneytrail.lake.report import FileResult, Report
from moneytrail.lake.sources import Source, expand
from moneytrail.lake.tables import INGEST_ID, QUARANTINE, table_spec
from moneytrail.lake.writer import StagingWriter
from moneytrail.model.ids.base import Tokenizer

WHOLE_FILE = "file"
"""The quarantine's `table` for a file rejected as a whole."""
PENDING_REJECTS = 10_000
"""Single `Rejected` items are gathered into batches of this many."""


class Progress(Protocol):
    """Where a run reports how far it got."""

    def start_file(self, path: Path, index: int, total: int) -> None: ...
    def rows(self, count: int) -> None: ...
    def end_file(self, result: FileResult) -> None: ...


class _Quiet:
    def start_file(self, path: Path, index: int, total: int) -> None: ...
    def rows(self, count: int) -> None: ...
    def end_file(self, result: FileResult) -> None: ...


@dataclass(frozen=True, slots=True)
class LandOptions:
    """How to read: the tokenizer, a forced format, a source name, reader options."""

    tokenizer: Tokenizer
    format: str | None = None
    source: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


def land(
    paths: Iterable[Path], lake_dir: Path, opts: LandOptions, progress: Progress | None = None
) -> Report:
    """Ingest files and directories into the lake at `lake_dir`."""
    forced = reader_named(opts.format) if opts.format else None
    sources = list(expand(paths))
    lake = Lake.at(lake_dir)
    report, shown = Report(str(lake.root)), progress or _Quiet()
    with writer_lock(lake):
        catalog = Catalog(lake)
        recover(lake, catalog)
        committed = catalog.committed()
        for index, source in enumerate(sources):
            shown.start_file(source.path, index, len(sources))
            result = _land_file(lake, catalog, source, forced, opts, committed, shown)
            if result.status in ("landed", "failed") and result.sha256 and result.ingest_id:
                committed[result.sha256] = result.ingest_id
            report.files.append(result)
            shown.end_file(result)
    return report


def _land_file(
    lake: Lake,
    catalog: Catalog,
    source: Source,
    forced: Reader | None,
    opts: LandOptions,
    committed: Mapping[str, str],
    progress: Progress,
) -> FileResult:
    result = FileResult(str(source.path), "landed", sha256=source.sha256())
    sha = result.sha256 or ""
    if sha in committed:
        result.status, result.ingest_id = "skipped", committed[sha]
        return result
    reader = forced or detect(source.path, source.head())
    if reader is None and not source.explicit:
        result.status = "unknown"
        return result
    started, result.ingest_id = datetime.now(UTC), sha[:16]
    result.format = reader.name if reader else None
    try:
        if reader is None:
            raise _UnreadableError("no reader recognises this file; name its format with --format")
        ctx = ReadContext(opts.tokenizer, opts.source or reader.name, dict(opts.options), sha[:12])
        staged = _read_all(lake, reader.read(source.path, ctx), result, progress)
    except Exception as exc:  # the file is the unit of failure: it alone is quarantined
        discard(lake, result.ingest_id)
        staged = _fail(lake, result, exc)
    commit(lake, catalog, _entry(result, opts, started), staged)
    return result


def _entry(result: FileResult, opts: LandOptions, started: datetime) -> IngestEntry:
    """The manifest row of a file read."""
    return IngestEntry(
        ingest_id=result.ingest_id or "",
        sha256=result.sha256 or "",
        file=result.path,
        format=result.format,
        source=opts.source or result.format,
        status=result.status,
        started=started,
        committed=datetime.now(UTC),
        counts={name: c.to_json() for name, c in result.counts.items()},
    )


class _UnreadableError(Exception):
    """No reader for an explicitly named file."""


def _read_all(
    lake: Lake, items: Iterable[Item], result: FileResult, progress: Progress
) -> list[Path]:
    writer = StagingWriter(lake, result.ingest_id or "")
    try:
        pending: list[Rejected] = []
        for item in items:
            if isinstance(item, Rejected):
                pending.append(item)
                if len(pending) >= PENDING_REJECTS:
                    for batch in _batches(pending):
                        _quarantine(writer, result, batch)
                    pending = []
                continue
            _store(writer, result, item)
            progress.rows(item.rows.num_rows)
        for batch in _batches(pending):
            _quarantine(writer, result, batch)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


def _store(writer: StagingWriter, result: FileResult, item: Landed | RejectedBatch) -> None:
    if isinstance(item, RejectedBatch):
        _quarantine(writer, result, item)
        return
    good, bad = conform(item, result.path)
    spec = table_spec(item.table)
    ingest = constant(writer.ingest_id, good.num_rows)
    writer.write(spec, pa.Table.from_arrays([*good.columns, ingest], schema=spec.lake_schema))
    result.count(item.table).landed += good.num_rows
    if bad is not None:
        _quarantine(writer, result, bad)


def _batches(pending: list[Rejected]) -> list[RejectedBatch]:
    tables = sorted({r.table for r in pending})
    return [_batch([r for r in pending if r.table == t]) for t in tables]


def _batch(rejected: list[Rejected]) -> RejectedBatch:
    """Single rejects of one table as one batch."""
    rows = pa.Table.from_pylist(
        [{"file": r.file, "line": r.line, "reason": r.reason, "raw": r.raw} for r in rejected],
        schema=REJECT_SCHEMA,
    )
    return RejectedBatch(rejected[0].table, rows)


def _quarantine(writer: StagingWriter, result: FileResult, batch: RejectedBatch) -> None:
    num = batch.rows.num_rows
    if not num:
        return
    rows = batch.rows
    table = pa.table(
        {
            "table": constant(batch.table, num),
            "file": rows.column("file"),
            "line": rows.column("line"),
            "reason": rows.column("reason"),
            "raw": redact_column(rows.column("raw")),
            INGEST_ID: constant(writer.ingest_id, num),
        }
    )
    writer.write(table_spec(QUARANTINE), table.cast(table_spec(QUARANTINE).lake_schema))
    result.count(batch.table).quarantined += num


def _fail(lake: Lake, result: FileResult, exc: Exception) -> list[Path]:
    """The file quarantined whole: one row naming why, nothing else of it kept."""
    result.status, result.counts = "failed", {}
    result.error = str(exc) if isinstance(exc, _UnreadableError) else f"{type(exc).__name__}: {exc}"
    writer = StagingWriter(lake, result.ingest_id or "")
    rows = pa.table(
        {"file": [result.path], "line": [None], "reason": [result.error], "raw": [None]},
        schema=REJECT_SCHEMA,
    )
    _quarantine(writer, result, RejectedBatch(WHOLE_FILE, rows))
    result.counts = {}
    return writer.close()
