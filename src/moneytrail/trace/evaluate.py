"""Trace evaluation on a simulated world: traces from each shop's requisites against the truth.

For each shop, one forward trace starts from its published requisites (cards, phones, TRON
and Bitcoin addresses) over the world's bank, TRON and Bitcoin transfers, with fiat↔crypto
bridges (both ways) matched from the observable data (never from the truth). Two numbers are
scored, and the matched bridges are counted against the truth's (`bridges`):

- `path_recall`: of the drug money's paths (a buyer's payment and every transfer that carried
  a part of it on to where it ended: an exchanger and on to the organizer, a cash-out, a
  courier, a foreign card), the share whose every transfer after the buyer's payment (the
  seed's inflow) is in the trace; also by value and by how the path ended.
- `innocent_share`: of the value the trace attributes (policy as asked, haircut by default)
  to the instruments it reaches beyond the seeds, the share received by innocent ones:
  ordinary cards, accounts and phones of people with no drug role, merchants, ordinary
  wallets (not exchanges' wallets: money reaching an exchange is a crypto exit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.crypto import wallet_id
from moneytrail.trace.api import trace
from moneytrail.trace.bridges import TO_CRYPTO, TO_FIAT, Bridges, match_bridges
from moneytrail.trace.params import SeedMoney, TraceParams
from moneytrail.trace.result import TraceResult
from moneytrail.trace.sources import sim_balances, sim_rates, sim_world

INNOCENT = frozenset({"ordinary", "foreign_ordinary", "citizen", "merchant", "user", "crypto_user"})
"""Truth roles of accounts that had no part in the drug trade. Exchanges' wallets are not
among them: drug money reaching an exchange is a crypto exit the trace must report."""
SEED_PREFIX = {"card": "", "phone": "", "tron": "tron:", "btc": "bitcoin:"}


@dataclass(frozen=True, slots=True)
class ShopScore:
    """One shop's trace scored against the truth."""

    shop: str
    seeds: int
    bad_seeds: int
    paths: int
    recovered: int
    value: int
    recovered_value: int
    attributed: float
    innocent: float
    by_end: dict[str, tuple[int, int]]


def _read(world: Path, name: str, columns: list[str]) -> pa.Table:
    return pq.read_table(world / f"truth/{name}.parquet", columns=columns)


def _people_roles(world: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Truth roles of people by IIN and by phone."""
    people = pq.read_table(
        world / "observable/registry/people.parquet", columns=["person_id", "iin", "phone"]
    ).to_pylist()
    truth = _read(world, "people", ["person_id", "role"]).to_pylist()
    role = {r["person_id"]: r["role"] for r in truth}
    by_iin = {p["iin"]: role[p["person_id"]] for p in people}
    return by_iin, {p["phone"]: role[p["person_id"]] for p in people if p["phone"]}


def roles(world: Path) -> dict[str, str]:
    """The truth role of every instrument a transfer can name in the world: an account's or
    card's own, unless its holder has a part in the drug trade (a courier's ordinary card)."""
    by_iin, by_phone = _people_roles(world)
    bank = world / "observable/bank"
    holder = {
        r["iban"]: by_iin.get(r["holder"], "citizen")
        for r in pq.read_table(bank / "accounts.parquet", columns=["iban", "holder"]).to_pylist()
    }
    cards = pq.read_table(bank / "cards.parquet", columns=["pan", "account_iban"])
    card_iban = {c["pan"]: c["account_iban"] for c in cards.to_pylist()}
    out: dict[str, str] = {}
    for r in _read(world, "accounts", ["iban", "role"]).to_pylist():
        person = holder.get(r["iban"], "citizen")
        out[r["iban"]] = r["role"] if person == "citizen" else person
    for r in _read(world, "cards", ["pan", "role"]).to_pylist():
        person = holder.get(card_iban.get(r["pan"], ""), "citizen")
        out[r["pan"]] = r["role"] if person == "citizen" else person
    out |= by_phone
    wallets = _read(world, "wallets", ["address", "chain", "role"]).to_pylist()
    return out | {wallet_id(r["chain"], r["address"]): r["role"] for r in wallets}


def _node_roles(graph: TemporalGraph, known: Mapping[str, str]) -> list[str]:
    """Per node: its truth role, `merchant` for outlets, else `unknown`."""
    kinds = graph.vocab.kind
    names = graph.names(np.arange(graph.node_count))
    return [
        known.get(name, "merchant" if kinds[k] == "merchant" else "unknown")
        for name, k in zip(names, graph.node_kind.tolist(), strict=True)
    ]


def sim_graph(world: Path) -> TemporalGraph:
    """The world's transfers as one graph in tenge, with bridges, Bitcoin clusters, and the
    exchanges' attributed wallets as stops."""
    return _sim_graph(world)[0]


def _sim_graph(world: Path) -> tuple[TemporalGraph, Bridges]:
    """`sim_graph` and the bridges matched for it."""
    data = sim_world(world)
    rates = sim_rates(world)
    usdt = float(np.mean(list(rates.values())))
    btc = pq.read_table(world / "observable/market/rates.parquet", columns=["btc_usd"])
    btc_kzt = float(pc.mean(btc.column("btc_usd")).as_py()) * usdt
    services = sim_services(world)
    bridges = match_bridges(data.table, rates, services=services)
    graph = build_graph(
        data.table,
        {"KZT": 1.0, "USDT": usdt, "BTC": btc_kzt},
        pair=bridges.pair(data.table.num_rows),
        aliases=data.aliases,
        services=services,
        balances=sim_balances(world, usdt),
    )
    return graph, bridges


def bridge_scores(world: Path, transfers: pa.Table, bridges: Bridges) -> dict[str, Any]:
    """Per direction, the bridges in the world's truth, those matched, and how many of
    these are true (a pair: the tenge transfer and the TRON transaction)."""
    found = bridges.to_table(transfers).to_pylist()
    truth = _read(world, "bridges", ["fiat_transfer_id", "crypto_txid", "direction"])
    out: dict[str, Any] = {}
    for way in (TO_CRYPTO, TO_FIAT):
        true = {
            (r["fiat_transfer_id"], r["crypto_txid"])
            for r in truth.to_pylist()
            if r["direction"] == way
        }
        matched = {
            (r["fiat_transfer_id"], r["crypto_transfer_id"].split(":")[1])
            for r in found
            if r["direction"] == way
        }
        out[way] = {"true": len(true), "found": len(matched), "correct": len(matched & true)}
    return out


def sim_services(world: Path) -> list[str]:
    """The wallets the world's observable data attributes to a service (an exchange)."""
    wallets = pq.read_table(world / "observable/crypto/wallets.parquet").to_pylist()
    return [wallet_id(w["chain"], w["address"]) for w in wallets if w["attributed_to"]]


def _path_transfers(world: Path, graph: TemporalGraph) -> dict[int, set[str]]:
    """Per truth path, the ids of the transfers (in the graph's naming) that carried it on
    from the shop's requisite: all but the buyer's payment, which is the seed's inflow."""
    ids = graph.table.column("transfer_id") if graph.table is not None else pa.array([])
    tron = {i.split(":")[1]: i for i in ids.to_pylist() if i.startswith("tron:")}
    out: dict[int, set[str]] = {}
    portions = _read(world, "path_portions", ["transfer_id", "ledger", "path_id"]).to_pylist()
    for row in portions:
        tid = tron.get(row["transfer_id"], row["transfer_id"])
        out.setdefault(row["path_id"], set()).add(tid)
    for row in _read(world, "path_ends", ["path_id", "transfer_id"]).to_pylist():
        if row["transfer_id"] is not None:
            out.setdefault(row["path_id"], set()).add(row["transfer_id"])
    for row in _read(world, "paths", ["path_id", "origin_transfer_id"]).to_pylist():
        origin = row["origin_transfer_id"]
        out.get(row["path_id"], set()).discard(tron.get(origin, origin))
    return out


def _seeds(world: Path, shop: str) -> list[str]:
    rows = _read(world, "shop_requisites", ["shop_id", "kind", "value"]).to_pylist()
    return [SEED_PREFIX[r["kind"]] + r["value"] for r in rows if r["shop_id"] == shop]


def _attributed(result: TraceResult, innocent: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """Attributed value received beyond the seeds: in all, and by innocent nodes."""
    others = ~np.isin(result.reach.nodes, result.seeds.nodes)
    received = result.node_received[others]
    return float(received.sum()), float(received[innocent[result.reach.nodes[others]]].sum())


def score_shop(
    graph: TemporalGraph,
    result: TraceResult,
    paths: list[dict[str, Any]],
    carried: dict[int, set[str]],
    innocent: npt.NDArray[np.bool_],
) -> ShopScore:
    """A shop's trace against its truth paths and the roles of the nodes it reached."""
    ids = graph.table.column("transfer_id") if graph.table is not None else pa.array([])
    traced = set(ids.take(pa.array(result.reach.edges)).to_pylist())
    by_end: dict[str, tuple[int, int]] = {}
    recovered = value = recovered_value = 0
    for path in paths:
        ok = carried.get(path["path_id"], set()) <= traced
        recovered, value = recovered + ok, value + path["amount_minor"]
        recovered_value += path["amount_minor"] * ok
        n, k = by_end.get(path["end_kind"], (0, 0))
        by_end[path["end_kind"]] = (n + 1, k + ok)
    return ShopScore(
        paths[0]["shop_id"] if paths else "",
        len(result.seeds.valid),
        len(result.seeds.bad),
        len(paths),
        recovered,
        value,
        recovered_value,
        *_attributed(result, innocent),
        by_end,
    )


def evaluate_world(world: Path, params: TraceParams | None = None) -> dict[str, Any]:
    """Trace every shop of the world from its requisites; the scores, overall and per shop."""
    params = params or TraceParams(depth=10, seed_money=SeedMoney.RECEIVED)
    graph, bridges = _sim_graph(world)
    innocent = np.isin(_node_roles(graph, roles(world)), list(INNOCENT))
    carried = _path_transfers(world, graph)
    ends = {
        r["path_id"]: r["end_kind"]
        for r in _read(world, "path_ends", ["path_id", "end_kind"]).to_pylist()
    }
    paths = _read(world, "paths", ["path_id", "shop_id", "amount_minor"]).to_pylist()
    scores = []
    for shop in sorted({p["shop_id"] for p in paths}):
        mine = [
            p | {"end_kind": ends.get(p["path_id"], "none")} for p in paths if p["shop_id"] == shop
        ]
        result = trace(graph, _seeds(world, shop), params)
        scores.append(score_shop(graph, result, mine, carried, innocent))
    report = _summary(scores, params)
    if graph.table is not None:
        report["bridges"] = bridge_scores(world, graph.table, bridges)
    return report


def _summary(scores: list[ShopScore], params: TraceParams) -> dict[str, Any]:
    paths = sum(s.paths for s in scores)
    value = sum(s.value for s in scores)
    attributed = sum(s.attributed for s in scores)
    by_end: dict[str, list[int]] = {}
    for s in scores:
        for kind, (n, k) in s.by_end.items():
            by_end.setdefault(kind, [0, 0])
            by_end[kind][0] += n
            by_end[kind][1] += k
    return {
        "params": params.to_json(),
        "paths": paths,
        "path_recall": sum(s.recovered for s in scores) / paths if paths else None,
        "value_recall": sum(s.recovered_value for s in scores) / value if value else None,
        "innocent_share": sum(s.innocent for s in scores) / attributed if attributed else None,
        "by_end": {k: {"paths": n, "recovered": r} for k, (n, r) in sorted(by_end.items())},
        "shops": [
            {
                "shop": s.shop,
                "seeds": s.seeds,
                "bad_seeds": s.bad_seeds,
                "paths": s.paths,
                "recovered": s.recovered,
                "innocent_share": s.innocent / s.attributed if s.attributed else None,
            }
            for s in scores
        ],
    }
