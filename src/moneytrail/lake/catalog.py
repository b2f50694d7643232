"""The DuckDB catalog: the manifest of committed ingests, and views over the Parquet tables.

The manifest is the commit point of an ingest: a part file is visible only once a row of
`ingests` carries its ingest id, so a view never shows what a killed ingest left behind.
Each view reads its table's files and keeps the rows of committed ingests; a table
without files is an empty view of the right columns. Connections are short, so that other
processes can open the catalog between commits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from moneytrail.lake.errors import LakeError
from moneytrail.lake.layout import Lake
from moneytrail.lake.tables import PARTITION, TABLES, TableSpec

MANIFEST = "ingests"
LOCK_WAIT_S = 30.0

_MANIFEST_DDL = f"""
CREATE TABLE IF NOT EXISTS {MANIFEST} (
    ingest_id VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL UNIQUE,
    file VARCHAR NOT NULL,
    format VARCHAR,
    source VARCHAR,
    status VARCHAR NOT NULL,
    started TIMESTAMPTZ NOT NULL,
    committed TIMESTAMPTZ NOT NULL,
    counts VARCHAR NOT NULL
)"""


@dataclass(frozen=True, slots=True)
class IngestEntry:
    """One committed file: its content hash, what read it, and what it landed."""

    ingest_id: str
    sha256: str
    file: str
    format: str | None
    source: str | None
    status: str  # "landed" | "failed"
    started: datetime
    committed: datetime
    counts: Mapping[str, Mapping[str, int]]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(lake: Lake, spec: TableSpec, committed: str = MANIFEST) -> str:
    """The SELECT of a table's committed rows (an empty typed SELECT when it has no files)."""
    date = f", CAST(NULL AS DATE) AS {PARTITION}" if spec.partition_by else ""
    if next(lake.part_files(spec), None) is None:
        return f"SELECT *{date} FROM _empty_{spec.name}"
    hive = "true, hive_types = {'date': DATE}" if spec.partition_by else "false"
    return (
        f"SELECT * FROM read_parquet({_quote(lake.glob(spec))}, hive_partitioning = {hive}) "
        f"WHERE ingest_id IN (SELECT ingest_id FROM {committed})"
    )


def create_empty_tables(con: duckdb.DuckDBPyConnection, temp: bool = False) -> None:
    """An empty table of each lake schema (`_empty_<table>`), for views of tables without files."""
    kind = "TEMP TABLE" if temp else "TABLE"
    for spec in TABLES:
        empty = pa.table({f.name: pa.array([], f.type) for f in spec.lake_schema})
        con.register("_schema", empty)
        con.execute(f"CREATE {kind} IF NOT EXISTS _empty_{spec.name} AS FROM _schema")
        con.unregister("_schema")


class Catalog:
    """The lake's `catalog.duckdb`, created with its manifest and views on first use."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        if not lake.catalog_path.exists():
            with self.connect() as con:
                self.refresh_views(con)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short connection, waiting up to `LOCK_WAIT_S` for another process to let go."""
        con = self._open(read_only)
        try:
            con.execute("SET TimeZone = 'UTC'")
            if not read_only:
                self._ensure(con)
            yield con
        finally:
            con.close()

    def committed(self) -> dict[str, str]:
        """Content hash -> ingest id of every committed file."""
        with self.connect(read_only=True) as con:
            return dict(con.execute(f"SELECT sha256, ingest_id FROM {MANIFEST}").fetchall())

    def entries(self) -> list[dict[str, Any]]:
        """The manifest, oldest first, counts decoded."""
        with self.connect(read_only=True) as con:
            cur = con.execute(f"SELECT * FROM {MANIFEST} ORDER BY committed, ingest_id")
            names = [d[0] for d in cur.description or ()]
            rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        return [row | {"counts": json.loads(row["counts"])} for row in rows]

    def record(self, entry: IngestEntry) -> None:
        """Commit an ingest: its manifest row and fresh views, in one transaction."""
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                f"INSERT INTO {MANIFEST} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    *(entry.ingest_id, entry.sha256, entry.file, entry.format, entry.source),
                    *(entry.status, entry.started, entry.committed, json.dumps(entry.counts)),
                ],
            )
            self.refresh_views(con)
            con.execute("COMMIT")

    def refresh_views(self, con: duckdb.DuckDBPyConnection) -> None:
        """(Re)create one view per table over its current files."""
        for spec in TABLES:
            con.execute(f"CREATE OR REPLACE VIEW {spec.name} AS {view_sql(self.lake, spec)}")

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                return duckdb.connect(str(self.lake.catalog_path), read_only=read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise LakeError(f"{self.lake.catalog_path}: cannot open: {exc}") from exc
                time.sleep(0.2)

    def _ensure(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(_MANIFEST_DDL)
        create_empty_tables(con)
