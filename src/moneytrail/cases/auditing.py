"""The audit log as a service: auditors read it and verify it, and both are audited too."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import Action, Principal
from moneytrail.cases.models import AuditEntry
from moneytrail.cases.service import perform, require_role

COLUMNS = ("seq", "at", "username", "agency", "action", "object", "outcome", "detail", "hash")


def read_log(db: Session, who: Principal, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """Entries after sequence number `after`, oldest first (needs `audit.read`)."""

    def work() -> list[dict[str, Any]]:
        require_role(who, Action.AUDIT_READ)
        stmt = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq)
        return [{c: getattr(e, c) for c in COLUMNS} for e in db.scalars(stmt.limit(limit))]

    return perform(db, who, Action.AUDIT_READ, f"audit:{after}+", work)


def verify_log(db: Session, who: Principal) -> audit.Report:
    """Verify the chain (needs `audit.read`); the verification itself is logged after it."""

    def work() -> audit.Report:
        require_role(who, Action.AUDIT_READ)
        return audit.verify(db)

    return perform(db, who, Action.AUDIT_READ, "audit:verify", work, lambda r: {"ok": r.ok})
