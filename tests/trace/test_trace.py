"""Traces on hand-made graphs: seeds, limits, sinks, totals, timeline and the stable id."""

from __future__ import annotations

import pytest

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.trace.api import trace
from moneytrail.trace.params import HubOrder, Policy, TraceParams
from tests.graph.tables import at, transfers

TOKENS = Tokenizer(b"test-key")
PAN = complete_pan("440043123456789")
CARD = TOKENS.token(IdKind.CARD, PAN)
CHAIN = [("A", "B", 1, 10), ("B", "C", 2, 10), ("C", "D", 3, 10), ("D", "E", 4, 10)]


def _reached(g: TemporalGraph, params: TraceParams, seeds: list[str] | None = None) -> set[str]:
    r = trace(g, seeds or ["A"], params)
    return set(g.names(r.reach.nodes))


def test_depth_limits_the_hops() -> None:
    g = build_graph(transfers(CHAIN))
    assert _reached(g, TraceParams(depth=2)) == {"A", "B", "C"}


def test_each_hop_is_at_or_after_the_previous() -> None:
    g = build_graph(transfers([("A", "B", 5, 10), ("B", "C", 4, 10), ("B", "D", 5, 10)]))
    assert _reached(g, TraceParams()) == {"A", "B", "D"}


def test_window_bounds_every_transfer() -> None:
    g = build_graph(transfers(CHAIN))
    assert _reached(g, TraceParams(start=at(1.5), end=at(2.5)), ["B"]) == {"B", "C"}


@pytest.mark.parametrize(
    ("order", "kept"),
    [
        (HubOrder.EARLIEST, {"X1", "X2"}),
        (HubOrder.LATEST, {"X3", "X4"}),
        (HubOrder.LARGEST, {"X2", "X4"}),
    ],
)
def test_hub_truncation_keeps_a_limit_in_an_order(order: HubOrder, kept: set[str]) -> None:
    rows = [("A", f"X{i}", i, [0, 5, 9, 1, 8][i]) for i in range(1, 5)]
    g = build_graph(transfers(rows))
    assert _reached(g, TraceParams(hub_limit=2, hub_order=order)) == {"A"} | kept


def test_node_cap_truncates_and_says_so() -> None:
    g = build_graph(transfers(CHAIN))
    r = trace(g, ["A"], TraceParams(max_nodes=3))
    assert r.reach.truncated
    assert set(g.names(r.reach.nodes)) == {"A", "B", "C"}


def test_bad_seeds_are_named_and_the_rest_traced() -> None:
    g = build_graph(
        transfers([(CARD, "phone:+77011234567", 1, 10), ("phone:+77011234567", "B", 2, 5)])
    )
    bad_pan = PAN[:-1] + str((int(PAN[-1]) + 1) % 10)
    r = trace(g, [PAN, "8 701 123 45 67", bad_pan, "nobody", "+77017654321"], TraceParams(), TOKENS)
    assert [(s.given, s.instrument) for s in r.seeds.valid] == [
        (PAN, CARD),
        ("8 701 123 45 67", "phone:+77011234567"),
    ]
    reasons = {b.given: b.reason for b in r.seeds.bad}
    assert "Luhn" in reasons[bad_pan]
    assert reasons["nobody"].startswith("unknown")
    assert reasons["+77017654321"] == "valid, but not in the transfers"
    assert r.to_json(g)["bad_seeds"][0]["given"] == bad_pan


def _exits() -> TemporalGraph:
    rows = [
        ("A", "B", 1, 100),
        ("B", None, 2, 30),
        ("B", "F", 3, 20),
        ("B", "W", 4, 40),
        ("C", "B", 0, 50),
    ]
    return build_graph(
        transfers(
            rows,
            channel=["p2p", "atm_cash_out", "bank_transfer", "exchange_trade", "p2p"],
            src_instrument_kind=["card"] * 5,
            dst_instrument_kind=["card", "cash", "account", "wallet", "card"],
            src_country=["KZ"] * 5,
            dst_country=["KZ", "KZ", "AE", None, "KZ"],
        )
    )


def test_sinks_by_category_with_fifo_amounts() -> None:
    g = _exits()
    r = trace(g, ["A"], TraceParams(policy=Policy.FIFO))
    # FIFO at B: C's clean 50 (hour 0) pays the cash-out (30) and the wire abroad (20);
    # A's traced 100 (hour 1) pays the wallet's 40 and 60 stay at B.
    sinks = {(s.category, s.instrument): (s.amount, s.transfers) for s in r.sinks}
    assert sinks == {
        ("accumulator", "W"): (40.0, 1),
        ("crypto_exit", "W"): (40.0, 1),
        ("accumulator", "B"): (60.0, 1),
    }


def test_sinks_with_poison_and_totals() -> None:
    g = _exits()
    r = trace(g, ["A"], TraceParams(policy=Policy.POISON))
    sinks = {(s.category, s.instrument, s.country): s.amount for s in r.sinks}
    assert sinks[("cash_out", "B", "KZ")] == 30.0
    assert sinks[("foreign_exit", "F", "AE")] == 20.0
    assert sinks[("crypto_exit", "W", None)] == 40.0
    t = r.totals
    assert (t.transactions, t.amount, t.accounts, t.wallets) == (4, 190.0, 3, 1)
    assert t.countries == ("AE", "KZ")
    assert t.by_currency == {"KZT": 19000}
    assert [(d.day, d.transactions) for d in r.timeline] == [("2026-01-01", 4)]


def test_trace_id_is_stable_and_follows_parameters_and_data() -> None:
    g = build_graph(transfers(CHAIN))
    one = trace(g, ["A"], TraceParams()).id
    assert one == trace(build_graph(transfers(CHAIN)), ["A"], TraceParams()).id
    assert one != trace(g, ["A"], TraceParams(depth=2)).id
    assert one != trace(build_graph(transfers(CHAIN[:3])), ["A"], TraceParams()).id
