"""Foreign requests: bulk creation, statuses per account, partial execution, deadlines,
reminders and the report."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from moneytrail.cases import auth, cases, foreign, ledger, stats
from moneytrail.cases.access import Action, AgencyKind, Principal, Role
from moneytrail.cases.errors import AccessDenied, InvalidTransition, NotFound
from moneytrail.cases.foreign import AccountStatus as S
from moneytrail.cases.foreign import Answer
from moneytrail.cases.ledger import Account
from moneytrail.model.ids.base import Tokenizer

SENT = datetime(2026, 11, 1, 9, 0)
ACCOUNTS = [f"GE{n:02d}TB{n:016d}" for n in range(1, 7)] + ["4111 1111 1111 1111"]


def _request(db: Session, people: dict[Role, Principal], tok: Tokenizer) -> int:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "cash-out abroad")
    for agency in ("AFM", "DEA"):
        cases.share_case(db, police, case.id, agency)
    deadline = SENT + timedelta(days=10)
    rid = foreign.create_request(db, police, case.id, "TBCBGE22", "DEA", ACCOUNTS, deadline, tok)
    foreign.send(db, people[Role.BANK_LIAISON], rid, now=SENT)
    return rid


def test_partial_then_complete(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    rid = _request(db, people, tokenizer)
    partner, analyst = people[Role.FOREIGN_PARTNER], people[Role.ANALYST]
    first = [Answer(ACCOUNTS[0], S.RESTRICTED, 10_000), Answer(ACCOUNTS[1], S.PARTIAL, 500)]
    assert foreign.respond(db, partner, rid, first, tokenizer) == 2
    report = stats.request_report(db, analyst, rid)
    assert (report["state"], report["answered"], report["accounts"]) == ("answering", 2, 7)
    assert report["by_status"]["requested"]["accounts"] == 5
    rest = [Answer(a, S.NOT_FOUND) for a in ACCOUNTS[2:6]] + [Answer(ACCOUNTS[6], S.REFUSED)]
    rest.append(Answer(ACCOUNTS[1], S.RESTRICTED, 700))
    foreign.respond(db, partner, rid, rest, tokenizer)
    report = stats.request_report(db, analyst, rid)
    assert report["state"] == "completed"
    assert report["by_status"]["restricted"] == {"accounts": 2, "amount": 10_700}
    case_id = foreign.load_request(db, analyst, Action.FOREIGN_READ, rid).case_id
    assert ledger.balance(db, case_id, Account.FROZEN, "USD") == 10_700
    foreign.respond(db, partner, rid, [Answer(ACCOUNTS[0], S.LIFTED)], tokenizer)
    assert ledger.balance(db, case_id, Account.FROZEN, "USD") == 700


def test_a_bad_answer_refuses_the_whole_batch(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    rid = _request(db, people, tokenizer)
    partner = people[Role.FOREIGN_PARTNER]
    foreign.respond(db, partner, rid, [Answer(ACCOUNTS[0], S.REFUSED)], tokenizer)
    batch = [Answer(ACCOUNTS[1], S.RESTRICTED, 5), Answer(ACCOUNTS[0], S.LIFTED)]
    with pytest.raises(InvalidTransition, match="cannot go from refused to lifted"):
        foreign.respond(db, partner, rid, batch, tokenizer)
    with pytest.raises(NotFound, match="not in foreign request"):
        foreign.respond(db, partner, rid, [Answer("DE89370400440532013000", S.REFUSED)], tokenizer)
    report = stats.request_report(db, people[Role.ANALYST], rid)
    assert report["answered"] == 1
    assert "restricted" not in report["by_status"]


def test_request_state_machine_and_channel(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    rid = _request(db, people, tokenizer)
    with pytest.raises(InvalidTransition, match="is sent: cannot send"):
        foreign.send(db, people[Role.BANK_LIAISON], rid)
    with pytest.raises(AccessDenied, match=r"role investigator may not foreign\.send"):
        foreign.close(db, people[Role.INVESTIGATOR], rid, "")
    foreign.close(db, people[Role.BANK_LIAISON], rid, "no answer after reminders")
    with pytest.raises(InvalidTransition, match="is closed: cannot answer"):
        foreign.respond(db, people[Role.FOREIGN_PARTNER], rid, [], tokenizer)


def test_reminders_after_the_deadline_once_a_day(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    rid = _request(db, people, tokenizer)
    liaison = people[Role.BANK_LIAISON]
    assert foreign.send_reminders(db, liaison, now=SENT + timedelta(days=9)) == []
    late = SENT + timedelta(days=11)
    assert foreign.send_reminders(db, liaison, now=late) == [rid]
    assert foreign.send_reminders(db, liaison, now=late + timedelta(hours=2)) == []
    assert foreign.send_reminders(db, liaison, now=late + timedelta(days=1)) == [rid]
    assert stats.request_report(db, people[Role.ANALYST], rid)["reminders"] == 2


def test_a_partner_sees_only_requests_addressed_to_it(
    db: Session, people: dict[Role, Principal], tokenizer: Tokenizer
) -> None:
    rid = _request(db, people, tokenizer)
    admin, police = people[Role.SUPERVISOR], people[Role.INVESTIGATOR]
    other_id = auth.add_agency(
        db, admin, "NCA", "UK National Crime Agency", AgencyKind.FOREIGN, "GB"
    )
    case_id = foreign.load_request(db, police, Action.FOREIGN_READ, rid).case_id
    cases.share_case(db, police, case_id, "NCA")
    other = Principal(None, "uk.partner", other_id, "NCA", AgencyKind.FOREIGN, Role.FOREIGN_PARTNER)
    assert cases.get_case(db, other, case_id).id == case_id
    assert stats.case_requests(db, other, case_id) == []
    assert [r["id"] for r in stats.case_requests(db, people[Role.FOREIGN_PARTNER], case_id)] == [
        rid
    ]
    with pytest.raises(AccessDenied, match="addressed to another partner"):
        stats.request_report(db, other, rid)
    with pytest.raises(AccessDenied, match="addressed to another partner"):
        foreign.respond(db, other, rid, [Answer(ACCOUNTS[0], S.REFUSED)], tokenizer)
