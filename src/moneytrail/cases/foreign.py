"""Foreign requests: bulk restriction requests to one foreign bank through the FIU channel,
with a status per account, a deadline, reminders and partial execution.

Request: draft ─send→ sent ─answer→ answering ─all answered→ completed ─close→ closed.
Account: requested → restricted | partial | refused | not_found; partial → restricted;
restricted | partial → lifted. Accounts are written and updated in bulk (one statement per
batch), so a request of hundreds of thousands of accounts stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, AgencyKind, Principal
from moneytrail.cases.bulk import insert_rows, update_rows
from moneytrail.cases.db import utcnow
from moneytrail.cases.errors import AccessDenied, InvalidInput, InvalidTransition, NotFound
from moneytrail.cases.ledger import UNITS, Operation, Posting, record
from moneytrail.cases.models import Agency
from moneytrail.cases.records import ForeignAccount, ForeignRequest, Transition
from moneytrail.cases.service import load_case, perform
from moneytrail.model.ids.base import IdKind, Tokenizer, strip_separators
from moneytrail.model.ids.card import check_card, looks_like_card


class AccountStatus(StrEnum):
    """A foreign bank's answer for one account."""

    REQUESTED = "requested"
    RESTRICTED = "restricted"
    PARTIAL = "partial"
    REFUSED = "refused"
    NOT_FOUND = "not_found"
    LIFTED = "lifted"


S = AccountStatus
ACCOUNT_MOVES: dict[AccountStatus, frozenset[AccountStatus]] = {
    S.REQUESTED: frozenset({S.RESTRICTED, S.PARTIAL, S.REFUSED, S.NOT_FOUND}),
    S.PARTIAL: frozenset({S.RESTRICTED, S.LIFTED}),
    S.RESTRICTED: frozenset({S.LIFTED}),
}
"""Status → the statuses an answer may move it to."""

ACCOUNTS: Table = ForeignAccount.__table__  # type: ignore[assignment]  # always a Table here

REQUEST_MOVES: dict[tuple[str, str], str] = {
    ("draft", "send"): "sent",
    ("sent", "answer"): "answering",
    ("answering", "answer"): "answering",
    ("completed", "answer"): "completed",
    ("answering", "all_answered"): "completed",
    ("sent", "close"): "closed",
    ("answering", "close"): "closed",
    ("completed", "close"): "closed",
}
"""(request state, event) → new state."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The bank's answer for one account: a status and the amount restricted (minor units)."""

    account: str
    status: AccountStatus
    amount: int = 0


def normalize_account(value: str, tokenizer: Tokenizer) -> str:
    """The stored form of an account: its token for a card number, else compact upper case."""
    if value.isalnum() and not value.isdigit():
        return value.upper()
    if looks_like_card(value):
        result = check_card(value, tokenizer)
        if not result.valid or result.normalized is None:
            raise InvalidInput(f"invalid card number in request: {result.reason}")
        return tokenizer.token(IdKind.CARD, result.normalized)
    compact = strip_separators(value).upper()
    if not compact:
        raise InvalidInput("an empty account identifier")
    return compact


def _move(db: Session, who: Principal, req: ForeignRequest, event: str, why: str = "") -> None:
    after = REQUEST_MOVES.get((req.state, event))
    if after is None:
        raise InvalidTransition(f"foreign request {req.id} is {req.state}: cannot {event}")
    db.add(
        Transition(
            object_type="foreign",
            object_id=req.id,
            from_state=req.state,
            to_state=after,
            by=who.username,
            reason=why,
        )
    )
    req.state = after


def load_request(db: Session, who: Principal, action: Action, request_id: int) -> ForeignRequest:
    """The request, once role, agency kind and need-to-know allow the action on its case;
    a foreign partner sees only the requests addressed to it."""
    req = db.get(ForeignRequest, request_id)
    if req is None:
        raise NotFound(f"foreign request {request_id} does not exist")
    load_case(db, who, action, req.case_id)
    if who.agency_kind == AgencyKind.FOREIGN and req.partner_agency_id != who.agency_id:
        raise AccessDenied(f"foreign request {request_id} is addressed to another partner")
    return req


def create_request(
    db: Session,
    who: Principal,
    case_id: int,
    bank_bic: str,
    partner: str,
    accounts: Sequence[str],
    deadline: datetime,
    tokenizer: Tokenizer,
    unit: str = "USD",
) -> int:
    """A draft request to one foreign bank for many accounts (bulk insert); returns its id."""

    def work() -> int:
        load_case(db, who, Action.FOREIGN_CREATE, case_id)
        agency = db.scalar(select(Agency).where(Agency.code == partner))
        if agency is None or unit not in UNITS:
            raise InvalidInput(f"unknown partner agency {partner} or unit {unit}")
        keys = [normalize_account(a, tokenizer) for a in accounts]
        if len(set(keys)) != len(keys) or not keys:
            raise InvalidInput("a request lists each account once, and at least one")
        req = ForeignRequest(
            case_id=case_id,
            bank_bic=bank_bic,
            country=bank_bic[4:6],
            partner_agency_id=agency.id,
            state="draft",
            deadline=deadline,
            n_accounts=len(keys),
            created_by=who.username,
        )
        db.add(req)
        db.flush()
        rows = [
            {
                "request_id": req.id,
                "account": k,
                "unit": unit,
                "status": "requested",
                "amount_frozen": 0,
            }
            for k in keys
        ]
        insert_rows(db, ACCOUNTS, rows)
        return req.id

    def detail(rid: int) -> dict[str, object]:
        return {"request": rid, "accounts": len(accounts)}

    return perform(db, who, Action.FOREIGN_CREATE, f"case:{case_id}", work, detail)


def send(db: Session, who: Principal, request_id: int, now: datetime | None = None) -> None:
    """Send a draft through the FIU channel; the deadline starts to count."""

    def work() -> None:
        req = load_request(db, who, Action.FOREIGN_SEND, request_id)
        _move(db, who, req, "send")
        req.sent_at = now or utcnow()

    perform(db, who, Action.FOREIGN_SEND, f"foreign:{request_id}", work)


def respond(
    db: Session, who: Principal, request_id: int, answers: Sequence[Answer], tokenizer: Tokenizer
) -> int:
    """Record a batch of the bank's answers, all or nothing; returns how many were applied."""

    def work() -> int:
        req = load_request(db, who, Action.FOREIGN_RESPOND, request_id)
        _move(db, who, req, "answer", f"{len(answers)} answers")
        stmt = select(
            ForeignAccount.account,
            ForeignAccount.id,
            ForeignAccount.status,
            ForeignAccount.amount_frozen,
        ).where(ForeignAccount.request_id == req.id)
        known = {row[0]: row[1:] for row in db.execute(stmt).all()}
        params, newly, delta = _plan(request_id, answers, known, tokenizer)
        update_rows(db, ACCOUNTS, params, {"answered_at": utcnow()})
        req.n_answered += newly
        _post_delta(db, who, req, delta)
        if req.n_answered == req.n_accounts and req.state == "answering":
            _move(db, who, req, "all_answered")
        return len(params)

    def detail(n: int) -> dict[str, object]:
        return {"answers": n}

    return perform(db, who, Action.FOREIGN_RESPOND, f"foreign:{request_id}", work, detail)


def _plan(
    request_id: int,
    answers: Sequence[Answer],
    known: dict[str, tuple[int, str, int]],
    tokenizer: Tokenizer,
) -> tuple[list[dict[str, object]], int, int]:
    """Update parameters, how many accounts are answered for the first time, and the net
    change of the restricted amount; refuses the whole batch at the first bad answer."""
    params: list[dict[str, object]] = []
    newly = delta = 0
    for answer in answers:
        key = normalize_account(answer.account, tokenizer)
        if key not in known:
            raise NotFound(f"account {answer.account} is not in foreign request {request_id}")
        row_id, status, amount = known[key]
        if answer.status not in ACCOUNT_MOVES.get(AccountStatus(status), frozenset()):
            raise InvalidTransition(
                f"account {answer.account}: cannot go from {status} to {answer.status}"
            )
        if answer.amount < 0:
            raise InvalidInput(f"account {answer.account}: negative amount")
        kept = 0 if answer.status in (S.LIFTED, S.REFUSED, S.NOT_FOUND) else answer.amount
        newly += status == S.REQUESTED
        delta += kept - amount
        known[key] = (row_id, answer.status.value, kept)
        params.append({"id": row_id, "status": answer.status.value, "amount_frozen": kept})
    return params, newly, delta


def _post_delta(db: Session, who: Principal, req: ForeignRequest, delta: int) -> None:
    """Post the batch's net change of restricted value to the ledger (valued at 0 tenge:
    the exchange rate is not known here; the posting names the request)."""
    if delta == 0:
        return
    unit = db.scalar(select(ForeignAccount.unit).where(ForeignAccount.request_id == req.id))
    assert unit is not None  # a request has at least one account
    op = Operation.FREEZE if delta > 0 else Operation.RELEASE
    record(db, who, req.case_id, Posting(op, unit, abs(delta), 0, f"foreign:{req.id}"))


def send_reminders(
    db: Session, who: Principal, now: datetime | None = None, every: timedelta = timedelta(days=1)
) -> list[int]:
    """Remind banks of overdue requests (at most once per `every`); returns the request ids."""
    when = now or utcnow()

    def work() -> list[int]:
        stmt = select(ForeignRequest).where(
            ForeignRequest.state.in_(("sent", "answering")), ForeignRequest.deadline < when
        )
        due = []
        for req in db.scalars(stmt):
            if req.last_reminder_at is not None and when - req.last_reminder_at < every:
                continue
            load_case(db, who, Action.FOREIGN_SEND, req.case_id)
            req.reminders, req.last_reminder_at = req.reminders + 1, when
            db.add(
                Transition(
                    object_type="foreign",
                    object_id=req.id,
                    from_state=req.state,
                    to_state=req.state,
                    by=who.username,
                    reason=f"reminder {req.reminders}",
                )
            )
            due.append(req.id)
        return due

    return perform(db, who, Action.FOREIGN_SEND, "foreign:*", work, lambda d: {"reminded": d})


def close(db: Session, who: Principal, request_id: int, reason: str) -> None:
    """Close a request (answered, or abandoned after reminders)."""

    def work() -> None:
        _move(db, who, load_request(db, who, Action.FOREIGN_SEND, request_id), "close", reason)

    perform(db, who, Action.FOREIGN_SEND, f"foreign:{request_id}", work)
