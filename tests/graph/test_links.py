"""Paired edges, stops (cash, services) and opening balances, on hand-made graphs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from moneytrail.graph.build import GraphError, build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.api import trace
from moneytrail.trace.params import Direction, Policy, SeedMoney, TraceParams
from tests.graph.tables import Row, transfers


def _attributed(
    rows: Sequence[Row],
    params: TraceParams | None = None,
    seeds: tuple[str, ...] = ("A",),
    pair: npt.NDArray[np.int64] | None = None,
    balances: dict[str, float] | None = None,
) -> dict[int, float]:
    """Traced edge id → attributed amount."""
    g = build_graph(transfers(rows), pair=pair, balances=balances)
    r = trace(g, list(seeds), params)
    return dict(zip(r.reach.edges.tolist(), r.edge_attributed.tolist(), strict=True))


def test_a_paired_edge_is_followed_only_through_its_first() -> None:
    rows = [("A", "X", 1, 100), ("C", "X", 2, 50), ("W", "Y", 3, 90), ("W", "Z", 4, 45)]
    pair = np.array([-1, -1, 0, 1])
    edges = _attributed(rows, pair=pair)
    assert set(edges) == {0, 2}
    assert edges[2] == pytest.approx(90)
    # seeded on the trader's wallet, its paired legs are not followed by scanning
    assert set(_attributed(rows, pair=pair, seeds=("W",))) == set()


def test_a_paired_edge_leaves_the_trader_pool_untouched() -> None:
    rows = [("A", "X", 1, 100), ("C", "X", 2, 100), ("W", "Y", 3, 90), ("X", "M", 4, 100)]
    edges = _attributed(rows, pair=np.array([-1, -1, 0, -1]))
    assert edges[3] == 0.0  # X's own pool holds only C's clean money


def _kept(
    g: TemporalGraph, seeds: list[str], params: TraceParams | None = None
) -> dict[str, float]:
    """Per reached node, attributed received minus sent."""
    r = trace(g, seeds, params)
    kept = (r.node_received - r.node_sent).tolist()
    return dict(zip(g.names(r.reach.nodes), kept, strict=True))


def test_a_trader_keeps_only_the_margin_of_a_paired_movement() -> None:
    g = build_graph(transfers([("A", "X", 1, 100), ("W", "Y", 3, 90)]), pair=np.array([-1, 0]))
    assert _kept(g, ["A"]) == pytest.approx({"A": -100, "X": 10, "Y": 90})
    backward = TraceParams(direction=Direction.BACKWARD)
    assert _kept(g, ["Y"], backward) == pytest.approx({"Y": -90, "W": 0, "A": 90})


def test_pairs_are_checked() -> None:
    rows = [("A", "X", 2, 100), ("W", "Y", 1, 90)]
    with pytest.raises(GraphError, match="before the rows they carry on"):
        build_graph(transfers(rows), pair=np.array([-1, 0]))
    with pytest.raises(GraphError, match="pair has 1 rows"):
        build_graph(transfers(rows), pair=np.array([-1]))


def test_a_trace_stops_at_cash_and_at_services() -> None:
    rows = [("A", "ATM-1", 1, 100), ("ATM-1", "B", 2, 100), ("A", "EX", 3, 10), ("EX", "C", 4, 5)]
    kinds = {"src_instrument_kind": ["card", "cash", "card", "wallet"]}
    kinds["dst_instrument_kind"] = ["cash", "card", "wallet", "wallet"]
    g = build_graph(transfers(rows, **kinds), services=["EX"])
    assert set(g.names(trace(g, ["A"]).reach.nodes)) == {"A", "ATM-1", "EX"}


def test_an_opening_balance_dilutes_under_haircut() -> None:
    rows = [("A", "B", 1, 100), ("B", "C", 2, 100)]
    assert _attributed(rows)[1] == pytest.approx(100)
    assert _attributed(rows, balances={"B": 300.0})[1] == pytest.approx(25)
    fifo = TraceParams(policy=Policy.FIFO)
    assert _attributed(rows, balances={"B": 300.0}, params=fifo)[1] == pytest.approx(0)


def test_received_money_is_passed_on_by_policy_from_the_seeds() -> None:
    rows = [("S", "A", 1, 300), ("A", "C", 3, 200)]
    held = {"A": 300.0}
    sent = _attributed(rows, balances=held)
    received = _attributed(rows, balances=held, params=TraceParams(seed_money=SeedMoney.RECEIVED))
    assert sent[1] == pytest.approx(200)
    assert received[1] == pytest.approx(200 * 300 / 600)
