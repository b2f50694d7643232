"""A case page: members, evidence, notes, tasks, freezes with their allowed moves, the asset
ledger and foreign requests; and the forms that change them. Every read goes through the
audited services; a section the role may not read says so instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.api.deps import Db, State, Who
from moneytrail.cases import cases, foreign, freeze, ledger, stats
from moneytrail.cases.access import Action, Principal, role_refusal
from moneytrail.cases.errors import AccessDenied
from moneytrail.cases.models import Agency
from moneytrail.web.render import render

router = APIRouter(include_in_schema=False)
T = TypeVar("T")
CaseId = Annotated[int, Path(ge=1)]
Text = Annotated[str, Form(max_length=2000)]


def _section(read: Callable[[], T]) -> T | None:
    """What a service returns, or None when the role may not read it."""
    try:
        return read()
    except AccessDenied:
        return None


def _moves(who: Principal, state: str) -> list[str]:
    """The events allowed from `state` that this user's role and agency may take."""
    return [
        event.value
        for (src, event), (_, action) in freeze.TRANSITIONS.items()
        if src == state and role_refusal(who, action) is None
    ]


def _allowed(who: Principal) -> set[str]:
    """The actions the user's role and agency kind allow (forms for the others are hidden;
    the services still decide on each request)."""
    return {action.value for action in Action if role_refusal(who, action) is None}


def _freezes(db: Session, who: Principal, case_id: int) -> list[dict[str, Any]] | None:
    rows = _section(lambda: stats.case_freezes(db, who, case_id))
    for row in rows or []:
        row["moves"] = _moves(who, row["state"])
    return rows


def _requests(db: Session, who: Principal, case_id: int) -> list[dict[str, Any]] | None:
    rows = _section(lambda: stats.case_requests(db, who, case_id))
    return [stats.request_report(db, who, int(r["id"])) for r in rows] if rows is not None else None


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: CaseId, who: Who, db: Db) -> Response:
    """Everything the user's agency may see of the case (each read audited)."""
    view = cases.get_case(db, who, case_id)
    held = _section(lambda: ledger.case_balances(db, who, case_id))
    return render(
        request,
        "case.html",
        who,
        case=view,
        freezes=_freezes(db, who, case_id),
        balances=sorted(held.items()) if held is not None else None,
        requests=_requests(db, who, case_id),
        agencies=list(db.scalars(select(Agency.code).order_by(Agency.code))),
        can=_allowed(who),
        units=[u for u, (k, _) in ledger.UNITS.items() if k == ledger.AssetKind.FOREIGN_CURRENCY],
    )


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/notes")
def add_note(case_id: CaseId, who: Who, db: Db, text: Text) -> Response:
    """Add a note (card numbers are masked by the service)."""
    cases.add_note(db, who, case_id, text)
    return _back(case_id)


@router.post("/cases/{case_id}/share")
def share(case_id: CaseId, who: Who, db: Db, agency: Annotated[str, Form()]) -> Response:
    """Make an agency a member."""
    cases.share_case(db, who, case_id, agency)
    return _back(case_id)


@router.post("/cases/{case_id}/tasks")
def add_task(
    case_id: CaseId,
    who: Who,
    db: Db,
    agency: Annotated[str, Form()],
    title: Annotated[str, Form(min_length=1, max_length=200)],
    due: Annotated[datetime, Form()],
) -> Response:
    """Give a member agency a task."""
    cases.create_task(db, who, case_id, agency, title, due)
    return _back(case_id)


@router.post("/cases/{case_id}/tasks/{task_id}/complete")
def complete(case_id: CaseId, task_id: Annotated[int, Path(ge=1)], who: Who, db: Db) -> Response:
    """Mark a task done."""
    cases.complete_task(db, who, task_id)
    return _back(case_id)


@router.post("/cases/{case_id}/freezes")
def request_freeze(
    case_id: CaseId,
    who: Who,
    db: Db,
    state: State,
    target: Annotated[str, Form(min_length=8, max_length=64)],
    bank: Annotated[str, Form(min_length=1, max_length=64)],
    reason: Text = "",
) -> Response:
    """Ask for a card or account to be blocked."""
    freeze.request_freeze(db, who, case_id, target, bank, reason, state.tokenizer)
    return _back(case_id)


@router.post("/cases/{case_id}/freezes/{freeze_id}")
def advance(
    case_id: CaseId,
    freeze_id: Annotated[int, Path(ge=1)],
    who: Who,
    db: Db,
    event: Annotated[freeze.FreezeEvent, Form()],
    version: Annotated[int, Form()],
    reason: Text = "",
    amount: Annotated[Decimal, Form(ge=0)] = Decimal(0),
    unit: Annotated[str, Form(max_length=8)] = "KZT",
) -> Response:
    """Apply one event to a freeze, as of the version the page showed; `amount` is in
    major units of the freeze's unit (tenge, dollars), stored in minor units."""
    minor = int(amount * 10 ** ledger.UNITS.get(unit, (None, 2))[1])
    freeze.advance(db, who, freeze_id, event, reason, minor, expected_version=version)
    return _back(case_id)


@router.post("/cases/{case_id}/foreign")
def create_request(
    case_id: CaseId,
    who: Who,
    db: Db,
    state: State,
    bank_bic: Annotated[str, Form(min_length=8, max_length=11)],
    partner: Annotated[str, Form(min_length=1, max_length=20)],
    accounts: Annotated[str, Form(min_length=1, max_length=200_000)],
    deadline: Annotated[datetime, Form()],
    unit: Annotated[str, Form(max_length=8)] = "USD",
) -> Response:
    """A draft request to a foreign bank for the accounts listed one per line."""
    listed = [line.strip() for line in accounts.splitlines() if line.strip()]
    foreign.create_request(
        db, who, case_id, bank_bic.strip().upper(), partner, listed, deadline, state.tokenizer, unit
    )
    return _back(case_id)


@router.post("/cases/{case_id}/foreign/{request_id}/send")
def send_request(
    case_id: CaseId, request_id: Annotated[int, Path(ge=1)], who: Who, db: Db
) -> Response:
    """Send a draft foreign request through the FIU channel."""
    foreign.send(db, who, request_id)
    return _back(case_id)
