"""Expand a node of the graph explorer: the instruments that sent to it and that it sent to,
with the number of transfers, the amount (in the graph's unit) and the first and last time,
from the same transfer graph that traces run on. Audited as `graph.expand`."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.cases import audit
from moneytrail.cases.access import Principal
from moneytrail.cases.errors import NotFound
from moneytrail.graph.csr import Csr, TemporalGraph

EXPAND = "graph.expand"
"""The audit action of expanding a node."""


def _iso(micros: int) -> str:
    return np.datetime64(micros, "us").item().isoformat() + "Z"


def _side(graph: TemporalGraph, csr: Csr, node: int, limit: int) -> list[dict[str, Any]]:
    """Neighbours through one CSR, most money first."""
    lo, hi = int(csr.ptr[node]), int(csr.ptr[node + 1])
    if lo == hi:
        return []
    nbr, amount, edge = csr.nbr[lo:hi], csr.amount[lo:hi], csr.edge[lo:hi]
    ts = graph.edges.ts[edge]
    others, slot = np.unique(nbr, return_inverse=True)
    totals = np.bincount(slot, weights=amount)
    counts = np.bincount(slot)
    first = np.full(others.size, np.iinfo(np.int64).max)
    last = np.full(others.size, np.iinfo(np.int64).min)
    np.minimum.at(first, slot, ts)
    np.maximum.at(last, slot, ts)
    top = np.argsort(-totals, kind="stable")[:limit]
    names = graph.names(others[top])
    return [
        {
            "instrument": name,
            "kind": graph.vocab.kind[graph.node_kind[others[i]]],
            "transfers": int(counts[i]),
            "amount": float(totals[i]),
            "first": _iso(int(first[i])),
            "last": _iso(int(last[i])),
        }
        for i, name in zip(top.tolist(), names, strict=True)
    ]


def neighbours(
    state: AppState, db: Session, who: Principal, instrument: str, limit: int
) -> dict[str, Any]:
    """Who sent to the instrument (`in`) and whom it sent to (`out`), `limit` each way."""
    obj = f"instrument:{instrument}"
    allow_lake_read(db, who, EXPAND, obj)
    graph = state.graph()
    node = int(graph.lookup([instrument])[0])
    if node < 0:
        audit.append(db, who, EXPAND, obj, "not_found", {})
        db.commit()
        raise NotFound(f"instrument {instrument}: not in the transfer graph")
    data = {
        "instrument": instrument,
        "kind": graph.vocab.kind[graph.node_kind[node]],
        "in": _side(graph, graph.inc, node, limit),
        "out": _side(graph, graph.out, node, limit),
    }
    audit.append(db, who, EXPAND, obj, "ok", {"in": len(data["in"]), "out": len(data["out"])})
    db.commit()
    return data
