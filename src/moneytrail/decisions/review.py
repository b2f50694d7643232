"""The reviewer loop as an explicit state machine; each step is stored and audited.

    open ─confirm→ confirmed ─overturn→ overturned      (an appeal upheld)
    open ─overturn→ overturned                           (a block overturned is lifted with it)
    open | confirmed ─lift→ lifted                        (blocks only)

Confirming labels the decision 1 (a dropper), overturning labels it 0; lifting ends a
block without judging it. Overturning and lifting need a note saying why.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import InvalidInput, InvalidTransition, StaleObject
from moneytrail.cases.service import load_case, perform
from moneytrail.decisions.access import DecisionAction, refusal
from moneytrail.decisions.records import DecisionReview, StoredDecision
from moneytrail.decisions.views import detail, load


class ReviewEvent(StrEnum):
    """What a reviewer can do to a stored decision."""

    CONFIRM = "confirm"
    OVERTURN = "overturn"
    LIFT = "lift"


E, D = ReviewEvent, DecisionAction
STATUSES = ("open", "confirmed", "overturned", "lifted")
TRANSITIONS: dict[tuple[str, ReviewEvent], tuple[str, DecisionAction]] = {
    ("open", E.CONFIRM): ("confirmed", D.REVIEW),
    ("open", E.OVERTURN): ("overturned", D.REVIEW),
    ("confirmed", E.OVERTURN): ("overturned", D.REVIEW),
    ("open", E.LIFT): ("lifted", D.LIFT),
    ("confirmed", E.LIFT): ("lifted", D.LIFT),
}
"""(status, event) → (new status, the action it needs). Anything else is refused."""

ACTION_OF_EVENT = {event: action for (_, event), (_, action) in TRANSITIONS.items()}
LABEL_OF = {E.CONFIRM: 1, E.OVERTURN: 0}
NEEDS_NOTE = frozenset({E.OVERTURN, E.LIFT})


def block_active(d: StoredDecision) -> bool:
    """Whether the decision still blocks its transfer."""
    return d.action == "block" and d.status in ("open", "confirmed")


def moves(who: Principal, d: StoredDecision | dict[str, Any]) -> list[str]:
    """The events this user may apply to the decision now (the UI's buttons)."""
    status = d["status"] if isinstance(d, dict) else d.status
    action = d["action"] if isinstance(d, dict) else d.action
    return [
        event.value
        for (src, event), (_, needed) in TRANSITIONS.items()
        if src == status and refusal(who, needed) is None and (event != E.LIFT or action == "block")
    ]


def _step(d: StoredDecision, event: ReviewEvent) -> str:
    """The status `event` leads to, or the refusal naming what is allowed."""
    step = TRANSITIONS.get((d.status, event))
    if step is not None and (event != E.LIFT or d.action == "block"):
        return step[0]
    if event == E.LIFT and d.action != "block":
        raise InvalidTransition(f"decision {d.id} is a {d.action}, not a block: nothing to lift")
    allowed = sorted(e.value for (s, e) in TRANSITIONS if s == d.status) or ["none"]
    raise InvalidTransition(
        f"decision {d.id} is {d.status}: cannot {event.value} (allowed: {', '.join(allowed)})"
    )


def review(
    db: Session,
    who: Principal,
    decision_id: int,
    event: ReviewEvent,
    note: str = "",
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Apply one event as of `expected_version` (when given); the decision afterwards."""
    action = ACTION_OF_EVENT[event]

    def work() -> dict[str, Any]:
        d = load(db, who, action, decision_id)
        if expected_version is not None and d.version != expected_version:
            raise StaleObject(
                f"decision {decision_id} is at version {d.version}, not {expected_version}"
            )
        if event in NEEDS_NOTE and not note.strip():
            raise InvalidInput(f"note: say why you {event.value} decision {decision_id}")
        before, was_blocking = d.status, block_active(d)
        d.status = _step(d, event)
        d.label = LABEL_OF.get(event, d.label)
        _log(db, who, d, event.value, before, note)
        return detail(db, d) | {"block_lifted": was_blocking and not block_active(d)}

    def audited(result: dict[str, Any]) -> dict[str, Any]:
        return {"event": event.value, "status": result["status"], "lifted": result["block_lifted"]}

    return perform(db, who, action, f"decision:{decision_id}", work, audited)


def attach(
    db: Session, who: Principal, decision_id: int, case_id: int, note: str = ""
) -> dict[str, Any]:
    """Attach a decision to a case the reviewer's agency can see, so that the case's member
    agencies see the decision too."""

    def work() -> dict[str, Any]:
        d = load(db, who, D.ATTACH, decision_id)
        load_case(db, who, Action.CASE_READ, case_id)
        d.case_id = case_id
        _log(db, who, d, "attach", d.status, note or f"attached to case {case_id}")
        return detail(db, d)

    return perform(db, who, D.ATTACH, f"decision:{decision_id}", work, lambda _: {"case": case_id})


def _log(
    db: Session, who: Principal, d: StoredDecision, event: str, before: str, note: str
) -> None:
    db.add(
        DecisionReview(
            decision_id=d.id,
            event=event,
            from_status=before,
            to_status=d.status,
            by=who.username,
            agency=who.agency_code,
            note=note.strip(),
        )
    )


def confirm(
    db: Session, who: Principal, decision_id: int, note: str = "", version: int | None = None
) -> dict[str, Any]:
    """The reviewer agrees: a dropper (label 1); a confirmed block stays in force."""
    return review(db, who, decision_id, E.CONFIRM, note, version)


def overturn(
    db: Session, who: Principal, decision_id: int, note: str, version: int | None = None
) -> dict[str, Any]:
    """The reviewer disagrees: not a dropper (label 0); a block ends with it."""
    return review(db, who, decision_id, E.OVERTURN, note, version)


def lift(
    db: Session, who: Principal, decision_id: int, note: str, version: int | None = None
) -> dict[str, Any]:
    """End a block without judging the decision (an appeal, a court order); recorded."""
    return review(db, who, decision_id, E.LIFT, note, version)
