"""Bridges both ways: pairing by time and amount at the day's rate, tracing across forward and
backward."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.cli import trace_cmd
from moneytrail.errors import MoneytrailError
from moneytrail.graph.build import build_graph
from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA, crypto_row
from moneytrail.trace.api import trace
from moneytrail.trace.bridge_candidates import BridgeRules
from moneytrail.trace.bridges import TO_CRYPTO, TO_FIAT, match_bridges, traced_bridges
from moneytrail.trace.evaluate import sim_graph, sim_services
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.sources import sim_rates, sim_world
from tests.graph.tables import Row, at, transfers

RATE = {date(2026, 1, 1): 500.0}
USDT = 10**6


def _table(fiat: list[Row], coin: list[Row]) -> pa.Table:
    """Tenge P2P rows, then USDT rows (amounts in major units)."""
    rows = fiat + coin
    n, m = len(fiat), len(coin)
    minor = [round(a * 100) for *_, a in fiat] + [round(a * USDT) for *_, a in coin]
    return transfers(
        rows,
        currency=["KZT"] * n + ["USDT"] * m,
        channel=["p2p"] * n + ["crypto_transfer"] * m,
        amount_minor=pa.array(minor, pa.int64()),
        src_instrument_kind=["card"] * n + ["wallet"] * m,
        dst_instrument_kind=["card"] * n + ["wallet"] * m,
    )


# A trader's card X and wallet W serve three payers; V and Y meet once, by coincidence.
FIAT: list[Row] = [
    ("D", "X", 1, 10_300),
    ("C", "X", 3, 5_150),
    ("E", "X", 5, 20_600),
    ("F", "Y", 7, 10_300),
    ("G", "X", 9, 10_300),
]
COIN: list[Row] = [
    ("W", "A", 1.1, 20),
    ("W", "A2", 3.05, 10),
    ("W", "A3", 5.2, 40),
    ("V", "B", 7.1, 20),
    ("W", "A4", 11, 20),
    ("A", "O", 2, 20),
]


def _pairs(table: pa.Table, rules: BridgeRules | None = None) -> set[tuple[str, str]]:
    found = match_bridges(table, RATE, rules).to_table(table)
    fiat, coin = found["fiat_transfer_id"].to_pylist(), found["crypto_transfer_id"].to_pylist()
    return set(zip(fiat, coin, strict=True))


def test_a_payment_pairs_with_the_usdt_a_trader_sent_for_it() -> None:
    table = _table(FIAT, COIN)
    # t0..t2 pair with t5..t7; the one-off Y/V pair is too weak; t4 has no USDT within an hour
    assert _pairs(table) == {("t0", "t5"), ("t1", "t6"), ("t2", "t7")}
    assert ("t3", "t8") in _pairs(table, BridgeRules(min_confidence=0.35))


def test_the_spread_band_and_the_window_bound_a_pair() -> None:
    table = _table(FIAT, COIN)
    assert _pairs(table, BridgeRules(spread=(0.04, 0.06))) == set()
    assert _pairs(table, BridgeRules(within_minutes=3, min_confidence=0.0)) == {("t1", "t6")}


def test_a_trace_crosses_a_bridge_and_carries_what_the_payment_brought() -> None:
    table = _table(FIAT, COIN)
    bridges = match_bridges(table, RATE)
    g = build_graph(table, {"KZT": 1.0, "USDT": 500.0}, pair=bridges.pair(table.num_rows))
    result = trace(g, ["D"])
    assert set(g.names(result.reach.nodes)) == {"D", "X", "A", "O"}
    edges = dict(zip(result.reach.edges.tolist(), result.edge_attributed.tolist(), strict=True))
    assert edges[0] == 10_300
    assert np.isclose(edges[5], 10_000)
    assert np.isclose(edges[10], 10_000)
    assert 6 not in edges  # another payer's USDT leg from the same wallet
    exits = {(s.category, s.instrument) for s in result.sinks}
    assert ("crypto_exit", "X") in exits  # the trader the tenge went to for USDT


def test_a_backward_trace_crosses_a_bridge_to_the_payer() -> None:
    table = _table(FIAT, COIN)
    bridges = match_bridges(table, RATE)
    g = build_graph(table, {"KZT": 1.0, "USDT": 500.0}, pair=bridges.pair(table.num_rows))
    result = trace(g, ["O"], TraceParams(direction=Direction.BACKWARD))
    # O ← A ← (wallet W, USDT leg t5) ← the tenge payment t0 from D to W's trader's card
    assert set(g.names(result.reach.nodes)) == {"O", "A", "W", "D"}
    edges = dict(zip(result.reach.edges.tolist(), result.edge_attributed.tolist(), strict=True))
    assert set(edges) == {10, 5, 0}
    assert np.allclose([edges[10], edges[5], edges[0]], 10_000)  # never more than arrived
    assert [s.instrument for s in result.sinks if s.category == "origin"] == ["D"]


# Cash-out: a trader's wallet W takes USDT from droppers' wallets P, Q, R and minutes later
# the trader's card X pays the tenge, 2% under the day's rate, to the cards the sellers named.
CASH_OUT: list[Row] = [
    ("X", "S", 1.1, 9_800),
    ("X", "S2", 3.05, 4_900),
    ("X", "S3", 5.2, 19_600),
    ("S", "M", 2, 9_800),
]
COIN_IN: list[Row] = [("P", "W", 1, 20), ("Q", "W", 3, 10), ("R", "W", 5, 40)]


def test_usdt_received_pairs_with_the_tenge_the_trader_paid_out() -> None:
    table = _table(CASH_OUT, COIN_IN)
    found = match_bridges(table, RATE).to_table(table)
    assert _pairs(table) == {("t0", "t4"), ("t1", "t5"), ("t2", "t6")}
    assert set(found["direction"].to_pylist()) == {TO_FIAT}
    assert np.allclose(found["spread"].to_numpy(), 0.02)
    assert found["gap_s"].to_pylist() == [360, 180, 720]
    # the same legs the other way round (tenge first) are no bridge
    assert _pairs(table, BridgeRules(spread=(-0.06, 0.0))) == set()
    # an exchange's wallet is no trader's; a dropper may well send from one
    assert match_bridges(table, RATE, services=["W"]).fiat.size == 0
    assert match_bridges(table, RATE, services=["P", "Q", "R"]).fiat.size == 3


def test_traces_cross_a_cash_out_bridge_both_ways() -> None:
    table = _table(CASH_OUT, COIN_IN)
    bridges = match_bridges(table, RATE)
    g = build_graph(table, {"KZT": 1.0, "USDT": 500.0}, pair=bridges.pair(table.num_rows))
    forward = trace(g, ["P"])
    assert set(g.names(forward.reach.nodes)) == {"P", "W", "S", "M"}
    edges = dict(zip(forward.reach.edges.tolist(), forward.edge_attributed.tolist(), strict=True))
    assert set(edges) == {4, 0, 3}
    assert np.allclose([edges[4], edges[0], edges[3]], [10_000, 9_800, 9_800])
    assert not [s for s in forward.sinks if s.category == "crypto_exit"]  # back to tenge
    backward = trace(g, ["M"], TraceParams(direction=Direction.BACKWARD))
    assert set(g.names(backward.reach.nodes)) == {"M", "S", "X", "P"}
    edges = dict(zip(backward.reach.edges.tolist(), backward.edge_attributed.tolist(), strict=True))
    assert set(edges) == {3, 0, 4}
    assert np.allclose([edges[3], edges[0], edges[4]], 9_800)
    assert traced_bridges(bridges, table, backward.reach.edges)[0]["direction"] == TO_FIAT


def test_a_trader_paying_out_from_several_own_cards_recurs_as_one_holder() -> None:
    """The trader pays each cash-out from another of their cards: the card and wallet never
    recur, the holder (`src_party`) and wallet do."""
    fiat: list[Row] = [
        ("X1", "S", 1.1, 9_800),
        ("X2", "S2", 3.05, 4_900),
        ("X3", "S3", 5.2, 19_600),
    ]
    table = _table(fiat, COIN_IN)
    assert _pairs(table) == set()  # three one-off card-wallet pairs: too weak
    party = pa.array(["iin-trader"] * 3 + [None] * 3, pa.string())
    held = table.append_column("src_party", party)
    assert _pairs(held) == {("t0", "t3"), ("t1", "t4"), ("t2", "t5")}
    strangers = table.append_column("src_party", pa.array(["a", "b", "c", None, None, None]))
    assert _pairs(strangers) == set()


def test_busy_strangers_meeting_by_chance_are_no_bridge() -> None:
    """A payroll account Z pays someone every hour and a deposit wallet D takes 20 USDT every
    5 hours: each deposit has one of Z's payments 30 minutes later at 2% under its value, 40
    times, as often as chance makes it, so they are not paired; the trader X and wallet W,
    three times among the same traffic, are."""
    payroll: list[Row] = [("Z", f"E{h}", h + 0.5, 9_800) for h in range(200)]
    deposits: list[Row] = [(f"U{k}", "D", 5.0 * k, 20) for k in range(40)]
    fiat, coin = CASH_OUT[:3] + payroll, COIN_IN + deposits
    table = _table(fiat, coin)
    channel = ["p2p"] * 3 + ["bank_transfer"] * len(payroll) + ["crypto_transfer"] * len(coin)
    table = table.set_column(table.schema.get_field_index("channel"), "channel", [channel])
    ids = table.column("transfer_id").to_pylist()
    found = _pairs(table)
    assert found == {
        (ids[0], ids[len(fiat)]),
        (ids[1], ids[len(fiat) + 1]),
        (ids[2], ids[len(fiat) + 2]),
    }
    # without the chance correction, Z and D's 40 meetings would all be bridges
    loose = _pairs(table, BridgeRules(min_confidence=0.2))
    assert len(loose - found) >= 39


def _sim_pairs(world: Path) -> dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]]]]:
    """Per direction: the (fiat transfer id, crypto txid) pairs found, and the true ones."""
    data = sim_world(world)
    bridges = match_bridges(data.table, sim_rates(world), services=sim_services(world))
    found = bridges.to_table(data.table).to_pylist()
    truth = pq.read_table(world / "truth/bridges.parquet").to_pylist()
    return {
        way: (
            {
                (r["fiat_transfer_id"], r["crypto_transfer_id"].split(":")[1])
                for r in found
                if r["direction"] == way
            },
            {(r["fiat_transfer_id"], r["crypto_txid"]) for r in truth if r["direction"] == way},
        )
        for way in (TO_CRYPTO, TO_FIAT)
    }


def test_bridges_of_a_simulated_world_match_its_truth(tiny_world: Path) -> None:
    pairs = _sim_pairs(tiny_world)
    found, true = pairs[TO_CRYPTO]
    assert len(true) > 20
    assert len(found & true) >= 0.95 * len(true)
    assert len(found & true) >= 0.95 * len(found)
    # cash-out: traders pay from many cards and accounts; they recur by holder
    found, true = pairs[TO_FIAT]
    assert len(true) > 10
    assert len(found & true) >= 0.9 * len(true)
    assert len(found & true) >= 0.9 * len(found)


def _edge_of(table: pa.Table, prefix: str) -> int:
    """The row of the transfer whose id starts with `prefix`."""
    ids = table.column("transfer_id").to_pylist()
    return next(i for i, name in enumerate(ids) if name.startswith(prefix))


def test_traces_cross_the_simulated_bridges_both_ways(tiny_world: Path) -> None:
    g = sim_graph(tiny_world)
    assert g.table is not None
    truth = pq.read_table(tiny_world / "truth/bridges.parquet").to_pylist()
    back, ahead = TraceParams(direction=Direction.BACKWARD, depth=2), TraceParams(depth=2)
    crossed = {TO_CRYPTO: 0, TO_FIAT: 0}
    for r in truth[:: max(1, len(truth) // 12)]:
        fiat = _edge_of(g.table, r["fiat_transfer_id"])
        coin = _edge_of(g.table, f"tron:{r['crypto_txid']}")
        if g.pair is None or max(g.pair[fiat], g.pair[coin]) < 0:
            continue  # not matched
        first, second = (coin, fiat) if r["direction"] == TO_FIAT else (fiat, coin)
        end = g.names(g.edges.dst[[second]])[0]
        start = g.names(g.edges.src[[first]])[0]
        backward = trace(g, [end], back)
        assert {first, second} <= set(backward.reach.edges.tolist())
        assert start in g.names(backward.reach.nodes)
        forward = trace(g, [start], ahead)
        assert {first, second} <= set(forward.reach.edges.tolist())
        assert forward.edge_attributed[np.searchsorted(forward.reach.edges, second)] > 0
        crossed[r["direction"]] += 1
    assert min(crossed.values()) >= 2


def _tron(coin: list[Row]) -> pa.Table:
    """The USDT rows as the lake's `crypto_transfers` (TRON legs)."""
    rows = [
        crypto_row(
            chain="tron",
            txid=f"x{i}",
            ts=at(hour),
            leg_kind="transfer",
            leg=0,
            from_address=src,
            to_address=dst,
            asset="USDT",
            decimals=6,
            amount_minor=round(amount * USDT),
            source="test",
        )
        for i, (src, dst, hour, amount) in enumerate(coin)
    ]
    return pa.Table.from_pylist(rows, schema=CRYPTO_TRANSFER_SCHEMA)


def test_the_command_traces_the_lake_crypto_across_bridges() -> None:
    g, bridges = trace_cmd._graph(transfers(FIAT), _tron(COIN), {"KZT": 1.0, "USDT": 500.0})
    result = trace(g, ["D"])
    assert set(g.names(result.reach.nodes)) == {"D", "X", "tron:A", "tron:O"}
    assert bridges is not None
    assert g.table is not None
    traced = traced_bridges(bridges, g.table, result.reach.edges)
    assert [(b["fiat_transfer_id"], b["crypto_transfer_id"]) for b in traced] == [
        ("t0", "tron:x0:0")
    ]
    assert 0.6 <= traced[0]["confidence"] <= 1.0
    with pytest.raises(MoneytrailError, match="--rate USDT"):
        trace_cmd._graph(transfers(FIAT), _tron(COIN), None)
