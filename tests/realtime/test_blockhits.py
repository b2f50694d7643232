"""The real-time service blocks an account on its 2nd block-level received transfer, keeps the
count across batches, worker processes and snapshots, and refuses snapshots of format 2."""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest

from moneytrail.detect import model as gbm
from moneytrail.detect.decision import Decision
from moneytrail.realtime import snapshot as snapshots
from moneytrail.realtime.errors import RealtimeError
from moneytrail.realtime.replay import arrival_order, txs
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.tx import Tx
from tests.realtime.conftest import HITS_N


def _batch(transfers: pa.Table) -> list[Tx]:
    return txs(arrival_order(transfers).slice(0, HITS_N))


def _decide(service: DecisionService, batch: list[Tx], size: int = 128) -> list[Decision]:
    return [d for i in range(0, len(batch), size) for d in service.decide(batch[i : i + size])]


def test_second_block_level_transfer_blocks_the_account(
    hits_model: Path, sim_transfers: pa.Table
) -> None:
    model = gbm.load(hits_model)
    batch = _batch(sim_transfers)
    got = _decide(DecisionService(model, {}), batch)
    single = replace(model.thresholds, block_hits=1)
    plain = _decide(DecisionService(replace(model, thresholds=single), {}), batch)
    hits: Counter[str] = Counter()
    firsts = seconds = 0
    for tx, d, p in zip(batch, got, plain, strict=True):
        assert d.score == p.score
        if d.score < model.thresholds.block:
            assert d.action == p.action
            continue
        if tx.dst is None or tx.dst_kind == "cash":
            assert d.action == "review" or d.rules_fired  # never blocked but by a rule
            continue
        hits[tx.dst] += 1
        if hits[tx.dst] == 1 and not d.rules_fired:
            firsts += 1
            assert d.action == "review"
            assert d.reasons[0].text.startswith("the 1st of the 2 transfers into this account")
        elif hits[tx.dst] >= 2:
            seconds += 1
            assert d.action == "block"
            assert "transfer into this account scoring at or above" in d.reasons[0].text
    assert firsts > 10  # the model was tuned so that both are common
    assert seconds > 10


def test_count_is_the_same_in_one_batch_per_transfer(
    hits_model: Path, sim_transfers: pa.Table
) -> None:
    model = gbm.load(hits_model)
    batch = _batch(sim_transfers)[:600]
    big = _decide(DecisionService(model, {}), batch, 600)
    small = _decide(DecisionService(model, {}), batch, 1)
    assert [d.action for d in big] == [d.action for d in small]


def test_workers_and_snapshot_keep_the_count(
    hits_model: Path, sim_transfers: pa.Table, tmp_path: Path
) -> None:
    model = gbm.load(hits_model)
    batch = _batch(sim_transfers)
    whole = DecisionService(model, {})
    expected = _decide(whole, batch)
    half = len(batch) // 2
    first = DecisionService(model, {}, workers=2)
    try:
        head = _decide(first, batch[:half])
        snapshots.write(tmp_path / "state.snapshot", first.snapshot(half))
    finally:
        first.close()
    snap = snapshots.read(tmp_path / "state.snapshot")
    assert snap is not None
    assert snap.block_hits
    second = DecisionService(model, {}, workers=3, restore=snap)
    try:
        tail = _decide(second, batch[half:])
        assert second.hits == whole.hits
    finally:
        second.close()
    assert [(d.action, d.reasons) for d in head + tail] == [(d.action, d.reasons) for d in expected]


def test_a_snapshot_of_format_2_is_refused_with_the_reason(
    hits_model: Path, tmp_path: Path
) -> None:
    snap = DecisionService(gbm.load(hits_model), {}).snapshot(0)
    path = tmp_path / "state.snapshot"
    with path.open("wb") as f:
        pickle.dump((2, snap), f)
    with pytest.raises(RealtimeError, match=r"format 2.*block-level transfer counts.*one hop"):
        snapshots.read(path)
