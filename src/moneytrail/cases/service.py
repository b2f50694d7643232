"""How every service call runs: check, act, audit, commit; a refusal is audited and committed
before it is raised, so no refusal ever goes unrecorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from moneytrail.cases import audit
from moneytrail.cases.access import Action, Principal, case_refusal, role_refusal
from moneytrail.cases.errors import (
    AccessDenied,
    AuthError,
    CasesError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    StaleObject,
)
from moneytrail.cases.records import Case, CaseShare

T = TypeVar("T")

OUTCOMES: dict[type[CasesError], str] = {
    AccessDenied: "denied",
    InvalidTransition: "invalid",
    InvalidInput: "invalid",
    NotFound: "not_found",
    AuthError: "auth_failed",
    StaleObject: "stale",
}


def _refused(db: Session, who: Principal, action: StrEnum, obj: str, exc: CasesError) -> None:
    db.rollback()
    outcome = next((OUTCOMES[c] for c in type(exc).__mro__ if c in OUTCOMES), "error")
    audit.append(db, who, action.value, obj, outcome, {"reason": str(exc)})
    db.commit()


def perform(
    db: Session,
    who: Principal,
    action: StrEnum,
    obj: str,
    work: Callable[[], T],
    detail: Callable[[T], Mapping[str, Any]] | None = None,
) -> T:
    """Run `work` as one audited transaction; refusals are audited, committed, then raised."""
    try:
        result = work()
        db.flush()
        audit.append(db, who, action.value, obj, "ok", detail(result) if detail else {})
        db.commit()
    except StaleDataError as exc:
        stale = StaleObject(f"{obj} was changed by someone else; read it again and retry")
        _refused(db, who, action, obj, stale)
        raise stale from exc
    except IntegrityError as exc:
        conflict = InvalidInput(f"{obj}: conflicts with existing data (a duplicate?)")
        _refused(db, who, action, obj, conflict)
        raise conflict from exc
    except CasesError as exc:
        _refused(db, who, action, obj, exc)
        raise
    return result


def require_role(who: Principal, action: Action) -> None:
    """Refuse when the user's role or agency kind does not allow the action."""
    reason = role_refusal(who, action)
    if reason:
        raise AccessDenied(reason)


def shared_agencies(db: Session, case_id: int) -> set[int]:
    """The agencies a case is shared with (its owner not included)."""
    stmt = select(CaseShare.agency_id).where(CaseShare.case_id == case_id)
    return set(db.scalars(stmt))


def load_case(db: Session, who: Principal, action: Action, case_id: int) -> Case:
    """The case, once role, agency kind and need-to-know allow the action on it."""
    require_role(who, action)
    case = db.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    reason = case_refusal(who, case.owner_agency_id, shared_agencies(db, case_id))
    if reason:
        raise AccessDenied(f"case {case_id}: {reason}")
    return case
