"""Sliding-window features on a dropper-shaped account: many senders, fast forwarding, ATM."""

from __future__ import annotations

import random
from typing import Any

from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.legs import legs
from moneytrail.features.windows import WINDOWS, windowed
from tests.features.conftest import T0, transfers

ROWS = [
    ("t1", 0, 1_512_300, "buyer1", "drop", "p2p"),
    ("t2", 10, 2_000_000, "buyer2", "drop", "p2p"),
    ("t3", 20, 1_000_000, "buyer1", "drop", "p2p"),
    ("t4", 50, 4_000_000, "drop", "tier2", "p2p"),
    ("t5", 2 * 60 * 24, 500_000, "drop", None, "atm_cash_out"),
    ("t6", 2 * 60 * 24 + 5, 300_000, "drop", "atm7", "atm_cash_out"),
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


def test_atm_share_counts_only_money_out(duck: Engine) -> None:
    assert _leg(duck, "t6", 0)["atm_share_1h"] == 800_000 / 800_001
    assert _leg(duck, "t6", 1)["atm_share_1h"] == 0.0  # the ATM's own leg: money in


def test_round_amounts_and_first_pair(duck: Engine) -> None:
    leg = _leg(duck, "t3", 1)
    assert leg["round_share_1h"] == 2 / 3
    assert leg["pair_n"] == 1
    assert leg["pair_gap_s"] == 20 * 60


def test_distinct_counts_match_brute_force(duck: Engine) -> None:
    rng = random.Random(11)
    names = ["a", "b", "c", "d", "e"]
    rows = []
    for i in range(160):
        src, dst = rng.sample(names, 2)
        minutes = rng.choice([0, 59, 60, 61, 1439, 1440, 1441]) * rng.randint(0, 40)
        rows.append((f"r{i:03d}", float(minutes), 100, src, dst, "p2p"))
    out = to_arrow(windowed(duck, legs(duck, duck.from_arrow(transfers(rows), "bf_in"))))
    minute_of = {tid: minutes for tid, minutes, *_ in rows}
    for leg in out.to_pylist():
        t, me = minute_of[leg["transfer_id"]] * 60, leg["account"]
        for name, seconds in WINDOWS.items():
            for label, side in (("senders", 3), ("receivers", 4)):
                other = 4 if side == 3 else 3
                seen = {r[side] for r in rows if r[other] == me and t - seconds <= r[1] * 60 <= t}
                assert leg[f"{label}_{name}"] == len(seen), (leg["transfer_id"], label, name)


def test_times_are_whole_seconds_rounded_down(duck: Engine) -> None:
    rows = [("s1", 0.6 / 60, 100, "a", "b", "p2p"), ("s2", 1.999999 / 60, 100, "b", "a", "p2p")]
    out = to_arrow(legs(duck, duck.from_arrow(transfers(rows), "floor_in"))).to_pylist()
    start = int(T0.timestamp())
    assert {(r["transfer_id"], r["t"] - start) for r in out} == {("s1", 0), ("s2", 1)}


def test_fast_out_counts_outgoing_sent_within_two_hours_of_money_in(duck: Engine) -> None:
    assert _leg(duck, "t1", 1)["fast_out_7d"] == 0.0
    assert _leg(duck, "t4", 0)["fast_out_7d"] == 1 / 2  # 30 min after money in: fast
    late = _leg(duck, "t5", 0)  # two days after the last money in: not fast
    assert (late["fast_out_7d"], late["fast_out_30d"]) == (1 / 3, 1 / 3)


def test_fast_out_skips_money_in_and_out_in_the_same_second(duck: Engine) -> None:
    rows = [("s1", 0, 100_000, "x", "m", "p2p"), ("s2", 0, 100_000, "m", "y", "p2p")]
    frame = windowed(duck, legs(duck, duck.from_arrow(transfers(rows), "w_same")))
    out = next(
        r for r in to_arrow(frame).to_pylist() if r["transfer_id"] == "s2" and r["account"] == "m"
    )
    assert (out["dwell_s"], out["fast_out_7d"]) == (0, 0.0)
