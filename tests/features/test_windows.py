"""Sliding-window features on a dropper-shaped account: many senders, fast forwarding, ATM."""

from __future__ import annotations

from typing import Any

from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.legs import legs
from moneytrail.features.windows import windowed
from tests.features.conftest import transfers

ROWS = [
    ("t1", 0, 1_512_300, "buyer1", "drop", "p2p"),
    ("t2", 10, 2_000_000, "buyer2", "drop", "p2p"),
    ("t3", 20, 1_000_000, "buyer1", "drop", "p2p"),
    ("t4", 50, 4_000_000, "drop", "tier2", "p2p"),
    ("t5", 2 * 60 * 24, 500_000, "drop", None, "atm_cash_out"),
]


def _leg(duck: Engine, tid: str, incoming: int) -> dict[str, Any]:
    frame = windowed(duck, legs(duck, duck.from_arrow(transfers(ROWS), "w_in")))
    rows = to_arrow(frame).to_pylist()
    return next(r for r in rows if r["transfer_id"] == tid and r["incoming"] == incoming)


def test_counts_sums_and_distinct_senders(duck: Engine) -> None:
    leg = _leg(duck, "t4", 0)
    assert leg["n_in_1h"] == 3
    assert leg["sum_in_1h"] == 4_512_300
    assert leg["senders_1h"] == 2
    assert leg["receivers_1h"] == 1
    assert leg["pass_through_1h"] == 4_000_000 / 4_512_301


def test_dwell_time_is_time_since_last_money_in(duck: Engine) -> None:
    assert _leg(duck, "t4", 0)["dwell_s"] == 30 * 60


def test_atm_share_and_dormancy(duck: Engine) -> None:
    leg = _leg(duck, "t5", 0)
    assert leg["atm_share_1h"] == 500_000 / 500_001
    assert leg["n_in_1h"] == 0
    assert leg["n_in_7d"] == 3
    assert leg["gap_s"] == (2 * 60 * 24 - 50) * 60
    assert leg["age_s"] == 2 * 24 * 3600


def test_round_amounts_and_first_pair(duck: Engine) -> None:
    leg = _leg(duck, "t3", 1)
    assert leg["round_share_1h"] == 2 / 3
    assert leg["pair_n"] == 1
    assert leg["pair_gap_s"] == 20 * 60
