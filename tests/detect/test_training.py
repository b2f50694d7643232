"""Known requisites as raw per-transfer flags, against the proximity features of the matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from moneytrail.detect.datasets import load
from moneytrail.detect.training import (
    KNOWN_FLAGS,
    Matrix,
    cutoffs,
    known_before,
    known_flags,
    matrix,
)
from moneytrail.features.engine import Engine


def test_known_flags_equal_the_matrix_own_known_self(duck: Engine, agx_path: Path) -> None:
    ds = load(f"amlgentex:{agx_path}")
    val_start, _ = cutoffs(ds.labels["period"].to_numpy().astype(float))
    known = known_before(ds, val_start)
    m = matrix(duck, ds, known)
    t = ds.transfers.sort_by("transfer_id")["ts"].cast(pa.int64()).to_numpy() / 1e6
    flags = known_flags(m, t, known)
    assert flags.shape == (len(m.y), len(KNOWN_FLAGS))
    for col, end in enumerate(("src", "dst")):
        same = m.x[:, m.features.index(f"{end}_known_self")]
        assert np.array_equal(flags[:, col], same)
    assert flags[:, 1].sum() > 0
    assert flags[m.period == m.period.min()].sum() == 0  # known one day after, not before


def test_a_requisite_counts_from_its_since_on() -> None:
    m = Matrix(
        x=np.zeros((3, 1)),
        y=np.zeros(3, dtype=int),
        period=np.zeros(3),
        src=np.array(["a", "b", None], dtype=object),
        dst=np.array(["k", "k", "k"], dtype=object),
        transfer_id=np.array(["t0", "t1", "t2"], dtype=object),
        features=["f"],
    )
    known = pa.table({"instrument": ["k", "k", "a"], "since": [200, 100, 50]})
    flags = known_flags(m, np.array([99.9, 100.5, 300.0]), known)
    assert flags.tolist() == [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]
