"""Every role in every kind of agency, against its own, a shared and a hidden case, tries
every action through the real services: each refusal the policy declares happens, each
allowed action is not refused, and every attempt leaves its audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import count

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from moneytrail.cases import (
    auditing,
    auth,
    cases,
    evidence,
    exports,
    foreign,
    freeze,
    ledger,
    stats,
)
from moneytrail.cases.access import (
    GLOBAL_ACTIONS,
    OPEN_ACTIONS,
    Action,
    AgencyKind,
    Principal,
    Role,
    role_refusal,
)
from moneytrail.cases.errors import AccessDenied, CasesError
from moneytrail.cases.models import Agency, AuditEntry
from moneytrail.cases.records import (
    Case,
    CaseShare,
    Evidence,
    ForeignAccount,
    ForeignRequest,
    Freeze,
    Task,
)
from moneytrail.model.ids.base import Tokenizer

A = Action
WHEN = datetime(2026, 11, 1)
TOK = Tokenizer(b"matrix")
SERIAL = count()


@dataclass(frozen=True)
class Target:
    """One case and an object of each kind hanging off it."""

    case: int
    owner: str
    freeze: int
    request: int
    task: int
    evidence: int


Op = Callable[[Session, Principal, Target], object]
PROV = evidence.Provenance("matrix", "row 1", WHEN)
ANSWER: list[foreign.Answer] = []

OPS: dict[Action, Op] = {
    A.CASE_CREATE: lambda db, w, _: cases.create_case(db, w, "new"),
    A.CASE_READ: lambda db, w, t: cases.get_case(db, w, t.case),
    A.CASE_SHARE: lambda db, w, t: cases.share_case(db, w, t.case, "KGD"),
    A.CASE_CLOSE: lambda db, w, t: cases.close_case(db, w, t.case),
    A.CASE_EXPORT: lambda db, w, t: exports.export_ftm(db, w, t.case),
    A.EVIDENCE_ADD: lambda db, w, t: evidence.add_evidence(
        db, w, t.case, evidence.EvidenceKind.DOCUMENT, "d", b"x", PROV
    ),
    A.EVIDENCE_READ: lambda db, w, t: evidence.read_evidence(db, w, t.evidence),
    A.NOTE_ADD: lambda db, w, t: cases.add_note(db, w, t.case, "n"),
    A.TASK_CREATE: lambda db, w, t: cases.create_task(db, w, t.case, t.owner, "t", WHEN),
    A.TASK_COMPLETE: lambda db, w, t: cases.complete_task(db, w, t.task),
    A.OUTCOME_RECORD: lambda db, w, t: cases.record_outcome(
        db, w, t.case, cases.OutcomeKind.LAB, 1
    ),
    A.FREEZE_REQUEST: lambda db, w, t: freeze.request_freeze(
        db, w, t.case, "4111111111111111", "B", "r", TOK
    ),
    A.FREEZE_SANCTION: lambda db, w, t: freeze.advance(db, w, t.freeze, freeze.E.SANCTION, ""),
    A.FREEZE_ACKNOWLEDGE: lambda db, w, t: freeze.advance(
        db, w, t.freeze, freeze.E.ACKNOWLEDGE, ""
    ),
    A.FREEZE_EXECUTE: lambda db, w, t: freeze.advance(db, w, t.freeze, freeze.E.EXECUTE, "", 1),
    A.FREEZE_LIFT: lambda db, w, t: freeze.advance(db, w, t.freeze, freeze.E.LIFT, ""),
    A.FOREIGN_CREATE: lambda db, w, t: foreign.create_request(
        db, w, t.case, "TBCBGE22", "DEA", [f"ACC{next(SERIAL)}"], WHEN, TOK
    ),
    A.FOREIGN_SEND: lambda db, w, t: foreign.send(db, w, t.request),
    A.FOREIGN_RESPOND: lambda db, w, t: foreign.respond(db, w, t.request, ANSWER, TOK),
    A.FOREIGN_READ: lambda db, w, t: stats.request_report(db, w, t.request),
    A.LEDGER_POST: lambda db, w, t: ledger.post(
        db, w, t.case, ledger.Posting(ledger.Operation.FREEZE, "KZT", 1, 1, "m")
    ),
    A.LEDGER_READ: lambda db, w, t: ledger.case_balances(db, w, t.case),
    A.STATS_READ: lambda db, w, _: stats.statistics(db, w),
    A.AUDIT_READ: lambda db, w, _: auditing.read_log(db, w, limit=1),
    A.USER_ADMIN: lambda db, w, _: auth.add_agency(
        db, w, f"X{next(SERIAL)}", "x", AgencyKind.POLICE
    ),
    A.TOKEN_REVOKE: lambda db, w, _: auth.revoke_token(db, w, 10**6),
}

RELATIONS = ("own", "shared", "hidden")


def test_every_action_has_an_operation() -> None:
    assert set(OPS) == set(Action) - OPEN_ACTIONS


def _target(db: Session, owner: Agency, shared_with: Agency | None) -> Target:
    case = Case(title="m", owner_agency_id=owner.id, created_by="setup")
    db.add(case)
    db.flush()
    if shared_with is not None:
        db.add(CaseShare(case_id=case.id, agency_id=shared_with.id, shared_by="setup"))
    viewer = shared_with or owner
    items: list[Freeze | ForeignRequest | Task | Evidence] = [
        Freeze(
            case_id=case.id,
            target_kind="card",
            target_token="t",
            target_masked="m",
            bank="B",
            state="requested",
            requested_by="setup",
        ),
        ForeignRequest(
            case_id=case.id,
            bank_bic="TBCBGE22",
            country="GE",
            state="sent",
            partner_agency_id=viewer.id,
            deadline=WHEN,
            n_accounts=1,
            created_by="setup",
        ),
        Task(
            case_id=case.id,
            from_agency_id=owner.id,
            to_agency_id=viewer.id,
            title="t",
            due=WHEN,
            created_by="setup",
        ),
        Evidence(
            case_id=case.id,
            kind="alert",
            title="e",
            media_type="text/plain",
            content=b"",
            content_hash="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            source="s",
            source_ref="r",
            collected_at=WHEN,
            added_by="setup",
        ),
    ]
    db.add_all(items)
    db.flush()
    db.execute(insert(ForeignAccount), [{"request_id": items[1].id, "account": "ACC"}])
    return Target(case.id, owner.code, *(i.id for i in items))


def _world(db: Session) -> dict[tuple[str, str], Target]:
    """For each agency, its own case, a case shared with it and one hidden from it."""
    agencies = {a.code: a for a in db.scalars(select(Agency))}
    targets = {}
    for code, agency in agencies.items():
        other = agencies["KNB" if code == "MVD" else "MVD"]
        owner = other if agency.kind == AgencyKind.FOREIGN else agency
        targets[(code, "own")] = _target(db, owner, None if owner is agency else agency)
        targets[(code, "shared")] = _target(db, other, agency)
        targets[(code, "hidden")] = _target(db, other, None)
    db.commit()
    return targets


def _expect_refusal(who: Principal, action: Action, relation: str) -> bool:
    if role_refusal(who, action) is not None:
        return True
    return action not in GLOBAL_ACTIONS and relation == "hidden"


def _last(db: Session) -> AuditEntry:
    return db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


PG_ROLES = (Role.PROSECUTOR, Role.BANK_LIAISON, Role.FOREIGN_PARTNER)
"""The policy is backend-independent; PostgreSQL runs the roles with agency limits, to keep
the suite short, SQLite runs them all."""
COMBOS = [("sqlite", r) for r in Role] + [("postgresql", r) for r in PG_ROLES]


@pytest.mark.parametrize(("factory", "role"), COMBOS, indirect=["factory"])
def test_matrix(db: Session, role: Role) -> None:
    targets = _world(db)
    agencies = {a.code: a for a in db.scalars(select(Agency))}
    refusals = 0
    for (code, relation), target in targets.items():
        agency = agencies[code]
        who = Principal(None, f"{role}@{code}", agency.id, code, AgencyKind(agency.kind), role)
        for action, op in OPS.items():
            refused = _attempt(db, who, op, target)
            expected = _expect_refusal(who, action, relation)
            assert refused == expected, (role, code, relation, action)
            entry = _last(db)
            assert (entry.username, entry.action) == (who.username, action.value)
            assert (entry.outcome == "denied") == expected, (role, code, relation, action)
            refusals += refused
    assert refusals > 0


def _attempt(db: Session, who: Principal, op: Op, target: Target) -> bool:
    """Whether the service refused access (other refusals, such as a state, do not count)."""
    try:
        op(db, who, target)
    except AccessDenied:
        return True
    except CasesError:
        return False
    return False
