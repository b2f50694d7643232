"""Staging: rows split by UTC day, file order kept within a day, bounded open files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.lake import writer
from moneytrail.lake.layout import Lake
from moneytrail.lake.tables import table_spec
from moneytrail.lake.writer import StagingWriter, split_by_day


def _times(days: list[int]) -> pa.Table:
    ts = [datetime(2024, 1, d, 23, 59, tzinfo=UTC) for d in days]
    return pa.table({"ts": pa.array(ts, pa.timestamp("us", tz="UTC")), "n": range(len(days))})


def _split(rows: pa.Table) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for day, part in split_by_day(rows, "ts"):
        found.setdefault(day, []).extend(part.column("n").to_pylist())
    return found


def test_days_in_order_keep_file_order(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _times([1, 1, 2, 1, 3, 3, 2])
    expected = {"2024-01-01": [0, 1, 3], "2024-01-02": [2, 6], "2024-01-03": [4, 5]}
    assert _split(rows) == expected
    monkeypatch.setattr(writer, "MAX_RUNS", 1)  # no order at all: sorted first, stably
    assert _split(rows) == expected


def test_staged_parts_hold_every_row_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "MAX_OPEN", 2)
    monkeypatch.setattr(writer, "ROW_GROUP", 3)
    spec = table_spec("labels")
    schema = spec.lake_schema
    staging = StagingWriter(Lake.at(tmp_path), "abc")
    for batch in range(4):
        rows: dict[str, list[object]] = {
            name: [f"{name}{batch}{i}" for i in range(5)] for name in schema.names
        }
        rows["row"] = list(range(batch * 5, batch * 5 + 5))
        rows["since"] = [None] * 5
        staging.write(spec, pa.Table.from_pydict(rows, schema=schema))
    staged = staging.close()
    assert all(path.name.startswith("part-abc-") for path in staged)
    read = pa.concat_tables(pq.read_table(tmp_path / "staging" / "abc" / p) for p in staged)
    assert sorted(read.column("row").to_pylist()) == list(range(20))
