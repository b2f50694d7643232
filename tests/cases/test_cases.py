"""Cases, sharing, evidence, notes, tasks: the happy path and need-to-know on both backends."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases import cases, evidence
from moneytrail.cases.access import Principal, Role
from moneytrail.cases.errors import AccessDenied, InvalidInput, InvalidTransition
from moneytrail.cases.evidence import EvidenceKind, Provenance
from moneytrail.cases.models import AuditEntry
from moneytrail.cases.records import Note

WHEN = datetime(2026, 11, 1, 12, 0)


def _last(db: Session) -> AuditEntry:
    return db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def test_case_lifecycle(db: Session, people: dict[Role, Principal]) -> None:
    police, fiu = people[Role.INVESTIGATOR], people[Role.ANALYST]
    case = cases.create_case(db, police, "Shop 'Белый кролик'")
    with pytest.raises(AccessDenied, match="not shared with agency AFM"):
        cases.get_case(db, fiu, case.id)
    assert _last(db).outcome == "denied"
    cases.share_case(db, police, case.id, "AFM")
    prov = Provenance("trace", "run 7, seed card 1", WHEN)
    item = evidence.add_evidence(db, fiu, case.id, EvidenceKind.TRACE, "flows", b'{"a":1}', prov)
    assert item.content_hash.startswith("015abd7f")
    view = cases.get_case(db, fiu, case.id)
    assert (view.owner, view.members) == ("MVD", ("AFM",))
    assert view.evidence[0][1] == "trace"
    assert _last(db).action == "case.read"
    assert _last(db).outcome == "ok"
    cases.close_case(db, police, case.id)
    with pytest.raises(InvalidTransition, match="only an open case closes"):
        cases.close_case(db, police, case.id)


def test_notes_never_keep_a_clear_card_number(db: Session, people: dict[Role, Principal]) -> None:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "drops")
    text = "paid to 4111 1111 1111 1111 and 4400430000000007; order 4400430000000001"
    cases.add_note(db, police, case.id, text)
    stored = db.scalars(select(Note.text)).one()
    assert stored == "paid to 411111******1111 and 440043******0007; order 4400430000000001"


def test_tasks_between_agencies(db: Session, people: dict[Role, Principal]) -> None:
    police, fiu = people[Role.INVESTIGATOR], people[Role.ANALYST]
    case = cases.create_case(db, police, "layering")
    with pytest.raises(InvalidInput, match="not a member"):
        cases.create_task(db, police, case.id, "AFM", "trace cards", WHEN)
    cases.share_case(db, police, case.id, "AFM")
    task = cases.create_task(db, police, case.id, "AFM", "trace cards", WHEN)
    with pytest.raises(AccessDenied, match="another agency"):
        cases.complete_task(db, people[Role.SUPERVISOR], task.id)
    cases.complete_task(db, fiu, task.id)
    with pytest.raises(InvalidTransition, match="done already"):
        cases.complete_task(db, fiu, task.id)


def test_visible_cases_are_own_and_shared(db: Session, people: dict[Role, Principal]) -> None:
    police, partner = people[Role.INVESTIGATOR], people[Role.FOREIGN_PARTNER]
    one = cases.create_case(db, police, "one")
    cases.create_case(db, police, "two")
    assert cases.visible_cases(db, partner) == []
    cases.share_case(db, police, one.id, "DEA")
    assert cases.visible_cases(db, partner) == [(one.id, "one", "open")]
    with pytest.raises(AccessDenied):
        cases.create_case(db, partner, "foreign partners open no cases")


def test_tampered_evidence_is_refused(db: Session, people: dict[Role, Principal]) -> None:
    police = people[Role.INVESTIGATOR]
    case = cases.create_case(db, police, "ads")
    prov = Provenance("osint", "t.me/shop/12", WHEN)
    item = evidence.add_evidence(db, police, case.id, EvidenceKind.AD, "ad", b"text", prov)
    item.content = b"changed"
    db.commit()
    with pytest.raises(InvalidInput, match="does not match its hash"):
        evidence.read_evidence(db, police, item.id)
