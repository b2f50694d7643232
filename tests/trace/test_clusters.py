"""Bitcoin co-spend clusters, CoinJoins kept apart, and traces that follow clusters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa

from moneytrail.graph.build import build_graph
from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA, crypto_row
from moneytrail.trace.api import trace
from moneytrail.trace.clusters import bitcoin_transfers, cluster, coinjoins, distinct_legs
from moneytrail.trace.sources import combine
from tests.graph.tables import transfers

T0 = datetime(2026, 1, 1, tzinfo=UTC)
Tx = tuple[str, int, list[tuple[str, int]], list[tuple[str, int]]]


def _legs(txs: list[Tx]) -> pa.Table:
    """Bitcoin legs of (txid, hour, inputs, outputs), addresses with values in satoshi."""
    rows: list[dict[str, Any]] = []
    for txid, hour, ins, outs in txs:
        common = {"chain": "bitcoin", "txid": txid, "ts": T0 + timedelta(hours=hour)}
        common |= {"asset": "BTC", "decimals": 8, "source": "test"}
        common["input_addresses"] = sorted({a for a, _ in ins})
        for i, (address, value) in enumerate(ins):
            rows.append(
                crypto_row(
                    **common, leg_kind="input", leg=i, from_address=address, amount_minor=value
                )
            )
        for i, (address, value) in enumerate(outs):
            rows.append(
                crypto_row(
                    **common, leg_kind="output", leg=i, to_address=address, amount_minor=value
                )
            )
    return pa.Table.from_pylist(rows, schema=CRYPTO_TRANSFER_SCHEMA)


TXS: list[Tx] = [
    ("t1", 1, [("a", 60), ("b", 50)], [("c", 100), ("a2", 9)]),
    ("t2", 2, [("c", 100), ("d", 30)], [("e", 120), ("c", 9)]),
    ("mix", 3, [("e", 120), ("x", 120), ("y", 120)], [("p", 100), ("q", 100), ("r", 100)]),
    ("t3", 4, [("p", 100)], [("s", 99)]),
]


def test_inputs_spent_together_are_one_cluster_except_in_a_coinjoin() -> None:
    legs = _legs(TXS)
    assert coinjoins(legs) == frozenset({"mix"})
    node = cluster(legs).node
    assert node["a"] == node["b"] == "bitcoin:a"
    assert node["c"] == node["d"] == "bitcoin:c"
    assert len({node["e"], node["x"], node["y"]}) == 3


def test_transfers_run_between_clusters_and_through_a_coinjoin() -> None:
    table, _ = bitcoin_transfers(_legs(TXS))
    src, dst = table["src_instrument"].to_pylist(), table["dst_instrument"].to_pylist()
    flows = set(zip(src, dst, strict=True))
    assert ("bitcoin:a", "bitcoin:c") in flows
    assert ("bitcoin:a", "bitcoin:a2") in flows  # change to a new address is not detected
    assert ("bitcoin:c", "bitcoin:c") not in flows  # back to the payer's cluster
    assert ("bitcoin:e", "bitcoin-coinjoin:mix") in flows
    assert ("bitcoin-coinjoin:mix", "bitcoin:p") in flows
    assert ("bitcoin:x", "bitcoin:p") not in flows


def test_a_trace_from_any_address_of_a_cluster_follows_it() -> None:
    data = combine(transfers([("K", "L", 0, 1)]), _legs(TXS))
    g = build_graph(data.table, {"KZT": 1.0, "BTC": 50_000_000.0}, aliases=data.aliases)
    result = trace(g, ["bitcoin:d"], None)
    assert [s.instrument for s in result.seeds.valid] == ["bitcoin:d"]
    reached = set(g.names(result.reach.nodes))
    assert {"bitcoin:c", "bitcoin:e", "bitcoin-coinjoin:mix", "bitcoin:p", "bitcoin:s"} <= reached


def test_a_transaction_given_twice_counts_once() -> None:
    legs = _legs([*TXS, ("t4", 5, [("s", 50), ("u", 50)], [("v", 45), ("w", 45)])])
    twice = pa.concat_tables([legs, legs])  # 4 equal outputs, were it not deduplicated
    once, _ = bitcoin_transfers(legs)
    again, found = bitcoin_transfers(twice)
    assert found.coinjoins == frozenset({"mix"})
    assert sorted(again["transfer_id"].to_pylist()) == sorted(once["transfer_id"].to_pylist())


def test_legs_given_twice_count_once_in_order_of_first_place() -> None:
    """Each leg once, where it first appears, with its first values (so both engines number
    Bitcoin transfers alike: Arrow's group-by alone puts leg `mix0`/output/0 last here)."""
    given = _legs([(f"{txid}0", *rest) for txid, *rest in TXS])  # type: ignore[misc]
    amount = given.schema.get_field_index("amount_minor")
    again = given.slice(0, 1).set_column(amount, "amount_minor", pa.array([1], pa.int64()))
    legs = distinct_legs(pa.concat_tables([given, again]))

    def keys(table: pa.Table) -> list[tuple[Any, ...]]:
        columns = (table.column(k).to_pylist() for k in ("txid", "leg_kind", "leg"))
        return list(zip(*columns, strict=True))

    assert keys(legs) == keys(given)
    assert legs.column("amount_minor").to_pylist() == given.column("amount_minor").to_pylist()
