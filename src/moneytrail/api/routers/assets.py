"""/v1: domestic freezes and their state machine, the asset ledger, foreign requests."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from moneytrail.api.deps import Db, State, Who
from moneytrail.api.routers.cases import CaseId
from moneytrail.cases import foreign, freeze, ledger, stats

router = APIRouter(prefix="/v1", tags=["assets"])

ObjectId = Annotated[int, Path(ge=1)]


class NewFreeze(BaseModel):
    """A card number or IBAN to block at a bank (stored only as token and mask)."""

    target: str = Field(min_length=8, max_length=64)
    bank: str = Field(min_length=1, max_length=64)
    reason: str = Field("", max_length=2000)


class FreezeStep(BaseModel):
    """One event of a freeze's state machine; `amount` (minor units) only for `execute`."""

    event: freeze.FreezeEvent
    reason: str = Field("", max_length=2000)
    amount: int = Field(0, ge=0)
    expected_version: int | None = None


class NewPosting(BaseModel):
    """A ledger posting in minor units of `unit`, with its tenge value."""

    operation: ledger.Operation
    unit: str = Field(min_length=2, max_length=8)
    amount: int = Field(gt=0)
    kzt_value: int = Field(0, ge=0)
    reference: str = Field(min_length=1, max_length=200)
    source: ledger.Account | None = None


class NewRequest(BaseModel):
    """A draft request to one foreign bank, through a partner agency, for many accounts."""

    bank_bic: str = Field(min_length=8, max_length=11)
    partner: str = Field(min_length=1, max_length=20)
    accounts: list[str] = Field(min_length=1, max_length=10000)
    deadline: datetime
    unit: str = "USD"


@router.get("/cases/{case_id}/freezes")
def list_freezes(case_id: CaseId, who: Who, db: Db) -> list[dict[str, Any]]:
    """The case's freezes with their states and allowed next events."""
    rows = stats.case_freezes(db, who, case_id)
    for row in rows:
        row["allowed"] = sorted(e.value for s, e in freeze.TRANSITIONS if s == row["state"])
    return rows


@router.post("/cases/{case_id}/freezes", status_code=201)
def request_freeze(
    case_id: CaseId, body: NewFreeze, who: Who, db: Db, state: State
) -> dict[str, Any]:
    """Ask for a card or account to be blocked."""
    made = freeze.request_freeze(
        db, who, case_id, body.target, body.bank, body.reason, state.tokenizer
    )
    return {"id": made.id, "state": made.state, "target": made.target_masked}


@router.post("/freezes/{freeze_id}/events")
def advance_freeze(freeze_id: ObjectId, body: FreezeStep, who: Who, db: Db) -> dict[str, Any]:
    """Apply one event (sanction, refuse, acknowledge, execute, decline, lift)."""
    done = freeze.advance(
        db, who, freeze_id, body.event, body.reason, body.amount, body.expected_version
    )
    return {"id": done.id, "state": done.state, "version": done.version}


@router.get("/cases/{case_id}/ledger")
def balances(case_id: CaseId, who: Who, db: Db) -> list[dict[str, Any]]:
    """Nonzero balances per account and unit (minor units)."""
    held = ledger.case_balances(db, who, case_id)
    return [{"account": a, "unit": u, "amount": n} for (a, u), n in sorted(held.items())]


@router.post("/cases/{case_id}/ledger", status_code=201)
def post(case_id: CaseId, body: NewPosting, who: Who, db: Db) -> dict[str, str]:
    """Record a freeze, seizure, confiscation or release."""
    posting = ledger.Posting(
        body.operation, body.unit, body.amount, body.kzt_value, body.reference, body.source
    )
    return {"txn": ledger.post(db, who, case_id, posting)}


@router.get("/cases/{case_id}/foreign-requests")
def list_requests(case_id: CaseId, who: Who, db: Db) -> list[dict[str, Any]]:
    """The case's foreign requests (a partner sees those addressed to it)."""
    return stats.case_requests(db, who, case_id)


@router.post("/cases/{case_id}/foreign-requests", status_code=201)
def create_request(
    case_id: CaseId, body: NewRequest, who: Who, db: Db, state: State
) -> dict[str, int]:
    """A draft request (bulk)."""
    rid = foreign.create_request(
        db,
        who,
        case_id,
        body.bank_bic,
        body.partner,
        body.accounts,
        body.deadline,
        state.tokenizer,
        body.unit,
    )
    return {"id": rid}


@router.get("/foreign-requests/{request_id}")
def request_report(request_id: ObjectId, who: Who, db: Db) -> dict[str, Any]:
    """State, deadline, reminders, and per account status the count and amount."""
    return stats.request_report(db, who, request_id)


@router.post("/foreign-requests/{request_id}/send")
def send_request(request_id: ObjectId, who: Who, db: Db) -> dict[str, bool]:
    """Send a draft through the FIU channel."""
    foreign.send(db, who, request_id)
    return {"ok": True}
