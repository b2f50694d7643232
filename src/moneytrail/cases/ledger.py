"""The asset ledger: double-entry records of frozen, seized, confiscated and released values.

Every posting moves an amount of one unit between two accounts of a case and writes two
legs that sum to zero; the `subject` account stands for what is still held by the suspects.
Amounts are integers in the unit's minor units (tiyn, cents, satoshi), so sums are exact.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import InvalidInput, InvalidTransition
from moneytrail.cases.records import Case, LedgerEntry
from moneytrail.cases.service import load_case, perform


class AssetKind(StrEnum):
    """What kind of value is held."""

    TENGE = "tenge"
    FOREIGN_CURRENCY = "foreign_currency"
    CRYPTO = "crypto"
    VEHICLE = "vehicle"
    REAL_ESTATE = "real_estate"


UNITS: dict[str, tuple[AssetKind, int]] = {
    "KZT": (AssetKind.TENGE, 2),
    "USD": (AssetKind.FOREIGN_CURRENCY, 2),
    "EUR": (AssetKind.FOREIGN_CURRENCY, 2),
    "RUB": (AssetKind.FOREIGN_CURRENCY, 2),
    "CNY": (AssetKind.FOREIGN_CURRENCY, 2),
    "KGS": (AssetKind.FOREIGN_CURRENCY, 2),
    "USDT": (AssetKind.CRYPTO, 6),
    "BTC": (AssetKind.CRYPTO, 8),
    "TRX": (AssetKind.CRYPTO, 6),
    "VEHICLE": (AssetKind.VEHICLE, 0),
    "PROPERTY": (AssetKind.REAL_ESTATE, 0),
}
"""Unit → (asset kind, decimal places of its minor unit). Vehicles and real estate count items."""


class Account(StrEnum):
    """Where value sits, from the state's point of view."""

    SUBJECT = "subject"
    FROZEN = "frozen"
    SEIZED = "seized"
    CONFISCATED = "confiscated"
    RELEASED = "released"


class Operation(StrEnum):
    """What a posting does."""

    FREEZE = "freeze"
    SEIZE = "seize"
    CONFISCATE = "confiscate"
    RELEASE = "release"


FLOWS: dict[Operation, tuple[tuple[Account, Account], ...]] = {
    Operation.FREEZE: ((Account.SUBJECT, Account.FROZEN),),
    Operation.SEIZE: ((Account.FROZEN, Account.SEIZED), (Account.SUBJECT, Account.SEIZED)),
    Operation.CONFISCATE: ((Account.SEIZED, Account.CONFISCATED),),
    Operation.RELEASE: ((Account.FROZEN, Account.RELEASED), (Account.SEIZED, Account.RELEASED)),
}
"""Operation → the (from, to) moves it allows; the first is the default."""


@dataclass(frozen=True, slots=True)
class Posting:
    """One movement to record: `amount` and its tenge value `kzt_value` in minor units."""

    operation: Operation
    unit: str
    amount: int
    kzt_value: int
    reference: str
    source: Account | None = None


def _flow(posting: Posting) -> tuple[Account, Account]:
    flows = FLOWS[posting.operation]
    if posting.source is None:
        return flows[0]
    for flow in flows:
        if flow[0] == posting.source:
            return flow
    raise InvalidTransition(f"{posting.operation.value} cannot take value from {posting.source}")


def balance(db: Session, case_id: int, account: Account, unit: str) -> int:
    """What an account of a case holds in one unit."""
    stmt = select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.case_id == case_id, LedgerEntry.account == account, LedgerEntry.unit == unit
    )
    return int(db.scalar(stmt) or 0)


def record(db: Session, who: Principal, case_id: int, posting: Posting) -> str:
    """Write the two legs of a posting (no access check: callers have made it); returns its id."""
    if posting.unit not in UNITS:
        raise InvalidInput(f"unknown unit {posting.unit}; known: {', '.join(UNITS)}")
    if posting.amount <= 0 or posting.kzt_value < 0:
        raise InvalidInput("a posting moves a positive amount with a non-negative tenge value")
    source, target = _flow(posting)
    db.scalars(select(Case.id).where(Case.id == case_id).with_for_update()).one()
    held = balance(db, case_id, source, posting.unit)
    if source != Account.SUBJECT and held < posting.amount:
        raise InvalidTransition(
            f"{posting.operation.value}: {source} holds {held} {posting.unit}, "
            f"less than {posting.amount}"
        )
    txn, kind = uuid.uuid4().hex, UNITS[posting.unit][0]
    for account, sign in ((source, -1), (target, 1)):
        db.add(_leg(who, case_id, posting, txn, kind, account, sign))
    return txn


def _leg(
    who: Principal, case_id: int, p: Posting, txn: str, kind: AssetKind, account: Account, sign: int
) -> LedgerEntry:
    return LedgerEntry(
        txn=txn,
        case_id=case_id,
        asset_kind=kind.value,
        unit=p.unit,
        account=account.value,
        amount=sign * p.amount,
        kzt_value=sign * p.kzt_value,
        operation=p.operation.value,
        reference=p.reference,
        posted_by=who.username,
    )


def post(db: Session, who: Principal, case_id: int, posting: Posting) -> str:
    """Record a freeze, seizure, confiscation or release in a case's ledger."""

    def work() -> str:
        load_case(db, who, Action.LEDGER_POST, case_id)
        return record(db, who, case_id, posting)

    def detail(txn: str) -> dict[str, object]:
        return {"txn": txn, "op": posting.operation.value, "unit": posting.unit}

    return perform(db, who, Action.LEDGER_POST, f"case:{case_id}", work, detail)


def balances(db: Session, case_id: int) -> dict[tuple[str, str], int]:
    """(account, unit) → balance for one case, nonzero only (no access check: callers do)."""
    stmt = (
        select(LedgerEntry.account, LedgerEntry.unit, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.case_id == case_id)
        .group_by(LedgerEntry.account, LedgerEntry.unit)
    )
    return {(a, u): int(s) for a, u, s in db.execute(stmt).all() if s}


def case_balances(db: Session, who: Principal, case_id: int) -> dict[tuple[str, str], int]:
    """(account, unit) → balance for one case, nonzero only."""

    def work() -> dict[tuple[str, str], int]:
        load_case(db, who, Action.LEDGER_READ, case_id)
        return balances(db, case_id)

    return perform(db, who, Action.LEDGER_READ, f"case:{case_id}", work)


def unbalanced_transactions(db: Session) -> list[str]:
    """Ledger transactions whose legs do not sum to zero (always empty unless tampered with)."""
    stmt = (
        select(LedgerEntry.txn)
        .group_by(LedgerEntry.txn)
        .having((func.sum(LedgerEntry.amount) != 0) | (func.sum(LedgerEntry.kzt_value) != 0))
    )
    return list(db.scalars(stmt))
