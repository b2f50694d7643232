"""Statistics come from the ledger and the cases alone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from moneytrail.cases import cases, foreign, freeze, ledger, stats
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.foreign import AccountStatus as S
from moneytrail.model.ids.base import Tokenizer


def test_figures(db: Session, people: dict[Role, Principal], tokenizer: Tokenizer) -> None:
    police, gpo, liaison = (
        people[Role.INVESTIGATOR],
        people[Role.PROSECUTOR],
        people[Role.BANK_LIAISON],
    )
    case = cases.create_case(db, police, "shop")
    for agency in ("GPO", "AFM", "DEA"):
        cases.share_case(db, police, case.id, agency)
    for card in ("4111111111111111", "4400430000000007"):
        f = freeze.request_freeze(db, police, case.id, card, "Halyk", "score", tokenizer)
        freeze.advance(db, gpo, f.id, freeze.E.SANCTION, "")
        freeze.advance(db, liaison, f.id, freeze.E.ACKNOWLEDGE, "")
        freeze.advance(db, liaison, f.id, freeze.E.EXECUTE, "", amount=2_700_000)
    freeze.advance(db, gpo, f.id, freeze.E.LIFT, "appeal")
    car = ledger.Posting(
        ledger.Operation.SEIZE, "VEHICLE", 1, 1_200_000_000, "Camry 2021", ledger.Account.SUBJECT
    )
    ledger.post(db, police, case.id, car)
    cases.record_outcome(db, police, case.id, cases.OutcomeKind.LAB, 2)
    cases.record_outcome(db, police, case.id, cases.OutcomeKind.ARREST, 24)
    rid = foreign.create_request(
        db, police, case.id, "TBCBGE22", "DEA", ["A1", "A2"], datetime(2026, 12, 1), tokenizer
    )
    foreign.send(db, liaison, rid)
    foreign.respond(
        db, people[Role.FOREIGN_PARTNER], rid, [foreign.Answer("A1", S.PARTIAL, 9)], tokenizer
    )
    figures = stats.statistics(db, people[Role.AUDITOR])
    assert figures["cards_blocked"] == 2
    assert figures["cards_blocked_now"] == 1
    assert figures["accounts_restricted_abroad"] == 1
    assert figures["outcomes"] == {"lab": 2, "arrest": 24}
    assert figures["seizures"] == 1
    assert figures["cases"] == {"open": 1}
    assert figures["ledger"]["balances"]["frozen:KZT"] == 2_700_000
    assert figures["ledger"]["balances"]["released:KZT"] == 2_700_000
    assert figures["ledger"]["moved"]["freeze:KZT"] == 5_400_000
    assert figures["ledger"]["balances"]["seized:VEHICLE"] == 1
    assert figures["ledger"]["kzt_balances"]["seized"] == 1_200_000_000
