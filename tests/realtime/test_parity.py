"""The online state gives every online feature exactly as the batch pipeline does.

Batch and online run on the same tiny simulated world (times in whole seconds), with known
requisites so that the proximity flags fire. Legs of one account in the same second are
left out: batch windows include later legs of the same instant, which a stream cannot see.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from moneytrail.detect.training import features_of
from moneytrail.features.engine import duckdb_engine
from moneytrail.realtime.features import NAMES, ONLINE_FEATURES, LocalShards, OnlineFeatures
from moneytrail.realtime.hops import Hops
from moneytrail.realtime.online_model import BATCH_DISAGREES
from moneytrail.realtime.replay import arrival_order, known_of, txs
from moneytrail.realtime.tx import Tx

Compared = tuple[list[Tx], np.ndarray[Any, Any], dict[str, dict[str, Any]]]


def _known(transfers: pa.Table) -> pa.Table:
    """Every 40th receiver becomes known two days after its first transfer."""
    first: dict[str, int] = {}
    for dst, ts in zip(
        transfers["dst_instrument"].to_pylist(), transfers["ts"].to_pylist(), strict=True
    ):
        if dst is not None and dst not in first:
            first[dst] = int(ts.timestamp()) + 2 * 86_400
    chosen = sorted(first)[::40]
    return pa.table({"instrument": chosen, "since": [first[i] for i in chosen]})


@pytest.fixture(scope="module")
def compared(sim_transfers: pa.Table) -> Compared:
    known = _known(sim_transfers)
    batch = features_of(duckdb_engine(), sim_transfers, known)
    stream = txs(arrival_order(sim_transfers))
    known_at = known_of(known)
    online = OnlineFeatures(LocalShards(known_at), Hops(known_at))
    rows = np.vstack([online.rows(stream[i : i + 128]) for i in range(0, len(stream), 128)])
    by_id = {str(r["transfer_id"]): r for r in batch.to_pylist()}
    return stream, rows, by_id


def _untied(stream: list[Tx]) -> list[bool]:
    seconds = Counter((a, tx.t) for tx in stream for a in {tx.src, tx.dst} if a is not None)
    return [all(seconds[(a, tx.t)] == 1 for a in {tx.src, tx.dst} if a) for tx in stream]


def _mismatches(c: Compared, names: list[str]) -> dict[str, int]:
    stream, rows, by_id = c
    bad: Counter[str] = Counter()
    for tx, row, ok in zip(stream, rows, _untied(stream), strict=True):
        if not ok:
            continue
        batch = by_id[tx.transfer_id]
        for name in names:
            ours, theirs = row[NAMES.index(name)], batch[name]
            if theirs is None or math.isnan(ours):
                if not (theirs is None and math.isnan(ours)):
                    bad[name] += 1
            elif not math.isclose(ours, float(theirs), rel_tol=1e-9, abs_tol=1e-6):
                bad[name] += 1
    return dict(bad)


def test_every_online_feature_matches_the_batch(compared: Compared) -> None:
    names = [n for n in ONLINE_FEATURES if n.partition("_")[2] not in BATCH_DISAGREES]
    assert _mismatches(compared, names) == {}
    stream, rows, _ = compared
    assert sum(_untied(stream)) > 0.99 * len(stream)
    bites = (
        "dst_known_cp",
        "src_known_cp2",
        "dst_cycles_30d",
        "src_dwell_s",
        "src_fast_out_7d",
        "dst_known_payers_7d",
    )
    for name in bites:
        assert np.nansum(rows[:, NAMES.index(name)] > 0) > 10, name  # the comparison bites


def test_known_cp_30d_matches_the_batch(compared: Compared) -> None:
    names = [f"{s}_known_cp_30d" for s in ("src", "dst")]
    assert _mismatches(compared, names) == {}
    _, rows, _ = compared
    assert np.nansum(rows[:, NAMES.index("src_known_cp_30d")] > 0) > 10  # the comparison bites


def test_offline_only_features_are_left_missing(compared: Compared) -> None:
    _, rows, _ = compared
    offline = [i for i, n in enumerate(NAMES) if n not in ONLINE_FEATURES]
    assert len(offline) == 8  # four per side: scatter-gather, three shared ids
    assert np.isnan(rows[:, offline]).all()
