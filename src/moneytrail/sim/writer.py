"""Deterministic Parquet and JSON Lines output: the same tables give the same bytes.

Parquet files are written with fixed options (format version, codec and level, dictionary
encoding, statistics, no page index or checksums) and fixed row-group sizes; pyarrow puts
no timestamp in the metadata, only the writer version and the Arrow schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ZSTD_LEVEL = 1


def _options(compression: str, dictionary: list[str] | None) -> dict[str, Any]:
    codec = None if compression == "none" else compression
    options: dict[str, Any] = {
        "version": "2.6",
        "compression": codec,
        "use_dictionary": True if dictionary is None else dictionary,
        "write_statistics": True,
        "data_page_version": "1.0",
    }
    if codec == "zstd":
        options["compression_level"] = ZSTD_LEVEL
    return options


class TableWriter:
    """One Parquet file, streamed in row groups of exactly `group_rows` rows.

    `dictionary` names the columns to dictionary-encode (all when None): leaving out the
    columns of unique values (ids, card numbers) saves much of the writing time.
    """

    def __init__(
        self,
        path: Path,
        schema: pa.Schema,
        group_rows: int,
        compression: str,
        dictionary: list[str] | None = None,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = schema
        self.group_rows = group_rows
        self._writer = pq.ParquetWriter(str(path), schema, **_options(compression, dictionary))
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        """Queue rows; full row groups go to the file."""
        if table.num_rows == 0:
            return
        self._buffer.append(table.select(self.schema.names).cast(self.schema))
        self._buffered += table.num_rows
        while self._buffered >= self.group_rows:
            self._flush(self.group_rows)

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        """Queue rows given as dicts."""
        if rows:
            self.write(pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> int:
        """Write what is left and close; the number of rows written."""
        if self._buffered:
            self._flush(self._buffered)
        self._writer.close()
        return self.rows

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _flush(self, count: int) -> None:
        merged = pa.concat_tables(self._buffer).combine_chunks()
        self._writer.write_table(merged.slice(0, count), row_group_size=count)
        rest = merged.slice(count)
        self._buffer = [rest] if rest.num_rows else []
        self._buffered = rest.num_rows
        self.rows += count


def write_table(
    path: Path,
    table: pa.Table,
    group_rows: int,
    compression: str,
    dictionary: list[str] | None = None,
) -> int:
    """A whole table to one Parquet file; the number of rows."""
    with TableWriter(path, table.schema, group_rows, compression, dictionary) as writer:
        writer.write(table)
    return int(table.num_rows)


class JsonLines:
    """A JSON Lines file written one object at a time (keys in the order given)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("w", encoding="utf-8", newline="\n")
        self.rows = 0

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append objects, one per line."""
        for row in rows:
            self._file.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            self.rows += 1

    def close(self) -> int:
        """Close the file; the number of lines."""
        self._file.close()
        return self.rows
