"""/v1/decisions: the store of automated dropper decisions and the reviewer loop. Scoring
systems import decision logs; reviewers list the queue, read a decision, confirm, overturn
or lift it, attach it to a case; reviews come back as labels. Need-to-know and audit are
the services' (`moneytrail.decisions`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from moneytrail.api.deps import Db, Who
from moneytrail.cases.errors import InvalidInput
from moneytrail.decisions import queue as store_queue
from moneytrail.decisions.queue import MAX_PAGE, QueueFilter
from moneytrail.decisions.review import ReviewEvent, attach, review
from moneytrail.decisions.store import record

router = APIRouter(prefix="/v1", tags=["decisions"])

DecisionId = Annotated[int, Path(ge=1, description="A stored decision's number.")]
MAX_IMPORT = 64 * 1024 * 1024


class Review(BaseModel):
    """Why (needed to overturn or lift), and the version the reviewer saw."""

    note: str = Field("", max_length=4000)
    version: int | None = Field(None, ge=1)


class Attach(BaseModel):
    """A case the reviewer's agency can see."""

    case_id: int = Field(ge=1)
    note: str = Field("", max_length=4000)


@router.get("/decisions")
def list_queue(
    who: Who,
    db: Db,
    status: Annotated[str | None, Query(max_length=16)] = "open",
    action: Annotated[str | None, Query(max_length=8)] = None,
    min_score: Annotated[float | None, Query(ge=0)] = None,
    account: Annotated[str | None, Query(max_length=128)] = None,
    case_id: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> dict[str, Any]:
    """Decisions waiting for review that the agency may see, blocks first, by score
    (`status=` empty for every status)."""
    which = QueueFilter(status or None, action, None, min_score, account, case_id)
    return asdict(store_queue.queue(db, who, which, offset, limit))


@router.post("/decisions/import")
async def import_log(request: Request, who: Who, db: Db) -> dict[str, Any]:
    """Store a decision log (JSON lines in `Decision.to_json` form, the request body) once
    each; the lines not stored come back with their line number and reason."""
    body = await request.body()
    if len(body) > MAX_IMPORT:
        raise InvalidInput(f"body: at most {MAX_IMPORT} bytes per import; split the log")
    source = request.headers.get("x-source", "api")[:200]
    report = record(db, who, body.decode("utf-8", "replace").splitlines(), source)
    return report.counts() | {"quarantined_lines": [asdict(q) for q in report.quarantined]}


@router.get("/decisions/labels")
def labels(who: Who, db: Db) -> list[dict[str, Any]]:
    """Reviewed decisions as training labels: 1 confirmed (a dropper), 0 overturned."""
    rows: list[dict[str, Any]] = store_queue.labels(db, who).to_pylist()
    return rows


@router.get("/decisions/{decision_id}")
def get_decision(decision_id: DecisionId, who: Who, db: Db) -> dict[str, Any]:
    """One decision: reasons, rules, versions, inputs, source and reviews (audited)."""
    return store_queue.get(db, who, decision_id)


@router.post("/decisions/{decision_id}/attach")
def attach_to_case(decision_id: DecisionId, body: Attach, who: Who, db: Db) -> dict[str, Any]:
    """Attach the decision to a case; the case's member agencies then see it."""
    return attach(db, who, decision_id, body.case_id, body.note)


@router.post("/decisions/{decision_id}/{event}")
def review_decision(
    decision_id: DecisionId, event: ReviewEvent, body: Review, who: Who, db: Db
) -> dict[str, Any]:
    """Confirm, overturn or lift; refused with 409 when the decision's state does not allow
    it, 409 when someone reviewed it since `version`."""
    return review(db, who, decision_id, event, body.note, body.version)
