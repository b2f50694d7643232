"""Cross-fitted training: folds, out-of-fold thresholds, blocks that need two hits."""

from __future__ import annotations

import numpy as np
import pytest

from moneytrail.detect.crossfit import BLOCK_HITS, fit_crossfitted, folds
from moneytrail.detect.errors import DetectError
from moneytrail.detect.metrics import roll_up
from moneytrail.detect.training import Matrix


def world(seed: int) -> Matrix:
    """Ten days: 20 droppers receive paid-in transfers that stand out on feature 0; 200
    ordinary accounts receive ordinary ones."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, int, float, int]] = []
    for day in range(10):
        for d in range(20):
            rows += [(f"drop{d}", 1, rng.normal(3.0, 0.5), day) for _ in range(2)]
        rows += [(f"acc{a}", 0, rng.normal(0.0, 1.0), day) for a in rng.integers(200, size=400)]
    dst = np.array([r[0] for r in rows], dtype=object)
    x = np.column_stack([[r[2] for r in rows], rng.normal(size=len(rows))])
    return Matrix(
        x=x,
        y=np.array([r[1] for r in rows]),
        period=np.array([float(r[3]) for r in rows]),
        src=np.array([f"payer{i % 300}" for i in range(len(rows))], dtype=object),
        dst=dst,
        transfer_id=np.array([f"t{i}" for i in range(len(rows))], dtype=object),
        features=["signal", "noise"],
    )


def test_folds_are_contiguous_blocks_of_periods() -> None:
    period = np.repeat(np.arange(10.0), 3)
    fold = folds(period, 5)
    assert fold.tolist() == np.repeat(np.arange(5), 6).tolist()
    assert (np.diff(fold) >= 0).all()


def test_one_period_cannot_be_cross_fitted() -> None:
    m = world(1)
    flat = Matrix(m.x, m.y, np.zeros(len(m.y)), m.src, m.dst, m.transfer_id, m.features)
    with pytest.raises(DetectError):
        fit_crossfitted(flat, "h")


def test_blocks_need_two_received_transfers_above_threshold() -> None:
    model = fit_crossfitted(world(1), "h")
    t = model.thresholds
    assert t.block_hits == BLOCK_HITS == 2
    assert 0.0 < t.review <= t.block <= 1.0
    assert len(model.metrics["rounds"]) == 5
    test = world(2)
    top = int(np.argmax(model.score(test.x)))  # an ordinary account gets one such transfer
    dst = np.append(test.dst, "acc7")
    scores = model.score(np.vstack([test.x, test.x[top]]))
    assert scores[-1] >= t.block  # one transfer alone would block it
    names, _, kth = roll_up(dst, np.append(test.y, 0), scores, t.block_hits)
    blocked = {a for a, s in zip(names, kth, strict=True) if s >= t.block}
    assert "acc7" not in blocked
    droppers = {f"drop{d}" for d in range(20)}
    assert blocked <= droppers
    assert len(blocked) >= len(droppers) // 2
