"""Parallel writers lose nothing: version columns turn a lost update into a `StaleObject`
that the writer retries, and the audit chain stays one unbroken chain."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from moneytrail.cases import audit, cases, foreign, freeze, ledger
from moneytrail.cases.access import Action, Principal, Role
from moneytrail.cases.errors import InvalidTransition, StaleObject
from moneytrail.cases.foreign import AccountStatus as S
from moneytrail.cases.ledger import Account
from moneytrail.cases.records import Case, LedgerEntry
from moneytrail.model.ids.base import Tokenizer

T = TypeVar("T")
WRITERS, PER_WRITER = 8, 6


def _retry(factory: sessionmaker[Session], work: Callable[[Session], T]) -> tuple[T, int]:
    """Run `work` in a fresh session until it is not stale; returns its result and the retries."""
    for attempt in range(100):
        with factory() as session:
            try:
                return work(session), attempt
            except StaleObject:
                continue
    raise AssertionError("never got through")


def _answer(
    who: Principal, rid: int, account: str, amount: int, tok: Tokenizer
) -> Callable[[Session], int]:
    """One account's answer, as work for `_retry`."""
    answers = [foreign.Answer(account, S.RESTRICTED, amount)]
    return lambda session: foreign.respond(session, who, rid, answers, tok)


def _case(db: Session, people: dict[Role, Principal]) -> int:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "parallel")
    for agency in ("GPO", "AFM", "DEA"):
        cases.share_case(db, police, case.id, agency)
    return case.id


def test_parallel_answers_to_one_request(
    db: Session,
    factory: sessionmaker[Session],
    people: dict[Role, Principal],
    tokenizer: Tokenizer,
) -> None:
    case_id = _case(db, people)
    accounts = [f"ACC{w}-{i}" for w in range(WRITERS) for i in range(PER_WRITER)]
    rid = foreign.create_request(
        db,
        people[Role.INVESTIGATOR],
        case_id,
        "TBCBGE22",
        "DEA",
        accounts,
        datetime(2027, 1, 1),
        tokenizer,
    )
    foreign.send(db, people[Role.BANK_LIAISON], rid)
    db.close()
    partner = people[Role.FOREIGN_PARTNER]

    def writer(w: int) -> int:
        retries = 0
        for i in range(PER_WRITER):
            _, tries = _retry(factory, _answer(partner, rid, f"ACC{w}-{i}", 100 + w, tokenizer))
            retries += tries
        return retries

    with ThreadPoolExecutor(WRITERS) as pool:
        retries = sum(pool.map(writer, range(WRITERS)))
    print(f"retries after stale reads: {retries}")
    with factory() as check:
        req = foreign.load_request(check, partner, Action.FOREIGN_READ, rid)
        assert (req.n_answered, req.state) == (len(accounts), "completed")
        expected = sum((100 + w) * PER_WRITER for w in range(WRITERS))
        assert ledger.balance(check, case_id, Account.FROZEN, "USD") == expected
        assert audit.verify(check).ok


def test_one_freeze_is_executed_once(
    db: Session,
    factory: sessionmaker[Session],
    people: dict[Role, Principal],
    tokenizer: Tokenizer,
) -> None:
    case_id = _case(db, people)
    f = freeze.request_freeze(
        db, people[Role.INVESTIGATOR], case_id, "4111111111111111", "B", "", tokenizer
    )
    freeze.advance(db, people[Role.PROSECUTOR], f.id, freeze.E.SANCTION, "")
    freeze.advance(db, people[Role.BANK_LIAISON], f.id, freeze.E.ACKNOWLEDGE, "")
    db.close()
    liaison = people[Role.BANK_LIAISON]

    def execute(amount: int) -> str:
        with factory() as session:
            try:
                freeze.advance(session, liaison, f.id, freeze.E.EXECUTE, "", amount)
            except (StaleObject, InvalidTransition) as exc:
                return type(exc).__name__
            return "ok"

    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(execute, range(1, WRITERS + 1)))
    assert outcomes.count("ok") == 1
    with factory() as check:
        legs = check.scalars(select(LedgerEntry).where(LedgerEntry.account == "frozen")).all()
        assert len(legs) == 1
        assert audit.verify(check).ok


def test_a_stale_write_is_refused_not_lost(
    db: Session, factory: sessionmaker[Session], people: dict[Role, Principal]
) -> None:
    case_id = _case(db, people)
    police = people[Role.INVESTIGATOR]
    with factory() as first, factory() as second:
        stale = first.get(Case, case_id)
        assert stale is not None
        first.commit()
        cases.close_case(second, police, case_id)
        stale.title = "renamed from an old read"
        with pytest.raises(StaleDataError):
            first.commit()
