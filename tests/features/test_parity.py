"""The same feature code gives the same numbers on DuckDB (SQLFrame) and on Spark."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.pipeline import feature_names, transfer_features
from tests.features.conftest import T0, Row, transfers

DAY = 60 * 24
ROWS: list[Row] = [
    ("01", 0, 1_500_000, "b1", "d", "p2p"),
    ("02", 5, 2_000_000, "b2", "d", "p2p"),
    ("03", 30, 3_400_000, "d", "t2", "p2p"),
    ("04", 90, 100_000, "t2", "d", "p2p"),
    ("05", DAY, 900_000, "d", None, "atm_cash_out"),
    ("06", 2 * DAY, 700_000, "b1", "x", "p2p"),
    ("07", 2 * DAY + 1, 700_000, "x", "y", "crypto_transfer"),
    ("08", 2 * DAY + 3, 600_000, "y", "b1", "p2p"),
    ("09", 9 * DAY, 50_000, "d", "b2", "p2p"),
    ("10", 9 * DAY + 0.6 / 60, 70_000, "b2", "d", "p2p"),  # 0.6 s later: both engines floor
]


KNOWN = pa.table({"instrument": ["t2", "x"], "since": [int(T0.timestamp()) + 3_600, 0]})
LINKS = pa.table(
    {
        "instrument": ["b1", "b2", "y", "d"],
        "kind": ["phone", "phone", "device", "iin"],
        "value": ["+77010000001", "+77010000001", "dev-1", "900101300001"],
    }
)


def _rows(engine: Engine) -> dict[str, dict[str, Any]]:
    frame = transfer_features(
        engine,
        engine.from_arrow(transfers(ROWS), "parity_in"),
        engine.from_arrow(KNOWN, "parity_known"),
        engine.from_arrow(LINKS, "parity_links"),
    )
    return {str(r["transfer_id"]): r for r in to_arrow(frame).to_pylist()}


@pytest.mark.slow
def test_duckdb_and_spark_agree(duck: Engine, spark: Engine) -> None:
    ours, theirs = _rows(duck), _rows(spark)
    assert ours.keys() == theirs.keys()
    assert ours["01"]["src_shared_phone"] == 1  # links and known requisites are exercised
    assert ours["07"]["src_known_self"] == 1
    for tid, row in ours.items():
        for name in feature_names():
            a, b = row[name], theirs[tid][name]
            if a is None or b is None:
                assert (a, b) == (None, None), (tid, name)
            else:
                assert math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9), (tid, name)
