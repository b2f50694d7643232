"""/v1/stats and /v1/audit: national statistics; the audit log for auditors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from moneytrail.api.deps import Db, Who
from moneytrail.cases import auditing, stats

router = APIRouter(prefix="/v1", tags=["statistics"])


@router.get("/stats")
def statistics(who: Who, db: Db) -> dict[str, Any]:
    """National figures: cases, cards blocked, accounts restricted abroad, outcomes, ledger."""
    return stats.statistics(db, who)


@router.get("/audit")
def audit_log(
    who: Who,
    db: Db,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Audit entries after a sequence number (auditors and supervisors)."""
    return auditing.read_log(db, who, after, limit)


@router.get("/audit/verify")
def verify(who: Who, db: Db) -> dict[str, Any]:
    """Walk the hash chain and name the first bad entry, if any."""
    report: dict[str, Any] = auditing.verify_log(db, who).to_json()
    return report
