"""Bank statements in CSV, Excel (.xlsx) or Parquet, read through a column mapping.

The mapping is `ctx.options["mapping"]` (a shipped mapping's name or a YAML file's path);
without it, the first shipped mapping whose columns the file's header has. Each row is one
transfer between the own account and the counterparty (see `statement_rows`); a row that
fails is rejected naming the column. A file whose header lacks a mapped column, or that
cannot be opened, is unreadable (`ReaderError`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from moneytrail.ingest.contract import Item, ReadContext, ReaderError
from moneytrail.ingest.emit import TRANSFERS, Tables, file_digest, reject
from moneytrail.ingest.mapping import MappingError, StatementMapping, resolve_mapping
from moneytrail.ingest.mapping import shipped_mappings as shipped
from moneytrail.ingest.readers.statement_rows import StatementRows
from moneytrail.ingest.tabular import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    XLSX_SUFFIXES,
    Sheet,
    csv_header,
    header_of,
    read_csv,
    read_parquet,
    read_xlsx,
)
from moneytrail.ingest.values import FieldError

SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | PARQUET_SUFFIXES


def _header(path: Path, head: bytes, mapping: StatementMapping) -> list[str]:
    if path.suffix.lower() in CSV_SUFFIXES:
        return csv_header(head, mapping.encoding, mapping.delimiter, mapping.header_row)
    return header_of(path, mapping.sheet, mapping.header_row)


def detect_mapping(path: Path, head: bytes) -> StatementMapping | None:
    """The first shipped mapping whose columns the file's header has."""
    if path.suffix.lower() not in SUFFIXES:
        return None
    for mapping in shipped().values():
        if mapping.columns() <= set(_header(path, head, mapping)):
            return mapping
    return None


def open_sheet(path: Path, mapping: StatementMapping) -> Sheet:
    """The file's header and records, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, mapping.sheet, mapping.header_row)
    if suffix in PARQUET_SUFFIXES:
        return read_parquet(path)
    return read_csv(path, mapping.encoding, mapping.delimiter, mapping.header_row)


class StatementReader:
    """Bank statements through a declarative column mapping."""

    name: ClassVar[str] = "statement"

    def sniff(self, path: Path, head: bytes) -> bool:
        """A CSV, Excel or Parquet file whose header fits a shipped mapping."""
        return detect_mapping(path, head) is not None

    def mapping(self, path: Path, ctx: ReadContext) -> StatementMapping:
        """The mapping the options name, or the one the file's header fits."""
        option = ctx.options.get("mapping")
        try:
            if option is not None:
                return resolve_mapping(str(option))
            with path.open("rb") as handle:
                found = detect_mapping(path, handle.read(1 << 16))
        except (MappingError, OSError) as exc:
            raise ReaderError(f"{path}: {exc}") from exc
        if found is None:
            raise ReaderError(f"{path}: no statement mapping fits its header; name one")
        return found

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One transfer per row; rejected rows name the column."""
        mapping = self.mapping(path, ctx)
        sheet = open_sheet(path, mapping)
        if missing := sorted(mapping.columns() - set(sheet.header)):
            raise ReaderError(f"{path}: mapping {mapping.name!r}: no columns {missing}")
        rows, tables = StatementRows(mapping, ctx, path, ctx.file_id or file_digest(path)), Tables()
        for record in sheet.records:
            try:
                found = [] if record.error else rows.rows(record.cells, record.line)
            except FieldError as exc:
                yield reject(TRANSFERS, path, record.line, str(exc), record.raw)
            else:
                if record.error:
                    yield reject(TRANSFERS, path, record.line, record.error, record.raw)
                yield from tables.add_all(found)
        yield from tables.flush()
