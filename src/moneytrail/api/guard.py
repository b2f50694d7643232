"""Who may read the lake through the API and the UI: the roles that may add evidence
(analysts, investigators, supervisors, systems), since a trace or an entity page is
evidence in the making. A refusal is audited before it is raised."""

from __future__ import annotations

from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import AccessDenied
from moneytrail.cases.service import require_role


def allow_lake_read(db: Session, who: Principal, action: str, obj: str) -> None:
    """Refuse, audited as `action` on `obj`, a user whose role may not investigate."""
    try:
        require_role(who, Action.EVIDENCE_ADD)
    except AccessDenied as exc:
        audit.append(db, who, action, obj, "denied", {"reason": str(exc)})
        db.commit()
        raise
