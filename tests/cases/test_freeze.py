"""Domestic freezes: the state machine, its refusals, the ledger it posts, stale versions."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import cases, freeze, ledger, stats
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.errors import AccessDenied, InvalidInput, InvalidTransition, StaleObject
from moneytrail.cases.freeze import FreezeEvent as E
from moneytrail.cases.ledger import Account
from moneytrail.cases.records import Freeze, Transition
from moneytrail.model.ids.base import IdKind, Tokenizer

CARD = "4111 1111 1111 1111"


def _setup(db: Session, people: dict[Role, Principal], tok: Tokenizer) -> Freeze:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "drops")
    for agency in ("GPO", "AFM"):
        cases.share_case(db, police, case.id, agency)
    return freeze.request_freeze(db, police, case.id, CARD, "Halyk", "dropper score 0.97", tok)


def test_full_path_posts_to_the_ledger(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    f = _setup(db, people, tokenizer)
    assert (f.target_kind, f.target_masked) == ("card", "411111******1111")
    assert f.target_token == tokenizer.token(IdKind.CARD, "4111111111111111")
    prosecutor, liaison = people[Role.PROSECUTOR], people[Role.BANK_LIAISON]
    freeze.advance(db, prosecutor, f.id, E.SANCTION, "sanction 12/3")
    freeze.advance(db, liaison, f.id, E.ACKNOWLEDGE, "bank ack")
    freeze.advance(db, liaison, f.id, E.EXECUTE, "blocked", amount=1_250_000)
    assert ledger.balance(db, f.case_id, Account.FROZEN, "KZT") == 1_250_000
    freeze.advance(db, prosecutor, f.id, E.LIFT, "appeal granted")
    assert ledger.balance(db, f.case_id, Account.FROZEN, "KZT") == 0
    assert ledger.balance(db, f.case_id, Account.RELEASED, "KZT") == 1_250_000
    moves = db.execute(select(Transition.from_state, Transition.to_state, Transition.by)).all()
    assert [m[1] for m in moves] == [
        "requested",
        "sanctioned",
        "acknowledged",
        "executed",
        "lifted",
    ]
    assert moves[-1][2] == "demo.prosecutor"
    listed = stats.case_freezes(db, people[Role.ANALYST], f.case_id)
    assert [(x["target_masked"], x["state"]) for x in listed] == [("411111******1111", "lifted")]
    assert ledger.unbalanced_transactions(db) == []


def test_invalid_transitions_are_refused_clearly(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    f = _setup(db, people, tokenizer)
    liaison = people[Role.BANK_LIAISON]
    with pytest.raises(InvalidTransition, match=r"is requested: cannot execute \(allowed: refuse"):
        freeze.advance(db, liaison, f.id, E.EXECUTE, "too early", amount=5)
    freeze.advance(db, people[Role.PROSECUTOR], f.id, E.REFUSE, "no grounds")
    with pytest.raises(InvalidTransition, match=r"is refused: cannot sanction \(allowed: none\)"):
        freeze.advance(db, people[Role.PROSECUTOR], f.id, E.SANCTION, "changed my mind")


def test_only_a_prosecutor_sanctions(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    f = _setup(db, people, tokenizer)
    with pytest.raises(AccessDenied, match=r"role investigator may not freeze\.sanction"):
        freeze.advance(db, people[Role.INVESTIGATOR], f.id, E.SANCTION, "self-sanction")


def test_invalid_target_and_stale_version(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    f = _setup(db, people, tokenizer)
    with pytest.raises(InvalidInput, match="Luhn"):
        freeze.request_freeze(
            db, people[Role.INVESTIGATOR], f.case_id, "4111111111111112", "B", "", tokenizer
        )
    with pytest.raises(StaleObject, match="version"):
        freeze.advance(
            db, people[Role.PROSECUTOR], f.id, E.SANCTION, "", expected_version=f.version + 1
        )
    freeze.advance(db, people[Role.PROSECUTOR], f.id, E.SANCTION, "", expected_version=f.version)


def test_ledger_refuses_to_overdraw(db: Session, people: dict[Role, Principal]) -> None:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "crypto")
    usdt = ledger.Posting(
        ledger.Operation.FREEZE, "USDT", 3_800_000_000_000, 1_900_000_000_00, "88 wallets"
    )
    ledger.post(db, police, case.id, usdt)
    seize = ledger.Posting(ledger.Operation.SEIZE, "USDT", 1_000_000, 500_00, "court order")
    ledger.post(db, police, case.id, seize)
    too_much = ledger.Posting(ledger.Operation.CONFISCATE, "USDT", 2_000_000, 1, "verdict")
    with pytest.raises(InvalidTransition, match="seized holds 1000000 USDT, less than 2000000"):
        ledger.post(db, police, case.id, too_much)
    with pytest.raises(InvalidInput, match="unknown unit"):
        ledger.post(db, police, case.id, ledger.Posting(ledger.Operation.FREEZE, "XYZ", 1, 1, ""))
    bad_source = ledger.Posting(ledger.Operation.CONFISCATE, "USDT", 1, 1, "", Account.FROZEN)
    with pytest.raises(InvalidTransition, match="cannot take value from frozen"):
        ledger.post(db, police, case.id, bad_source)
    balances = ledger.case_balances(db, police, case.id)
    assert balances[("frozen", "USDT")] == 3_800_000_000_000 - 1_000_000
    assert sum(balances.values()) == 0


def test_a_card_known_only_by_its_token_is_frozen_with_its_mask(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "drops from the lake")
    token = tokenizer.token(IdKind.CARD, "4111111111111111")
    f = freeze.request_freeze(
        db, police, case.id, token, "Halyk", "trace sink", tokenizer, masked="411111******1111"
    )
    assert (f.target_kind, f.target_token, f.target_masked) == ("card", token, "411111******1111")
    for bad_mask in (None, "4111111111111111", "card"):
        with pytest.raises(InvalidInput, match="masked number"):
            freeze.request_freeze(
                db, police, case.id, token, "Halyk", "trace sink", tokenizer, masked=bad_mask
            )
