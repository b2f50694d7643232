"""Loading a decision under need-to-know, and the form every reader gets it in."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal
from moneytrail.cases.errors import AccessDenied, NotFound
from moneytrail.cases.records import Case, CaseShare
from moneytrail.decisions.access import DecisionAction, refusal, sees_every_decision
from moneytrail.decisions.records import DecisionReview, StoredDecision


def require(who: Principal, action: DecisionAction) -> None:
    """Refuse when the user's agency kind and role do not allow the action."""
    reason = refusal(who, action)
    if reason:
        raise AccessDenied(reason)


def visible(who: Principal) -> ColumnElement[bool]:
    """The decisions the user's agency may see: all for the FIU, else those attached to a
    case the agency owns or is a member of."""
    if sees_every_decision(who):
        return true()
    if who.agency_id is None:
        return false()
    shared = select(CaseShare.case_id).where(CaseShare.agency_id == who.agency_id)
    owned = select(Case.id).where(Case.owner_agency_id == who.agency_id)
    return or_(StoredDecision.case_id.in_(shared), StoredDecision.case_id.in_(owned))


def load(db: Session, who: Principal, action: DecisionAction, decision_id: int) -> StoredDecision:
    """The decision, once the role allows the action and need-to-know shows it."""
    require(who, action)
    found = db.get(StoredDecision, decision_id)
    if found is None:
        raise NotFound(f"decision {decision_id} does not exist")
    if not db.scalar(select(true()).where(StoredDecision.id == decision_id, visible(who))):
        raise AccessDenied(f"decision {decision_id}: not shared with agency {who.agency_code}")
    return found


def summary(d: StoredDecision) -> dict[str, Any]:
    """What the queue shows of a decision: accounts as displayed (cards masked), the score,
    the reasons in plain words and the rules that fired."""
    return {
        "id": d.id,
        "transfer_id": d.transfer_id,
        "payer": d.src_shown,
        "payee": d.dst_shown,
        "action": d.action,
        "score": d.score,
        "status": d.status,
        "label": d.label,
        "reasons": json.loads(d.reasons),
        "rules_fired": json.loads(d.rules_fired),
        "decided_at": d.decided_at.isoformat(),
        "case_id": d.case_id,
        "version": d.version,
    }


def detail(db: Session, d: StoredDecision) -> dict[str, Any]:
    """Everything stored: the summary, account ids, versions, inputs, source, reviews."""
    steps = db.scalars(
        select(DecisionReview).where(DecisionReview.decision_id == d.id).order_by(DecisionReview.id)
    )
    reviews = [
        {
            "event": r.event,
            "from": r.from_status,
            "to": r.to_status,
            "by": r.by,
            "agency": r.agency,
            "at": r.at.isoformat(),
            "note": r.note,
        }
        for r in steps
    ]
    return summary(d) | {
        "payer_id": d.src_instrument,
        "payee_id": d.dst_instrument,
        "model_version": d.model_version,
        "rules_version": d.rules_version,
        "data_hash": d.data_hash,
        "inputs": json.loads(d.inputs),
        "source": d.source,
        "recorded_by": d.recorded_by,
        "recorded_at": d.recorded_at.isoformat(),
        "reviews": reviews,
    }
