"""Rows of CSV, Excel (.xlsx) and Parquet files as records keyed by their header.

Each record knows its line (CSV: the line where it starts; Excel: the sheet row; Parquet:
the row number, 1-based) and its raw text. Bytes a CSV's encoding cannot decode spoil only
their record, which is marked with the column that holds them. A file that cannot be opened
at all, or lacks a header, raises `ReaderError`.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from moneytrail.ingest.contract import ReaderError

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
FIELD_LIMIT = 1 << 24
"""The longest CSV field read (16 MiB; the csv module's default is 128 KiB)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One data row: where it is, its cells by column name, its raw text, what is wrong."""

    line: int
    cells: dict[str, Any]
    raw: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    """A file's header (column names, stripped) and its records."""

    header: list[str]
    records: Iterator[Record]


def _names(row: Sequence[Any]) -> list[str]:
    return [("" if cell is None else str(cell)).strip().lstrip("\ufeff") for cell in row]


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding


def _undecodable(cells: dict[str, Any]) -> str | None:
    for column, value in cells.items():
        if isinstance(value, str):
            bad = next((ch for ch in value if "\udc80" <= ch <= "\udcff"), None)
            if bad is not None:
                byte = ord(bad) - 0xDC00
                return f"{column}: not valid text in the file's encoding (byte 0x{byte:02x})"
    return None


def _csv_record(
    header: list[str], line: int, row: list[str], raw: str, problem: str | None = None
) -> Record:
    if problem is not None:
        return Record(line, {}, raw, problem)
    if len(row) != len(header):
        problem = f"row: {len(row)} fields where the header has {len(header)}"
        return Record(line, {}, raw, problem)
    cells: dict[str, Any] = dict(zip(header, row, strict=True))
    return Record(line, cells, raw, _undecodable(cells))


@dataclass
class _Lines:
    """Physical lines fed one by one to a CSV reader; `next` can be moved back."""

    lines: list[str]
    next: int = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.next >= len(self.lines):
            raise StopIteration
        self.next += 1
        return self.lines[self.next - 1] + "\n"


def _csv_rows(text: str, delimiter: str, header_row: int) -> tuple[list[str], Iterator[Record]]:
    """The header and records. A bad record spanning lines (an unbalanced quote) is rejected
    on its first line only, and reading starts again on the next, so no record is lost."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    source = _Lines([line.removesuffix("\r") for line in text.split("\n")], header_row - 1)
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    header = _names(next(reader, []))
    if not any(header):
        raise ValueError(f"no header at line {header_row}")

    def records() -> Iterator[Record]:
        nonlocal reader
        while source.next < len(source.lines):
            start, problem = source.next, None
            try:
                row = next(reader)
            except csv.Error as exc:
                row, problem = [], f"row: {exc}"  # a quote left open at the end, say
            else:
                if not any(cell.strip() for cell in row):
                    continue
            raw = "\n".join(source.lines[start : source.next])
            record = _csv_record(header, start + 1, row, raw, problem)
            if record.error and not record.cells and source.next > start + 1:  # resynchronise
                source.next = start + 1
                reader = csv.reader(source, delimiter=delimiter, strict=True)
                record = Record(start + 1, {}, source.lines[start], record.error)
            yield record

    return header, records()


def read_csv(
    path: Path, encoding: str = "utf-8", delimiter: str = ",", header_row: int = 1
) -> Sheet:
    """The CSV's header (at line `header_row`) and records; undecodable bytes kept apart."""
    try:
        text = path.read_bytes().decode(_codec(encoding), errors="surrogateescape")
        header, records = _csv_rows(text, delimiter, header_row)
    except (LookupError, ValueError, csv.Error) as exc:
        raise ReaderError(f"{path}: cannot read as CSV: {exc}") from exc
    return Sheet(header, records)


def csv_header(head: bytes, encoding: str, delimiter: str, header_row: int = 1) -> list[str]:
    """The header of a CSV from its first bytes (empty if it cannot be read)."""
    try:
        text = head.decode(_codec(encoding), errors="replace")
        return _csv_rows(text, delimiter, header_row)[0]
    except (LookupError, ValueError, csv.Error):
        return []


def _cell_text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _dict_record(line: int, cells: dict[str, Any]) -> Record:
    raw = json.dumps({k: _cell_text(v) for k, v in cells.items()}, ensure_ascii=False, default=str)
    return Record(line, cells, raw)


_EXCEL_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    ParseError,
)


def _open_xlsx(path: Path, sheet: str | None, header_row: int) -> tuple[Any, list[str], Any]:
    """The workbook, the header at row `header_row`, and an iterator over the later rows."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        worksheet = book[sheet] if sheet else book.active
        if not isinstance(worksheet, ReadOnlyWorksheet):
            raise ValueError(f"sheet {sheet or 'active'} is not a worksheet")
        rows = worksheet.iter_rows(values_only=True)
        header = next((_names(r) for n, r in enumerate(rows, 1) if n == header_row), [])
    except _EXCEL_ERRORS as exc:
        raise ReaderError(f"{path}: cannot read as Excel: {exc}") from exc
    if not header:
        book.close()
        raise ReaderError(f"{path}: no header at row {header_row}")
    return book, header, rows


def read_xlsx(path: Path, sheet: str | None = None, header_row: int = 1) -> Sheet:
    """The header (at row `header_row`) and records of a worksheet (the active one by default).

    The workbook is opened again when the records are read, so that nothing stays open
    if they never are."""
    book, header, _ = _open_xlsx(path, sheet, header_row)
    book.close()

    def records() -> Iterator[Record]:
        book, _, rows = _open_xlsx(path, sheet, header_row)
        try:
            for number, row in enumerate(rows, start=header_row + 1):
                if any(cell is not None and str(cell).strip() for cell in row):
                    yield _dict_record(number, dict(zip(header, row, strict=False)))
        except _EXCEL_ERRORS as exc:
            raise ReaderError(f"{path}: cannot read as Excel: {exc}") from exc
        finally:
            book.close()

    return Sheet(header, records())


def read_parquet(path: Path) -> Sheet:
    """The columns and rows of a Parquet file (opened when the rows are read)."""
    try:
        names = list(pq.read_schema(path).names)
    except (pa.ArrowException, OSError) as exc:
        raise ReaderError(f"{path}: cannot read as Parquet: {exc}") from exc

    def records() -> Iterator[Record]:
        number = 0
        try:
            with pq.ParquetFile(path) as parquet:
                for batch in parquet.iter_batches():
                    for cells in batch.to_pylist():
                        number += 1
                        yield _dict_record(number, cells)
        except (pa.ArrowException, OSError) as exc:
            raise ReaderError(f"{path}: cannot read as Parquet after row {number}: {exc}") from exc

    return Sheet(names, records())


def header_of(path: Path, sheet: str | None = None, header_row: int = 1) -> list[str]:
    """The header of an Excel or Parquet file, empty if it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in PARQUET_SUFFIXES:
            return list(pq.read_schema(path).names)
        if suffix in XLSX_SUFFIXES:
            book, header, _ = _open_xlsx(path, sheet, header_row)
            book.close()
            return header
    except (ReaderError, pa.ArrowException, OSError):
        pass
    return []
