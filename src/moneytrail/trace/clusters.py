"""Bitcoin traced by co-spend clusters: the inputs of one transaction have one owner.

Addresses spent together in a transaction are joined (union-find), except in a CoinJoin,
where several owners pool inputs. A transaction is taken for a CoinJoin when at least
`min_equal_outputs` of its outputs have one value and its inputs come from at least
`min_inputs` distinct addresses (the equal-denomination mark of Wasabi, Whirlpool and
JoinMarket). A cluster is the instrument `bitcoin:<its smallest address>`; its other
addresses are aliases, so a seed naming any of them finds it.

As transfers (the inputs into CoinJoins, then the outputs, each in the order its leg first
appears in the chain data): each output of an ordinary transaction goes from the inputs'
cluster to the output address's cluster (outputs back into the same cluster, change, are
left out). A CoinJoin becomes a node `bitcoin-coinjoin:<txid>`: every input flows into it
and every output out of it, so a trace crosses a mix only with its dilution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.graph.kernels.components import components
from moneytrail.model.crypto import BITCOIN, INPUT_LEG, OUTPUT_LEG, wallet_id
from moneytrail.model.transfers import Channel, InstrumentKind

I64 = npt.NDArray[np.int64]
COINJOIN = "bitcoin-coinjoin"


@dataclass(frozen=True, slots=True)
class CoinJoinRules:
    """When a transaction is taken for a CoinJoin."""

    min_equal_outputs: int = 3
    min_inputs: int = 2


@dataclass(frozen=True, slots=True)
class Clusters:
    """Every address seen, and the instrument of its cluster."""

    node: dict[str, str]
    coinjoins: frozenset[str]

    @property
    def aliases(self) -> dict[str, str]:
        """Instrument ids of addresses that are not their cluster's name → the cluster's."""
        return {
            wallet_id(BITCOIN, a): n for a, n in self.node.items() if n != wallet_id(BITCOIN, a)
        }


def _legs(crypto: pa.Table, kind: str) -> pa.Table:
    chain = pc.equal(crypto.column("chain"), BITCOIN)
    return crypto.filter(pc.and_(chain, pc.equal(crypto.column("leg_kind"), kind)))


KEY = ("txid", "leg_kind", "leg")
VALUES = ("chain", "ts", "from_address", "to_address", "amount_minor")


def distinct_legs(crypto: pa.Table) -> pa.Table:
    """The Bitcoin legs, each once (a lake may hold a transaction from two sources), in the
    order of their first place in `crypto`, with each column's first non-null value."""
    legs = crypto.filter(pc.equal(crypto.column("chain"), BITCOIN)).select([*KEY, *VALUES])
    legs = legs.append_column("at", pa.array(np.arange(legs.num_rows, dtype=np.int64)))
    wanted = [(v, "first") for v in VALUES] + [("at", "min")]
    first = legs.group_by(list(KEY), use_threads=False).aggregate(wanted).sort_by("at_min")
    first = first.drop_columns(["at_min"])
    return first.rename_columns([c.removesuffix("_first") for c in first.column_names])


def coinjoins(legs: pa.Table, rules: CoinJoinRules | None = None) -> frozenset[str]:
    """Txids of the transactions taken for CoinJoins."""
    rules = rules or CoinJoinRules()
    equal = (
        _legs(legs, OUTPUT_LEG)
        .group_by(["txid", "amount_minor"])
        .aggregate([("leg", "count")])
        .group_by("txid")
        .aggregate([("leg_count", "max")])
    )
    inputs = _legs(legs, INPUT_LEG).group_by("txid").aggregate([("from_address", "count_distinct")])
    joined = equal.join(inputs, "txid")
    hit = pc.and_(
        pc.greater_equal(joined.column("leg_count_max"), rules.min_equal_outputs),
        pc.greater_equal(joined.column("from_address_count_distinct"), rules.min_inputs),
    )
    return frozenset(joined.filter(hit).column("txid").to_pylist())


def cluster(legs: pa.Table, rules: CoinJoinRules | None = None) -> Clusters:
    """Co-spend clusters of every address in the Bitcoin legs, CoinJoins left unjoined."""
    mixed = coinjoins(legs, rules)
    inputs = _legs(legs, INPUT_LEG).select(["txid", "from_address"])
    inputs = inputs.filter(pc.is_valid(inputs.column("from_address")))
    seen = pc.unique(
        pa.chunked_array(
            inputs.column("from_address").chunks
            + _legs(legs, OUTPUT_LEG).column("to_address").drop_null().chunks,
            pa.string(),
        )
    )
    addresses = pc.sort_indices(seen)
    ordered = seen.take(addresses)
    joinable = inputs.filter(
        pc.invert(pc.is_in(inputs.column("txid"), pa.array(sorted(mixed), pa.string())))
    )
    first = joinable.group_by("txid").aggregate([("from_address", "min")])
    pairs = joinable.join(first, "txid")
    a = np.asarray(pc.index_in(pairs.column("from_address"), ordered), np.int64)
    b = np.asarray(pc.index_in(pairs.column("from_address_min"), ordered), np.int64)
    root = components(len(ordered), a, b)
    names = ordered.to_pylist()
    node = {
        addr: wallet_id(BITCOIN, names[r]) for addr, r in zip(names, root.tolist(), strict=True)
    }
    return Clusters(node, mixed)


def _row(
    txid: str, leg: int, ts: Any, amount: int, src: str, dst: str, kind: str
) -> dict[str, Any]:
    return {
        "transfer_id": f"{BITCOIN}:{txid}:{kind}{leg}",
        "ts": ts,
        "amount_minor": amount,
        "currency": "BTC",
        "chain": BITCOIN,
        "channel": Channel.CRYPTO_TRANSFER.value,
        "src_instrument": src,
        "src_instrument_kind": InstrumentKind.WALLET.value,
        "dst_instrument": dst,
        "dst_instrument_kind": InstrumentKind.WALLET.value,
        "source": "moneytrail.trace.clusters",
    }


def bitcoin_transfers(
    crypto: pa.Table, rules: CoinJoinRules | None = None
) -> tuple[pa.Table, Clusters]:
    """The Bitcoin legs as transfers between clusters (and through CoinJoin nodes)."""
    legs = distinct_legs(crypto)
    found = cluster(legs, rules)
    payer: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}  # by transfer id: a leg given twice counts once
    for leg in _legs(legs, INPUT_LEG).to_pylist():
        if leg["from_address"] is None:
            continue
        src = found.node[leg["from_address"]]
        payer.setdefault(leg["txid"], src)
        if leg["txid"] in found.coinjoins and leg["amount_minor"] is not None:
            hub = f"{COINJOIN}:{leg['txid']}"
            row = _row(leg["txid"], leg["leg"], leg["ts"], leg["amount_minor"], src, hub, "in")
            rows[row["transfer_id"]] = row
    for leg in _legs(legs, OUTPUT_LEG).to_pylist():
        txid, to = leg["txid"], leg["to_address"]
        if to is None or txid not in payer or leg["amount_minor"] is None:
            continue
        src = f"{COINJOIN}:{txid}" if txid in found.coinjoins else payer[txid]
        if src != found.node[to]:
            row = _row(txid, leg["leg"], leg["ts"], leg["amount_minor"], src, found.node[to], "")
            rows[row["transfer_id"]] = row
    empty = pa.table({"transfer_id": pa.array([], pa.string())})
    return (pa.Table.from_pylist(list(rows.values())) if rows else empty), found
