"""Cases: create, share with member agencies, read under need-to-know, close; notes, tasks
between agencies with deadlines, and outcomes (labs, groups, arrests) for the statistics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import AccessDenied, InvalidInput, InvalidTransition, NotFound
from moneytrail.cases.models import Agency
from moneytrail.cases.records import Case, CaseShare, Evidence, Note, Outcome, Task
from moneytrail.cases.service import load_case, perform, require_role, shared_agencies
from moneytrail.model.ids.card import luhn_valid, mask_pan

_PAN = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


class OutcomeKind(StrEnum):
    """Results a case can report."""

    LAB = "lab"
    GROUP = "group"
    ARREST = "arrest"


def mask_pans(text: str) -> str:
    """The text with every Luhn-valid card number masked (first 6, last 4)."""

    def repl(match: re.Match[str]) -> str:
        digits = re.sub(r"[ -]", "", match.group())
        return mask_pan(digits) if luhn_valid(digits) else match.group()

    return _PAN.sub(repl, text)


@dataclass(frozen=True, slots=True)
class CaseView:
    """What a member agency sees of a case."""

    id: int
    title: str
    status: str
    owner: str
    members: tuple[str, ...]
    evidence: tuple[tuple[int, str, str, str], ...]
    notes: tuple[tuple[str, str, str], ...]
    tasks: tuple[tuple[int, str, str, str], ...]


def _agency(db: Session, code: str) -> Agency:
    agency = db.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        raise NotFound(f"agency {code} does not exist")
    return agency


def create_case(db: Session, who: Principal, title: str) -> Case:
    """Open a case owned by the user's agency."""

    def work() -> Case:
        require_role(who, Action.CASE_CREATE)
        assert who.agency_id is not None  # CASE_CREATE is never open to the anonymous
        case = Case(title=title, owner_agency_id=who.agency_id, created_by=who.username)
        db.add(case)
        db.flush()
        return case

    return perform(db, who, Action.CASE_CREATE, "case:new", work, lambda c: {"case": c.id})


def share_case(db: Session, who: Principal, case_id: int, agency_code: str) -> None:
    """Make another agency a member of the case."""

    def work() -> None:
        load_case(db, who, Action.CASE_SHARE, case_id)
        agency = _agency(db, agency_code)
        if agency.id not in shared_agencies(db, case_id):
            db.add(CaseShare(case_id=case_id, agency_id=agency.id, shared_by=who.username))

    perform(db, who, Action.CASE_SHARE, f"case:{case_id}", work, lambda _: {"to": agency_code})


def close_case(db: Session, who: Principal, case_id: int) -> None:
    """Close an open case."""

    def work() -> None:
        case = load_case(db, who, Action.CASE_CLOSE, case_id)
        if case.status != "open":
            raise InvalidTransition(f"case {case_id} is {case.status}; only an open case closes")
        case.status = "closed"

    perform(db, who, Action.CASE_CLOSE, f"case:{case_id}", work)


def visible_cases(db: Session, who: Principal) -> list[tuple[int, str, str]]:
    """(id, title, status) of the cases the user's agency owns or has shared with it."""

    def work() -> list[tuple[int, str, str]]:
        require_role(who, Action.CASE_READ)
        shared = select(CaseShare.case_id).where(CaseShare.agency_id == who.agency_id)
        cond = or_(Case.owner_agency_id == who.agency_id, Case.id.in_(shared))
        rows = db.execute(select(Case.id, Case.title, Case.status).where(cond).order_by(Case.id))
        return [(r.id, r.title, r.status) for r in rows]

    return perform(db, who, Action.CASE_READ, "case:*", work, lambda r: {"count": len(r)})


def get_case(db: Session, who: Principal, case_id: int) -> CaseView:
    """The case as a member sees it (audited as a read of personal data)."""

    def work() -> CaseView:
        case = load_case(db, who, Action.CASE_READ, case_id)
        return _view(db, case)

    return perform(db, who, Action.CASE_READ, f"case:{case_id}", work)


def _view(db: Session, case: Case) -> CaseView:
    codes = dict(db.execute(select(Agency.id, Agency.code)).all())
    members = tuple(sorted(codes[a] for a in shared_agencies(db, case.id)))
    evidence = db.scalars(select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id))
    notes = db.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.id))
    tasks = db.scalars(select(Task).where(Task.case_id == case.id).order_by(Task.id))
    return CaseView(
        case.id,
        case.title,
        case.status,
        codes[case.owner_agency_id],
        members,
        tuple((e.id, e.kind, e.title, e.content_hash) for e in evidence),
        tuple((n.author, n.agency, n.text) for n in notes),
        tuple((t.id, codes[t.to_agency_id], t.title, t.status) for t in tasks),
    )


def add_note(db: Session, who: Principal, case_id: int, text: str) -> Note:
    """Add a note; card numbers in it are masked before it is stored."""

    def work() -> Note:
        load_case(db, who, Action.NOTE_ADD, case_id)
        note = Note(case_id=case_id, author=who.username, agency=who.agency_code)
        note.text = mask_pans(text)
        db.add(note)
        return note

    return perform(db, who, Action.NOTE_ADD, f"case:{case_id}", work)


def create_task(
    db: Session, who: Principal, case_id: int, to_agency: str, title: str, due: datetime
) -> Task:
    """Give a member agency a task with a deadline."""

    def work() -> Task:
        load_case(db, who, Action.TASK_CREATE, case_id)
        target = _agency(db, to_agency)
        case = db.get(Case, case_id)
        assert case is not None  # load_case found it
        if target.id != case.owner_agency_id and target.id not in shared_agencies(db, case_id):
            raise InvalidInput(f"agency {to_agency} is not a member of case {case_id}")
        assert who.agency_id is not None  # TASK_CREATE is never open to the anonymous
        task = Task(case_id=case_id, from_agency_id=who.agency_id, to_agency_id=target.id)
        task.title, task.due, task.created_by = title, due, who.username
        db.add(task)
        db.flush()
        return task

    return perform(db, who, Action.TASK_CREATE, f"case:{case_id}", work, lambda t: {"task": t.id})


def complete_task(db: Session, who: Principal, task_id: int) -> None:
    """Mark a task done; only the agency it was given to can."""

    def work() -> None:
        task = db.get(Task, task_id)
        if task is None:
            raise NotFound(f"task {task_id} does not exist")
        load_case(db, who, Action.TASK_COMPLETE, task.case_id)
        if task.to_agency_id != who.agency_id:
            raise AccessDenied(f"task {task_id} was given to another agency")
        if task.status != "open":
            raise InvalidTransition(f"task {task_id} is {task.status} already")
        task.status, task.done_by = "done", who.username

    perform(db, who, Action.TASK_COMPLETE, f"task:{task_id}", work)


def record_outcome(
    db: Session, who: Principal, case_id: int, kind: OutcomeKind, count: int
) -> None:
    """Record labs dismantled, groups disrupted or arrests made in a case."""

    def work() -> None:
        load_case(db, who, Action.OUTCOME_RECORD, case_id)
        if count < 1:
            raise InvalidInput("an outcome counts at least 1")
        db.add(Outcome(case_id=case_id, kind=kind.value, count=count, recorded_by=who.username))

    perform(db, who, Action.OUTCOME_RECORD, f"case:{case_id}", work)
