"""A trace's result: the flow subgraph with amounts, ranked sinks, totals, timeline and id.

Arrays stay numpy until `to_json`, so that a trace over millions of edges is cheap to hold.
The trace id is a SHA-256 over the algorithm version, the parameters, the resolved seeds
and the data version: the same question on the same data always gets the same id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.attribution import Attribution
from moneytrail.trace.engine import Reach
from moneytrail.trace.params import ALGORITHM, TraceParams
from moneytrail.trace.seeds import Seeds
from moneytrail.trace.sinks import Sink, rank_sinks
from moneytrail.trace.summary import Day, Totals, timeline, totals

F64 = npt.NDArray[np.float64]


def trace_id(params: TraceParams, seeds: Seeds, data_version: str) -> str:
    """The stable id of a trace: 32 hex digits of SHA-256 over everything that decides it."""
    key = {
        "algorithm": ALGORITHM,
        "params": params.to_json(),
        "seeds": sorted(s.instrument for s in seeds.valid),
        "data": data_version,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class TraceResult:
    """Everything a trace found; nodes and edges as arrays aligned with their amounts."""

    id: str
    params: TraceParams
    seeds: Seeds
    reach: Reach
    edge_attributed: F64
    node_received: F64
    node_sent: F64
    sinks: tuple[Sink, ...]
    totals: Totals
    timeline: tuple[Day, ...]
    data_version: str

    def to_json(self, graph: TemporalGraph, rows: int = 1000) -> dict[str, Any]:
        """JSON-ready dict; at most `rows` nodes and edges (largest attributed first)."""
        return {
            "trace_id": self.id,
            "algorithm": ALGORITHM,
            "data_version": self.data_version,
            "params": self.params.to_json(),
            "seeds": [{"given": s.given, "instrument": s.instrument} for s in self.seeds.valid],
            "bad_seeds": [{"given": b.given, "reason": b.reason} for b in self.seeds.bad],
            "truncated": self.reach.truncated,
            "totals": self.totals.to_json(),
            "sinks": [s.to_json() for s in self.sinks],
            "timeline": [d.to_json() for d in self.timeline],
            "nodes": node_rows(graph, self, rows),
            "edges": edge_rows(graph, self, rows),
        }


def _iso(micros: int) -> str:
    return np.datetime64(int(micros), "us").item().isoformat() + "Z"


def node_rows(graph: TemporalGraph, result: TraceResult, rows: int) -> list[dict[str, Any]]:
    """The reached nodes, most attributed money received first."""
    r = result.reach
    picked = np.argsort(-result.node_received, kind="stable")[:rows]
    names = graph.names(r.nodes[picked])
    v = graph.vocab
    return [
        {
            "instrument": name,
            "kind": v.kind[graph.node_kind[r.nodes[i]]],
            "country": v.country[graph.node_country[r.nodes[i]]],
            "hop": int(r.hop[i]),
            "first_at": _iso(int(r.arrival[i])),
            "received": float(result.node_received[i]),
            "sent": float(result.node_sent[i]),
        }
        for i, name in zip(picked.tolist(), names, strict=True)
    ]


def _edge_row(
    graph: TemporalGraph, k: int, src: str, dst: str, attributed: float
) -> dict[str, Any]:
    e, v = graph.edges, graph.vocab
    return {
        "row": graph.row(k),
        "src": src,
        "dst": dst,
        "ts": _iso(int(e.ts[k])),
        "amount_minor": int(e.amount_minor[k]),
        "currency": v.currency[e.currency[k]],
        "channel": v.channel[e.channel[k]],
        "amount": float(e.amount[k]),
        "attributed": attributed,
    }


def edge_rows(graph: TemporalGraph, result: TraceResult, rows: int) -> list[dict[str, Any]]:
    """The traced transfers, most attributed first."""
    rank = np.argsort(-result.edge_attributed, kind="stable")[:rows]
    picked = result.reach.edges[rank]
    srcs, dsts = graph.names(graph.edges.src[picked]), graph.names(graph.edges.dst[picked])
    amounts = result.edge_attributed[rank].tolist()
    return [
        _edge_row(graph, k, s, d, a)
        for k, s, d, a in zip(picked.tolist(), srcs, dsts, amounts, strict=True)
    ]


def assemble(
    graph: TemporalGraph, params: TraceParams, seeds: Seeds, found: Reach, amounts: Attribution
) -> TraceResult:
    """The result of a trace from its reach and attribution."""
    attributed = amounts.on(found.edges)
    received, sent = amounts.received[found.nodes], amounts.sent[found.nodes]
    return TraceResult(
        id=trace_id(params, seeds, graph.version),
        params=params,
        seeds=seeds,
        reach=found,
        edge_attributed=attributed,
        node_received=received,
        node_sent=sent,
        sinks=rank_sinks(graph, params, found, attributed, received - sent, seeds),
        totals=totals(graph, found, attributed, amounts, seeds, params.seed_money),
        timeline=timeline(graph, found.edges, attributed),
        data_version=graph.version,
    )
