"""Reports and statistics, derived only from the ledger and the cases: what was arrested,
cards blocked, accounts restricted abroad, labs, groups, arrests and seizures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, AgencyKind, Principal
from moneytrail.cases.db import utcnow
from moneytrail.cases.foreign import AccountStatus, load_request
from moneytrail.cases.records import (
    Case,
    ForeignAccount,
    ForeignRequest,
    Freeze,
    LedgerEntry,
    Outcome,
    Transition,
)
from moneytrail.cases.service import load_case, perform, require_role


def request_report(db: Session, who: Principal, request_id: int) -> dict[str, Any]:
    """State, deadline, reminders, and per status the count and restricted amount."""

    def work() -> dict[str, Any]:
        req = load_request(db, who, Action.FOREIGN_READ, request_id)
        stmt = (
            select(ForeignAccount.status, func.count(), func.sum(ForeignAccount.amount_frozen))
            .where(ForeignAccount.request_id == request_id)
            .group_by(ForeignAccount.status)
        )
        by_status = {s: {"accounts": n, "amount": int(a or 0)} for s, n, a in db.execute(stmt)}
        pending = by_status.get(AccountStatus.REQUESTED.value, {}).get("accounts", 0)
        return {
            "request": req.id,
            "bank_bic": req.bank_bic,
            "state": req.state,
            "accounts": req.n_accounts,
            "answered": req.n_answered,
            "deadline": req.deadline.isoformat(),
            "overdue": bool(pending) and req.deadline < utcnow(),
            "reminders": req.reminders,
            "by_status": by_status,
        }

    return perform(db, who, Action.FOREIGN_READ, f"foreign:{request_id}", work)


def case_freezes(db: Session, who: Principal, case_id: int) -> list[dict[str, Any]]:
    """The domestic freezes of a case: masked target, bank, state, amount, version."""

    def work() -> list[dict[str, Any]]:
        load_case(db, who, Action.CASE_READ, case_id)
        rows = db.scalars(select(Freeze).where(Freeze.case_id == case_id).order_by(Freeze.id))
        keys = ("id", "target_kind", "target_masked", "bank", "state", "unit", "amount_frozen")
        return [{k: getattr(f, k) for k in (*keys, "version")} for f in rows]

    return perform(db, who, Action.CASE_READ, f"case:{case_id}", work)


def case_requests(db: Session, who: Principal, case_id: int) -> list[dict[str, Any]]:
    """The foreign requests of a case (a foreign partner sees those addressed to it)."""

    def work() -> list[dict[str, Any]]:
        load_case(db, who, Action.FOREIGN_READ, case_id)
        stmt = select(ForeignRequest).where(ForeignRequest.case_id == case_id)
        if who.agency_kind == AgencyKind.FOREIGN:
            stmt = stmt.where(ForeignRequest.partner_agency_id == who.agency_id)
        keys = ("id", "bank_bic", "state", "n_accounts", "n_answered", "deadline", "version")
        return [
            {k: getattr(r, k) for k in keys} for r in db.scalars(stmt.order_by(ForeignRequest.id))
        ]

    return perform(db, who, Action.FOREIGN_READ, f"case:{case_id}", work)


def _ledger_totals(db: Session) -> dict[str, Any]:
    """Per operation and unit the amount moved; per account and unit the balance."""
    moved = select(LedgerEntry.operation, LedgerEntry.unit, func.sum(LedgerEntry.amount)).where(
        LedgerEntry.amount > 0
    )
    moved = moved.group_by(LedgerEntry.operation, LedgerEntry.unit)
    held = select(LedgerEntry.account, LedgerEntry.unit, func.sum(LedgerEntry.amount))
    held = held.group_by(LedgerEntry.account, LedgerEntry.unit)
    kzt = select(LedgerEntry.account, func.sum(LedgerEntry.kzt_value)).group_by(LedgerEntry.account)
    return {
        "moved": {f"{op}:{unit}": int(total) for op, unit, total in db.execute(moved)},
        "balances": {f"{acc}:{unit}": int(t) for acc, unit, t in db.execute(held) if t},
        "kzt_balances": {acc: int(t) for acc, t in db.execute(kzt) if t},
    }


def _count(db: Session, stmt: Any) -> int:
    return int(db.scalar(stmt) or 0)


def statistics(db: Session, who: Principal) -> dict[str, Any]:
    """National figures (aggregates only, no personal data, so not limited to own cases)."""

    def work() -> dict[str, Any]:
        require_role(who, Action.STATS_READ)
        executed = select(func.count(distinct(Transition.object_id))).where(
            Transition.object_type == "freeze", Transition.to_state == "executed"
        )
        card_ids = select(Freeze.id).where(Freeze.target_kind == "card")
        restricted = (AccountStatus.RESTRICTED.value, AccountStatus.PARTIAL.value)
        outcomes = select(Outcome.kind, func.sum(Outcome.count)).group_by(Outcome.kind)
        seizures = select(func.count(distinct(LedgerEntry.txn))).where(
            LedgerEntry.operation == "seize"
        )
        return {
            "cases": dict(
                db.execute(select(Case.status, func.count()).group_by(Case.status)).all()
            ),
            "cards_blocked": _count(db, executed.where(Transition.object_id.in_(card_ids))),
            "cards_blocked_now": _count(
                db,
                select(func.count()).where(
                    Freeze.target_kind == "card", Freeze.state == "executed"
                ),
            ),
            "accounts_restricted_abroad": _count(
                db, select(func.count()).where(ForeignAccount.status.in_(restricted))
            ),
            "outcomes": {k: int(n) for k, n in db.execute(outcomes)},
            "seizures": _count(db, seizures),
            "ledger": _ledger_totals(db),
        }

    return perform(db, who, Action.STATS_READ, "stats:*", work)
