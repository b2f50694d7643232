"""Train on one simulated world, judge droppers on another world of a different seed.

The model is cross-fitted on all days of the first world (`crossfit`); the held-out world is
scored with its model and thresholds; an account is blocked when `block_hits` of the
transfers it received reach the block threshold (a block stops the receiving card or
account), and the blocked accounts are checked against the world's ground-truth roles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.detect.crossfit import cash_terminals, train_dataset
from moneytrail.detect.datasets import Dataset, load_sim
from moneytrail.detect.evaluate import report
from moneytrail.detect.metrics import roll_up
from moneytrail.detect.training import matrix
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


def into_droppers(ds: Dataset, truth: dict[str, str]) -> Dataset:
    """The drug-related transfers whose receiver is a dropper as positives, the rest negative."""
    receivers = ds.transfers["dst_instrument"].to_pylist()
    dropper = pa.array([truth.get(d) in DROPPER_ROLES for d in receivers], pa.bool_())
    label = pc.and_(pc.equal(ds.labels["label"], 1), dropper).cast(pa.int32())
    labels = ds.labels.set_column(ds.labels.column_names.index("label"), "label", label)
    return Dataset(f"{ds.name}-droppers", ds.transfers, labels)


def held_out(engine: Engine, train_world: Path, test_world: Path) -> dict[str, Any]:
    """Fit on all days of `train_world` (cross-fitted), then block on all of `test_world`.

    Neither world gets known requisites: the held-out world is judged on behaviour alone.
    The model learns money paid into droppers (`into_droppers`); cash terminals (ATMs) are
    never blocked, they are not accounts.
    """
    train = into_droppers(load_sim(train_world), roles(train_world))
    model = train_dataset(engine, train)
    truth = roles(test_world)
    test = into_droppers(load_sim(test_world), truth)
    t = matrix(engine, test, None)
    hits = model.thresholds.block_hits
    receivers, _, scores = roll_up(t.dst, t.y, model.score(t.x), hits)
    terminals = cash_terminals(test)
    blocked = [
        a
        for a, s in zip(receivers, scores, strict=True)
        if s >= model.thresholds.block and a not in terminals
    ]
    blocked_roles = Counter(truth.get(a, "unknown") for a in blocked)
    droppers = sum(n for role, n in blocked_roles.items() if role in DROPPER_ROLES)
    return {
        "train_world": str(train_world),
        "test_world": str(test_world),
        "thresholds": asdict(model.thresholds),
        "test": report(model, t, np.ones(len(t.y), dtype=bool)),
        "blocked_accounts": len(blocked),
        "blocked_droppers": droppers,
        "blocked_roles": dict(sorted(blocked_roles.items())),
        "dropper_precision_at_block": droppers / len(blocked) if blocked else None,
        "droppers_in_world": sum(r in DROPPER_ROLES for r in truth.values()),
    }
