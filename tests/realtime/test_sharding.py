"""Accounts split across worker processes give exactly the rows of one process."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from moneytrail.realtime.features import LocalShards, OnlineFeatures
from moneytrail.realtime.hops import Hops
from moneytrail.realtime.replay import arrival_order, txs
from moneytrail.realtime.shard import shard_of
from moneytrail.realtime.workers import WorkerShards


def _rows(online: OnlineFeatures, transfers: pa.Table) -> np.ndarray:
    stream = txs(arrival_order(transfers))[:4000]
    return np.vstack([online.rows(stream[i : i + 128]) for i in range(0, len(stream), 128)])


def test_three_workers_equal_one_process(sim_transfers: pa.Table) -> None:
    known = {"ATM-DALA-00000": 0}
    single = _rows(OnlineFeatures(LocalShards(known), Hops(known)), sim_transfers)
    workers = WorkerShards(3, known)
    try:
        sharded = _rows(OnlineFeatures(workers, Hops(known)), sim_transfers)
        spread = {shard_of(a, 3) for a in workers.accounts()}
    finally:
        workers.close()
    assert spread == {0, 1, 2}
    assert np.array_equal(single, sharded, equal_nan=True)


def test_shard_of_is_stable() -> None:
    assert shard_of("card:abc", 4) == shard_of("card:abc", 4)
    assert shard_of("card:abc", 1) == 0
