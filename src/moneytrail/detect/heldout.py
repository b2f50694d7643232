"""Train on one simulated world, judge droppers on another world of a different seed.

The held-out world is scored with the model and thresholds of the first; an account is
blocked when its highest transfer score reaches the block threshold, and the blocked
accounts are checked against the world's ground-truth roles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from moneytrail.detect.datasets import Dataset, load_sim
from moneytrail.detect.evaluate import fit, report
from moneytrail.detect.training import cutoffs, data_hash, known_before, matrix
from moneytrail.features.engine import Engine

DROPPER_ROLES = ("drop_t1", "drop_t2", "cash_out", "foreign_drop")


def roles(world: Path) -> dict[str, str]:
    """Ground-truth role of every card (clear PAN) and account (IBAN) of a world."""
    sql = """
        SELECT pan AS instrument, role FROM read_parquet(?)
        UNION ALL SELECT iban, role FROM read_parquet(?)
    """
    files = [str(world / "truth/cards.parquet"), str(world / "truth/accounts.parquet")]
    return dict(duckdb.execute(sql, files).fetchall())


def held_out(engine: Engine, train_world: Path, test_world: Path) -> dict[str, Any]:
    """Fit on `train_world` (periods split 60/20/20), then block on all of `test_world`."""
    train: Dataset = load_sim(train_world)
    val_start, test_start = cutoffs(train.labels["period"].to_numpy().astype(float))
    m = matrix(engine, train, known_before(train, val_start))
    model = fit(m, val_start, test_start, data_hash(train))
    t = matrix(engine, load_sim(test_world), None)
    everything = np.ones(len(t.y), dtype=bool)
    truth = roles(test_world)
    accounts, acc_s = _accounts(t.src, t.dst, model.score(t.x))
    blocked = [a for a, s in zip(accounts, acc_s, strict=True) if s >= model.thresholds.block]
    droppers = sum(truth.get(a) in DROPPER_ROLES for a in blocked)
    return {
        "train_world": str(train_world),
        "test_world": str(test_world),
        "test": report(model, t, everything),
        "blocked_accounts": len(blocked),
        "blocked_droppers": droppers,
        "dropper_precision_at_block": droppers / len(blocked) if blocked else None,
        "droppers_in_world": sum(r in DROPPER_ROLES for r in truth.values()),
    }


def _accounts(
    src: NDArray[np.object_], dst: NDArray[np.object_], s: NDArray[np.float64]
) -> tuple[list[str], list[float]]:
    """Every account with the highest score of the transfers it took part in."""
    both = pa.table({"a": np.concatenate([src, dst]), "s": np.concatenate([s, s])})
    grouped = both.filter(pc.is_valid(both["a"])).group_by("a").aggregate([("s", "max")])
    return grouped["a"].to_pylist(), grouped["s_max"].to_pylist()
