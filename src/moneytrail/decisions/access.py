"""Who may do what with stored decisions, declared as data beside `cases.access`.

The financial monitoring agency (FIU) runs detection: its analysts and supervisors see the
whole queue, confirm or overturn decisions, lift blocks and attach a decision to a case; its
scoring systems record decisions and read the labels. Another agency sees a decision only
once it is attached to a case that agency owns or is a member of: there its analysts,
investigators, prosecutors and supervisors may read it, and a prosecutor may lift the block.
"""

from __future__ import annotations

from enum import StrEnum

from moneytrail.cases.access import AgencyKind, Principal, Role


class DecisionAction(StrEnum):
    """Every action on stored decisions, as named in the audit log."""

    RECORD = "decision.record"
    READ = "decision.read"
    REVIEW = "decision.review"
    LIFT = "decision.lift"
    ATTACH = "decision.attach"
    LABELS = "decision.labels"


K, R = AgencyKind, Role
DOMESTIC = frozenset(set(AgencyKind) - {K.FOREIGN})


def _pairs(kinds: frozenset[AgencyKind], roles: set[Role]) -> frozenset[tuple[AgencyKind, Role]]:
    return frozenset((k, r) for k in kinds for r in roles)


FIU = frozenset({K.FIU})
D = DecisionAction
POLICY: dict[DecisionAction, frozenset[tuple[AgencyKind, Role]]] = {
    D.RECORD: _pairs(FIU, {R.SYSTEM, R.ANALYST, R.SUPERVISOR}),
    D.READ: _pairs(DOMESTIC, {R.ANALYST, R.INVESTIGATOR, R.PROSECUTOR, R.SUPERVISOR}),
    D.REVIEW: _pairs(FIU, {R.ANALYST, R.SUPERVISOR}),
    D.LIFT: _pairs(FIU, {R.ANALYST, R.SUPERVISOR}) | {(K.PROSECUTOR, R.PROSECUTOR)},
    D.ATTACH: _pairs(FIU, {R.ANALYST, R.SUPERVISOR}),
    D.LABELS: _pairs(FIU, {R.SYSTEM, R.ANALYST, R.SUPERVISOR}),
}
"""Action → the (agency kind, role) pairs that may take it."""


def refusal(who: Principal, action: DecisionAction) -> str | None:
    """Why the user's agency kind and role forbid the action, or None when they allow it."""
    if who.agency_kind is None or who.role is None:
        return f"not logged in: may not {action.value}"
    if (who.agency_kind, who.role) not in POLICY[action]:
        return f"role {who.role} of a {who.agency_kind} agency may not {action.value}"
    return None


def sees_every_decision(who: Principal) -> bool:
    """The FIU sees the whole queue; other agencies only decisions attached to their cases."""
    return who.agency_kind == K.FIU
