"""A small AMLGentex-shaped file: random payments plus recurring fan-in laundering groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.features.engine import Engine, duckdb_engine


def amlgentex_like(path: Path, steps: int = 40, seed: int = 3) -> Path:
    """Write `tx_log.parquet` with the AMLGentex columns the loader reads."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, float, int, int, int]] = []
    for step in range(steps):
        for _ in range(60):
            a, b = rng.choice(80, size=2, replace=False)
            rows.append((step, float(rng.uniform(50, 900)), int(a), int(b), 0))
        rows.append((step, 300.0, -2, int(rng.integers(80)), 0))  # external income: dropped
        if step % 3 == 0:
            hub = 80 + step % 6
            for k in range(6):
                rows.append((step, float(rng.uniform(900, 990)), 90 + (step + k) % 12, hub, 1))
    step_, amount, orig, dest, sar = (list(col) for col in zip(*rows, strict=True))
    table = pa.table(
        {
            "step": pa.array(step_, pa.int32()),
            "type": ["TRANSFER"] * len(rows),
            "amount": amount,
            "nameOrig": pa.array(orig, pa.int32()),
            "nameDest": pa.array(dest, pa.int32()),
            "bankOrig": ["b"] * len(rows),
            "bankDest": ["b"] * len(rows),
            "isSAR": pa.array(sar, pa.int8()),
        }
    )
    out = path / "tx_log.parquet"
    pq.write_table(table, out)
    return out


@pytest.fixture(scope="session")
def agx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated file, once per run."""
    return amlgentex_like(tmp_path_factory.mktemp("agx"))


@pytest.fixture(scope="session")
def duck() -> Engine:
    """One DuckDB engine for the session."""
    return duckdb_engine()
