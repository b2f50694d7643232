"""Small hand-made transfer tables and the engines they run on."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest

from moneytrail.features.engine import Engine, duckdb_engine, spark_engine
from moneytrail.model.transfers import TRANSFER_SCHEMA

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

Row = tuple[str, float, int, str | None, str | None, str]
"""(transfer_id, minutes after T0, amount_minor, src, dst, channel)"""


def transfers(rows: Sequence[Row], parties: dict[str, str] | None = None) -> pa.Table:
    """A TRANSFER_SCHEMA table from short tuples; `parties` maps instrument → holder IIN."""
    holders = parties or {}
    cols: dict[str, list[object]] = {f.name: [] for f in TRANSFER_SCHEMA}
    for tid, minutes, amount, src, dst, channel in rows:
        values: dict[str, object] = {
            "transfer_id": tid,
            "ts": T0 + timedelta(minutes=minutes),
            "amount_minor": amount,
            "currency": "KZT",
            "channel": channel,
            "src_instrument": src,
            "dst_instrument": dst,
            "src_party": holders.get(src or ""),
            "dst_party": holders.get(dst or ""),
            "source": "test",
        }
        for name in cols:
            cols[name].append(values.get(name))
    return pa.table(cols, schema=TRANSFER_SCHEMA)


@pytest.fixture(scope="session")
def duck() -> Engine:
    """One DuckDB engine for the session."""
    return duckdb_engine()


@pytest.fixture(scope="session")
def spark() -> Iterator[Engine]:
    """One local Spark session for the whole run (it takes ~40 s to start)."""
    engine = spark_engine()
    yield engine
    engine.session.stop()
