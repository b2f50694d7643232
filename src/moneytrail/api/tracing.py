"""Traces for the API and the UI: run one over the configured transfers, audited, and save
one to a case as evidence. Tracing needs the role that may add evidence (analysts,
investigators, supervisors, systems): a trace is evidence in the making."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.cases import audit
from moneytrail.cases.access import Principal
from moneytrail.cases.cases import mask_pans
from moneytrail.cases.db import utcnow
from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.evidence import EvidenceKind, Provenance, add_evidence
from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.api import trace
from moneytrail.trace.params import Direction, HubOrder, Policy, TraceParams, as_utc
from moneytrail.trace.result import TraceResult, node_rows

TRACE_RUN = "trace.run"
"""The audit action of a trace (the trace shows instruments: personal data)."""


class TraceQuery(BaseModel):
    """What an investigator asks: seeds, direction, policy, window and limits."""

    model_config = ConfigDict(extra="forbid")

    seeds: list[str] = Field(min_length=1, max_length=50)
    direction: Direction = Direction.FORWARD
    policy: Policy = Policy.HAIRCUT
    depth: int = Field(6, ge=1, le=20)
    start: datetime | None = None
    end: datetime | None = None
    hub_limit: int | None = Field(None, ge=1)
    hub_order: HubOrder = HubOrder.EARLIEST
    rows: int = Field(300, ge=1, le=2000)

    def params(self) -> TraceParams:
        """The trace parameters (times without a zone are UTC)."""
        try:
            return TraceParams(
                direction=self.direction,
                depth=self.depth,
                start=as_utc(self.start),
                end=as_utc(self.end),
                policy=self.policy,
                hub_limit=self.hub_limit,
                hub_order=self.hub_order,
            )
        except ValueError as exc:
            raise InvalidInput(f"trace parameters: {exc}") from exc


def shown_nodes(graph: TemporalGraph, result: TraceResult, data: dict[str, Any]) -> list[Any]:
    """The nodes the shown edges join, and the seeds: every shown edge has both ends, and no
    shown node stands alone unless it is a seed (node and edge row limits cut differently)."""
    ends = {e["src"] for e in data["edges"]} | {e["dst"] for e in data["edges"]}
    named = ends | {s["instrument"] for s in data["seeds"]}
    keep = np.isin(result.reach.nodes, graph.lookup(sorted(named)))
    # node_rows ranks by money received: the nodes not kept are ranked last, and cut off
    ranked = replace(result, node_received=np.where(keep, result.node_received, -np.inf))
    return node_rows(graph, ranked, int(keep.sum()))


def run_trace(state: AppState, db: Session, who: Principal, query: TraceQuery) -> dict[str, Any]:
    """The trace as JSON (largest flows first, at most `rows`), audited with its id."""
    allow_lake_read(db, who, TRACE_RUN, "trace:?")
    graph = state.graph()
    result = trace(graph, query.seeds, query.params(), state.tokenizer)
    data = result.to_json(graph, query.rows)
    data["nodes"] = shown_nodes(graph, result, data)
    for seed in (*data["seeds"], *data["bad_seeds"]):
        seed["given"] = mask_pans(seed["given"])  # a card number typed as a seed never rests
    detail = {"seeds": len(result.seeds.valid), "nodes": len(data["nodes"])}
    audit.append(db, who, TRACE_RUN, f"trace:{result.id}", "ok", detail)
    db.commit()
    return data


def save_trace(
    state: AppState, db: Session, who: Principal, case_id: int, query: TraceQuery
) -> dict[str, Any]:
    """Run the trace and attach its JSON to a case as evidence; returns ids and hash."""
    data = run_trace(state, db, who, query)
    content = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    where = Provenance("moneytrail.trace", f"trace:{data['trace_id']}", utcnow())
    title = f"trace {data['trace_id'][:12]} {query.direction.value} {query.policy.value}"
    item = add_evidence(db, who, case_id, EvidenceKind.TRACE, title, content, where)
    return {"evidence": item.id, "trace_id": data["trace_id"], "sha256": item.content_hash}
