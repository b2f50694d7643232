"""Fiat→crypto bridges: pairing by time and amount at the day's rate, and tracing across."""

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
from moneytrail.trace.bridges import BridgeRules, match_bridges, traced_bridges
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


def test_bridges_of_a_simulated_world_match_its_truth(tiny_world: Path) -> None:
    data = sim_world(tiny_world)
    found = match_bridges(data.table, sim_rates(tiny_world)).to_table(data.table)
    crypto = [i.split(":")[1] for i in found["crypto_transfer_id"].to_pylist()]
    pairs = set(zip(found["fiat_transfer_id"].to_pylist(), crypto, strict=True))
    truth = pq.read_table(tiny_world / "truth/bridges.parquet").to_pylist()
    true = {
        (r["fiat_transfer_id"], r["crypto_txid"])
        for r in truth
        if r["direction"] == "fiat_to_crypto"
    }
    assert len(true) > 20
    assert len(pairs & true) >= 0.95 * len(true)
    assert len(pairs & true) >= 0.95 * len(pairs)


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
