"""Windows slide, cycles are found as their closing transfer arrives, pairs are counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from moneytrail.realtime.features import NAMES, LocalShards, OnlineFeatures
from moneytrail.realtime.hops import Hops
from moneytrail.realtime.patterns import CycleIndex
from moneytrail.realtime.tx import Tx, make_tx

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _tx(tid: str, minutes: float, amount: int, src: str | None, dst: str | None) -> Tx:
    ts = T0 + timedelta(minutes=minutes)
    return make_tx(tid, ts, amount, "p2p", (src, dst, "card", "card"))


def _value(rows: np.ndarray, i: int, name: str) -> float:
    return float(rows[i, NAMES.index(name)])


def test_windows_slide_and_dwell_is_measured() -> None:
    online = OnlineFeatures(LocalShards({}), Hops({}))
    rows = online.rows(
        [
            _tx("1", 0, 1_000_000, "b1", "d"),
            _tx("2", 10, 2_000_000, "b2", "d"),
            _tx("3", 30, 2_900_000, "d", "x"),
            _tx("4", 120, 500_000, "b3", "d"),
        ]
    )
    assert _value(rows, 1, "dst_senders_1h") == 2
    assert _value(rows, 2, "src_dwell_s") == 20 * 60
    assert _value(rows, 2, "src_pass_through_1h") == 2_900_000 / 3_000_001
    assert _value(rows, 3, "dst_senders_1h") == 1  # the first two are more than an hour old
    assert _value(rows, 3, "dst_senders_24h") == 3
    assert np.isnan(_value(rows, 0, "dst_gap_s"))


def test_two_and_three_cycles_count_for_every_member() -> None:
    index = CycleIndex()
    assert index.add("a", "b", 0) == {}
    assert index.add("b", "a", 60) == {"a": 1, "b": 1}
    assert index.add("b", "c", 120) == {}
    assert index.add("c", "a", 180) == {"a": 1, "b": 1, "c": 1}
    assert index.add("c", "a", 8 * 86_400) == {}  # the path a→b is out of the horizon


def test_known_counterparty_two_hops() -> None:
    online = OnlineFeatures(LocalShards({"shop": 0}), Hops({"shop": 0}))
    rows = online.rows([_tx("1", 0, 100, "m", "shop"), _tx("2", 5, 100, "buyer", "m")])
    assert _value(rows, 0, "src_known_cp") == 1
    assert _value(rows, 1, "dst_known_cp2") == 0  # m is the receiver: its cp is the buyer
    assert _value(rows, 1, "src_known_cp2") == 1  # the buyer paid m, who dealt with the shop
    assert _value(rows, 1, "src_known_any") == 1


def test_known_payers_share_needs_the_senders_history() -> None:
    """As the batch test in `tests/features/test_proximity.py`, one transfer at a time."""
    online = OnlineFeatures(LocalShards({"shop": 0}), Hops({"shop": 0}))
    week = 7 * 24 * 60
    rows = online.rows(
        [
            _tx("p1", 0, 100, "b1", "shop"),
            _tx("p2", 1, 100, "b2", "shop"),
            _tx("n0", 10, 100, "stranger", "new"),
            _tx("n1", 20, 100, "b1", "new"),
            _tx("n2", 30, 100, "b2", "new"),
            _tx("n3", 40, 100, "new", "x"),
            _tx("n4", week + 25, 100, "stranger", "new"),
        ]
    )
    assert _value(rows, 0, "dst_known_payers_7d") == 1 / 2
    assert _value(rows, 2, "dst_known_payers_7d") == 0.0
    assert _value(rows, 4, "dst_known_payers_7d") == 2 / 4
    assert _value(rows, 5, "src_known_payers_7d") == 2 / 4
    assert _value(rows, 6, "dst_known_payers_7d") == 1 / 3
