"""Attribution policies on small graphs whose answers are computed by hand.

Graph H (hours): A→B 100 at 1 (A is the seed), C→B 100 at 2 (clean), B→D 150 at 3,
D→E 50 at 4, and B→F 10 at 0 (before any traced money, so never traced).
"""

from __future__ import annotations

import pytest

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.api import trace
from moneytrail.trace.params import Direction, Policy, TraceParams
from moneytrail.trace.result import TraceResult
from tests.graph.tables import transfers

H = [
    ("A", "B", 1, 100),
    ("C", "B", 2, 100),
    ("B", "D", 3, 150),
    ("D", "E", 4, 50),
    ("B", "F", 0, 10),
]


def _edges(g: TemporalGraph, r: TraceResult) -> dict[str, object]:
    rows = {(e["src"], e["dst"]): e["attributed"] for e in r.to_json(g)["edges"]}
    return {f"{s}{d}": pytest.approx(v) for (s, d), v in rows.items()}


@pytest.mark.parametrize(
    ("policy", "bd", "de"),
    [
        # poison: B got traced money, so all 150 is traced; D likewise passes on all 50
        (Policy.POISON, 150.0, 50.0),
        # haircut: B holds 200 of which 100 traced, sends 150 → 75; D holds 150 (75) → 50 × ½
        (Policy.HAIRCUT, 75.0, 25.0),
        # FIFO: B's 150 takes A's 100 (traced) then 50 of C's; D's lot is ⅔ traced → 50 × ⅔
        (Policy.FIFO, 100.0, 100.0 / 3),
        # LIFO: B's 150 takes C's 100 first, then 50 of A's; D's lot is ⅓ traced → 50 × ⅓
        (Policy.LIFO, 50.0, 50.0 / 3),
    ],
)
def test_policies_by_hand(policy: Policy, bd: float, de: float) -> None:
    g = build_graph(transfers(H))
    r = trace(g, ["A"], TraceParams(policy=policy))
    assert _edges(g, r) == {"AB": 100.0, "BD": pytest.approx(bd), "DE": pytest.approx(de)}
    assert r.totals.entered == 100.0


def test_fifo_leaves_the_rest_held_where_it_stopped() -> None:
    g = build_graph(transfers(H))
    r = trace(g, ["A"], TraceParams(policy=Policy.FIFO))
    held = {s.instrument: s.amount for s in r.sinks if s.category == "accumulator"}
    assert held == {"D": pytest.approx(200 / 3), "E": pytest.approx(100 / 3)}


def test_lifo_keeps_traced_money_at_the_first_hop() -> None:
    g = build_graph(transfers(H))
    r = trace(g, ["A"], TraceParams(policy=Policy.LIFO))
    held = {s.instrument: s.amount for s in r.sinks if s.category == "accumulator"}
    assert held == {"B": 50.0, "D": pytest.approx(100 / 3), "E": pytest.approx(50 / 3)}


def test_fifo_lot_split_over_two_outflows() -> None:
    # B gets 30 traced then 70 clean; sends 50 then 50: FIFO gives 30 then 0, LIFO 0 then 30
    rows = [("A", "B", 1, 30), ("C", "B", 2, 70), ("B", "D", 3, 50), ("B", "E", 4, 50)]
    g = build_graph(transfers(rows))
    fifo = _edges(g, trace(g, ["A"], TraceParams(policy=Policy.FIFO)))
    lifo = _edges(g, trace(g, ["A"], TraceParams(policy=Policy.LIFO)))
    assert (fifo["BD"], fifo["BE"]) == (30.0, 0.0)
    assert (lifo["BD"], lifo["BE"]) == (0.0, 30.0)


def test_money_sent_before_it_arrives_is_unknown_and_clean() -> None:
    rows = [("B", "X", 1, 80), ("A", "B", 2, 100), ("B", "D", 3, 100)]
    g = build_graph(transfers(rows))
    r = trace(g, ["A"], TraceParams(policy=Policy.HAIRCUT))
    assert _edges(g, r)["BD"] == 100.0


def test_backward_replays_in_reversed_time() -> None:
    # E's 50 came from D, which got 150 from B only (BD: 50). Replayed latest first, B holds
    # 150 of which 50 traced; C's 100 (the later inflow) is charged 50 × 100/150, A's the rest.
    g = build_graph(transfers(H))
    r = trace(g, ["E"], TraceParams(policy=Policy.HAIRCUT, direction=Direction.BACKWARD))
    edges = _edges(g, r)
    assert edges == {
        "DE": 50.0,
        "BD": 50.0,
        "CB": pytest.approx(100 / 3),
        "AB": pytest.approx(50 / 3),
    }
    origins = {s.instrument: s.amount for s in r.sinks}
    assert origins == {"C": pytest.approx(100 / 3), "A": pytest.approx(50 / 3)}


def test_backward_fifo_charges_lots_in_reversed_time() -> None:
    # B's reversed lot is BD: 150, ⅓ traced. C's 100 (latest) takes 100 of it (33⅓), A's 50.
    g = build_graph(transfers(H))
    r = trace(g, ["E"], TraceParams(policy=Policy.FIFO, direction=Direction.BACKWARD))
    expected = {"DE": 50.0, "BD": 50.0, "CB": pytest.approx(100 / 3), "AB": pytest.approx(50 / 3)}
    assert _edges(g, r) == expected
