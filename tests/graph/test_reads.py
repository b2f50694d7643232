"""Investigators' reads on hand-made graphs: k hops, shortest path, cycles, fan-in, FIFO share."""

from __future__ import annotations

import numpy as np
import pytest

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.graph.paths import shortest_path, within_hops
from moneytrail.graph.patterns import cycles, fan_in_cash_out, fast_out_share
from tests.graph.tables import at, transfers

HOUR = 3_600_000_000


def _window(start: float, end: float) -> np.ndarray:
    return np.array([int(at(start).timestamp() * 1e6), int(at(end).timestamp() * 1e6)])


def _node(g: TemporalGraph, name: str) -> int:
    return int(g.lookup([name])[0])


def test_within_hops_of_a_blocked_card_forward_and_backward() -> None:
    g = build_graph(
        transfers([("X", "K", 0, 1), ("K", "A", 1, 1), ("A", "B", 2, 1), ("B", "C", 3, 1)])
    )
    ahead = within_hops(g, [_node(g, "K")], 2, _window(0, 10))
    assert {g.names(np.array([v]))[0]: h for v, h in ahead.items()} == {"K": 0, "A": 1, "B": 2}
    behind = within_hops(g, [_node(g, "B")], 3, _window(0, 10), backward=True)
    assert set(g.names(np.array(list(behind)))) == {"B", "A", "K", "X"}


def test_shortest_path_prefers_fewer_hops_that_respect_time() -> None:
    # A→D directly is too early to follow A's... the direct edge is at 0, before the window
    rows = [
        ("A", "D", 0, 1),
        ("A", "B", 1, 1),
        ("B", "D", 2, 1),
        ("A", "C", 1, 1),
        ("C", "X", 2, 1),
        ("X", "D", 3, 1),
    ]
    g = build_graph(transfers(rows))
    path = shortest_path(g, _node(g, "A"), _node(g, "D"), _window(0.5, 10))
    assert path == [1, 2]
    assert shortest_path(g, _node(g, "D"), _node(g, "A"), _window(0, 10)) is None


def test_shortest_path_waits_for_money_to_arrive() -> None:
    g = build_graph(transfers([("A", "B", 5, 1), ("B", "C", 4, 1)]))
    assert shortest_path(g, _node(g, "A"), _node(g, "C"), _window(0, 10)) is None


def test_cycles_are_time_respecting() -> None:
    rows = [
        ("A", "B", 1, 1),
        ("B", "C", 2, 1),
        ("C", "A", 3, 1),
        ("B", "A", 0, 1),
        ("C", "A", 1.5, 1),
    ]
    g = build_graph(transfers(rows))
    assert cycles(g, _node(g, "A"), _window(0, 10)) == [[0, 1, 2]]
    assert cycles(g, _node(g, "A"), _window(0, 10), max_len=2) == []


def test_many_to_one_then_cash_out() -> None:
    rows = [(f"P{i}", "D", i, 10) for i in range(5)] + [
        ("P0", "D", 4.5, 10),
        ("D", None, 5, 60),
        ("Q", None, 5, 1),
    ]
    table = transfers(
        rows,
        channel=["p2p"] * 6 + ["atm_cash_out"] * 2,
        dst_instrument_kind=["card"] * 6 + ["cash"] * 2,
    )
    g = build_graph(table)
    # in the 4 h before D's cash-out at 5: P1..P4, and P0 at 4.5 (its 0 is too early): 5
    hits = fan_in_cash_out(g, min_senders=4, within_us=4 * HOUR)
    assert [(g.names(np.array([h.node]))[0], h.edge, h.senders) for h in hits] == [("D", 6, 5)]
    assert fan_in_cash_out(g, min_senders=6, within_us=4 * HOUR) == []


def test_fast_in_fast_out_share_is_fifo() -> None:
    # D gets 100 at 0 and 100 at 10; sends 150 at 1 (100 of it arrived 1 h before, 50 is unseen
    # money) and 100 at 20 (arrived 10 h before): within 2 h, 100 of 200 in went out fast.
    rows = [("A", "D", 0, 100), ("D", "X", 1, 150), ("B", "D", 10, 100), ("D", "Y", 20, 100)]
    g = build_graph(transfers(rows))
    share = fast_out_share(g, 2 * HOUR)
    assert share[_node(g, "D")] == pytest.approx(0.5)
    assert share[_node(g, "X")] == 0.0
