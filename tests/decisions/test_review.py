"""The reviewer loop: confirm, overturn and lift as a state machine, labels from reviews,
need-to-know across agencies, and every read audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal, Role
from moneytrail.cases.cases import create_case, share_case
from moneytrail.cases.errors import AccessDenied, InvalidInput, InvalidTransition, StaleObject
from moneytrail.cases.models import AuditEntry
from moneytrail.decisions.queue import QueueFilter, get, labels, queue
from moneytrail.decisions.review import attach, confirm, lift, moves, overturn
from moneytrail.decisions.store import record
from tests.decisions.conftest import line

People = dict[Role, Principal]


def _ids(db: Session, system: Principal, people: People) -> dict[str, int]:
    """Three decisions recorded by the FIU's scoring job; their ids by transfer."""
    log = [line("blk", "block", 0.99), line("rev", "review", 0.7), line("rev2", "review", 0.6)]
    record(db, system, log, "log")
    page = queue(db, people[Role.ANALYST], QueueFilter(status=None))
    return {item["transfer_id"]: item["id"] for item in page.items}


def _last(db: Session) -> AuditEntry:
    return db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def test_confirm_overturn_and_labels(db: Session, people: People, fiu_system: Principal) -> None:
    ids, analyst = _ids(db, fiu_system, people), people[Role.ANALYST]
    assert confirm(db, analyst, ids["rev"], "seen the chain")["label"] == 1
    done = overturn(db, analyst, ids["rev2"], "salary of a shop clerk")
    assert (done["status"], done["label"], done["block_lifted"]) == ("overturned", 0, False)
    appeal = overturn(db, analyst, ids["rev"], "appeal: a family transfer")
    assert [r["event"] for r in appeal["reviews"]] == ["confirm", "overturn"]
    table = labels(db, fiu_system)
    assert table.column_names[:2] == ["transfer_id", "label"]
    assert sorted(table.select(["transfer_id", "label"]).to_pylist(), key=str) == [
        {"transfer_id": "rev", "label": 0},
        {"transfer_id": "rev2", "label": 0},
    ]
    assert _last(db).action == "decision.labels"


def test_lifting_a_block_is_recorded(db: Session, people: People, fiu_system: Principal) -> None:
    ids, analyst = _ids(db, fiu_system, people), people[Role.ANALYST]
    confirmed = confirm(db, analyst, ids["blk"])
    assert moves(analyst, confirmed) == ["overturn", "lift"]
    lifted = lift(db, analyst, ids["blk"], "court order 12/3")
    assert (lifted["status"], lifted["label"], lifted["block_lifted"]) == ("lifted", 1, True)
    assert lifted["reviews"][-1] | {"at": ""} == {
        "event": "lift",
        "from": "confirmed",
        "to": "lifted",
        "by": analyst.username,
        "agency": "AFM",
        "at": "",
        "note": "court order 12/3",
    }
    assert _last(db).detail == '{"event":"lift","lifted":true,"status":"lifted"}'
    assert overturn(db, analyst, ids["rev"], "no")["block_lifted"] is False


def test_invalid_transitions_refused(db: Session, people: People, fiu_system: Principal) -> None:
    ids, analyst = _ids(db, fiu_system, people), people[Role.ANALYST]
    with pytest.raises(InvalidTransition, match="is a review, not a block: nothing to lift"):
        lift(db, analyst, ids["rev"], "why")
    overturn(db, analyst, ids["blk"], "wrong card")
    with pytest.raises(InvalidTransition, match=r"is overturned: cannot confirm \(allowed: none\)"):
        confirm(db, analyst, ids["blk"])
    with pytest.raises(InvalidInput, match="note: say why"):
        overturn(db, analyst, ids["rev"], " ")
    with pytest.raises(StaleObject, match="at version 1, not 7"):
        confirm(db, analyst, ids["rev"], version=7)
    assert _last(db).outcome == "stale"
    assert get(db, analyst, ids["rev"])["status"] == "open"


def test_need_to_know(db: Session, people: People, fiu_system: Principal) -> None:
    ids = _ids(db, fiu_system, people)
    analyst, police = people[Role.ANALYST], people[Role.INVESTIGATOR]
    prosecutor = people[Role.PROSECUTOR]
    assert queue(db, police).total == 0
    with pytest.raises(AccessDenied, match="not shared with agency MVD"):
        get(db, police, ids["blk"])
    assert (_last(db).action, _last(db).outcome) == ("decision.read", "denied")
    case = create_case(db, police, "droppers of shop X").id
    with pytest.raises(AccessDenied, match="case not shared with agency AFM"):
        attach(db, analyst, ids["blk"], case)
    share_case(db, police, case, "AFM")
    attach(db, analyst, ids["blk"], case)
    assert [i["id"] for i in queue(db, police).items] == [ids["blk"]]
    assert _last(db).detail == f'{{"ids":[{ids["blk"]}],"total":1}}'
    with pytest.raises(AccessDenied, match=r"may not decision\.review"):
        confirm(db, police, ids["blk"])
    with pytest.raises(AccessDenied, match="not shared with agency GPO"):
        lift(db, prosecutor, ids["blk"], "sanction refused")
    share_case(db, police, case, "GPO")
    assert lift(db, prosecutor, ids["blk"], "sanction refused")["status"] == "lifted"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.FOREIGN_PARTNER, Role.BANK_LIAISON])
def test_roles_without_the_queue(
    db: Session, people: People, fiu_system: Principal, role: Role
) -> None:
    ids = _ids(db, fiu_system, people)
    with pytest.raises(AccessDenied):
        queue(db, people[role])
    with pytest.raises(AccessDenied):
        get(db, people[role], ids["blk"])
    with pytest.raises(AccessDenied):
        attach(db, people[role], ids["blk"], 1)


def test_queue_filters_and_pages(db: Session, people: People, fiu_system: Principal) -> None:
    ids, analyst = _ids(db, fiu_system, people), people[Role.ANALYST]
    page = queue(db, analyst)
    assert [i["transfer_id"] for i in page.items] == ["blk", "rev", "rev2"]
    assert (
        queue(db, analyst, QueueFilter(action="review"), offset=1, limit=1).items[0]["id"]
        == (ids["rev2"])
    )
    assert queue(db, analyst, QueueFilter(min_score=0.65)).total == 2
    confirm(db, analyst, ids["rev"])
    assert queue(db, analyst).total == 2
    assert queue(db, analyst, QueueFilter(status="confirmed")).total == 1
    with pytest.raises(InvalidInput, match="status: 'done' is not one of"):
        queue(db, analyst, QueueFilter(status="done"))
    with pytest.raises(InvalidInput, match="limit"):
        queue(db, analyst, limit=0)
