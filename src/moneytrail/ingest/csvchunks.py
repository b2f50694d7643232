"""Delimited text in chunks of whole lines, every value a string, every row with its line.

Each chunk is parsed by Arrow's multithreaded CSV parser when it is clean; a chunk with a
blank line (Arrow would skip it and so shift the line numbers), a row of the wrong width or
bytes that are not UTF-8 is parsed again line by line, so that every bad row is rejected
with its exact line and the good ones still land.
Values never span lines (quoted newlines are not supported: such a row is rejected).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

import pyarrow as pa
import pyarrow.csv as pcsv

from moneytrail.ingest.vector import numbered

LINE = "_line"
CHUNK_BYTES = 1 << 24


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that is not a row: its number, why, and its text."""

    line: int
    reason: str
    raw: str


@dataclass(slots=True)
class Chunk:
    """Rows of consecutive lines: string columns plus `_line`, and the lines that failed."""

    table: pa.Table
    bad: list[BadLine]
    data: bytes
    first_line: int
    _lines: list[bytes] | None = field(default=None, repr=False)

    def raw(self, line: int) -> str:
        """The text of one line of this chunk."""
        if self._lines is None:
            self._lines = self.data.split(b"\n")
        return decode(self._lines[line - self.first_line].rstrip(b"\r"))


def decode(raw: bytes) -> str:
    """Bytes as text, undecodable bytes kept as `\\xNN` escapes."""
    return raw.decode("utf-8", errors="backslashreplace")


def read_header(stream: IO[bytes], delimiter: str) -> list[str]:
    """The fields of the first line (a UTF-8 byte-order mark dropped)."""
    line = stream.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    return next(csv.reader([line], delimiter=delimiter), [])


def chunks(
    stream: IO[bytes],
    names: Sequence[str],
    *,
    delimiter: str = ",",
    first_line: int = 2,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[Chunk]:
    """The rest of the stream as chunks, lines numbered from `first_line`."""
    line, rest = first_line, b""
    while True:
        block = stream.read(chunk_bytes)
        data = rest + block
        if not data:
            return
        cut = data.rfind(b"\n") + 1 if block else len(data)
        if cut == 0:
            rest = data
            continue
        data, rest = data[:cut], data[cut:]
        yield _parse(data, line, names, delimiter)
        line += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _parse(data: bytes, first: int, names: Sequence[str], delimiter: str) -> Chunk:
    fast = _fast(data, names, delimiter) if _is_utf8(data) else None
    if fast is not None and fast.num_rows == data.count(b"\n") + (not data.endswith(b"\n")):
        lines = numbered(first, fast.num_rows)
        return Chunk(fast.append_column(LINE, lines), [], data, first)
    return _slow(data, first, names, delimiter)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fast(data: bytes, names: Sequence[str], delimiter: str) -> pa.Table | None:
    """Arrow's parse of a clean chunk; None at the first sign of trouble."""
    troubled = False

    def invalid(_row: pcsv.InvalidRow) -> str:
        nonlocal troubled
        troubled = True
        return "skip"

    try:
        table = pcsv.read_csv(
            io.BytesIO(data),
            read_options=pcsv.ReadOptions(column_names=list(names), block_size=1 << 22),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, invalid_row_handler=invalid),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
    except pa.ArrowInvalid:
        return None
    return None if troubled else table


def _slow(data: bytes, first: int, names: Sequence[str], delimiter: str) -> Chunk:
    """Line by line: each line a row of the right width, or a bad line."""
    columns: list[list[str]] = [[] for _ in names]
    lines: list[int] = []
    bad: list[BadLine] = []
    for number, raw in enumerate(data.split(b"\n"), start=first):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        fields, reason = _fields(raw, delimiter, len(names))
        if fields is None:
            bad.append(BadLine(number, reason, decode(raw)))
            continue
        lines.append(number)
        for column, value in zip(columns, fields, strict=True):
            column.append(value)
    arrays = [pa.array(column, pa.string()) for column in columns]
    table = pa.table([*arrays, pa.array(lines, pa.int64())], names=[*names, LINE])
    return Chunk(table, bad, data, first)


def _fields(raw: bytes, delimiter: str, width: int) -> tuple[list[str] | None, str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 at byte {exc.start}"
    try:
        fields = next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return None, f"malformed: {exc}"
    if len(fields) != width:
        return None, f"expected {width} fields, found {len(fields)}"
    return fields, ""
