"""/v1: evidence, traces (run, and save to a case), identifier checks."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from moneytrail.api.deps import Db, State, Who
from moneytrail.api.lookup import check_identifier
from moneytrail.api.routers.cases import CaseId
from moneytrail.api.tracing import TraceQuery, run_trace, save_trace
from moneytrail.cases.evidence import read_evidence

router = APIRouter(prefix="/v1", tags=["evidence"])


@router.get("/evidence/{evidence_id}")
def get_evidence(evidence_id: Annotated[int, Path(ge=1)], who: Who, db: Db) -> dict[str, Any]:
    """One item with its content (JSON content parsed), checked against its hash."""
    item = read_evidence(db, who, evidence_id)
    content: Any = item.content.decode(errors="replace")
    if item.media_type == "application/json":
        content = json.loads(content)
    return {
        "id": item.id,
        "case": item.case_id,
        "kind": item.kind,
        "title": item.title,
        "sha256": item.content_hash,
        "source": item.source,
        "reference": item.source_ref,
        "collected_at": item.collected_at.isoformat(),
        "added_by": item.added_by,
        "content": content,
    }


@router.post("/trace")
def trace(body: TraceQuery, who: Who, db: Db, state: State) -> dict[str, Any]:
    """Follow the money from the seeds over the configured transfers (audited)."""
    return run_trace(state, db, who, body)


@router.post("/cases/{case_id}/traces", status_code=201)
def save(case_id: CaseId, body: TraceQuery, who: Who, db: Db, state: State) -> dict[str, Any]:
    """Run the trace and attach it to the case as evidence."""
    return save_trace(state, db, who, case_id, body)


class Identifier(BaseModel):
    """A value to check: card, IBAN, phone, IIN/BIN, wallet, handle, e-mail."""

    value: str = Field(min_length=1, max_length=200)


@router.post("/ids/check")
def check_id(body: Identifier, who: Who, db: Db, state: State) -> dict[str, Any]:
    """Name an identifier's kind and check it (cards never come back in clear). A POST, so
    that the value stays out of URLs and access logs."""
    return check_identifier(db, who, body.value, state.tokenizer)
