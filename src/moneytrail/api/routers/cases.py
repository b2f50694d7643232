"""/v1/cases: cases visible to the agency, members, notes and tasks."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from moneytrail.api.deps import Db, Who
from moneytrail.cases import cases

router = APIRouter(prefix="/v1", tags=["cases"])

CaseId = Annotated[int, Path(ge=1, description="A case number.")]


class NewCase(BaseModel):
    """A case to open."""

    title: str = Field(min_length=1, max_length=200)


class Share(BaseModel):
    """An agency to make a member of a case."""

    agency: str = Field(min_length=1, max_length=20)


class NewNote(BaseModel):
    """A note (card numbers in it are masked before storing)."""

    text: str = Field(min_length=1, max_length=10000)


class NewTask(BaseModel):
    """A task for a member agency, with a deadline (UTC)."""

    agency: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=200)
    due: datetime


@router.get("/cases")
def list_cases(who: Who, db: Db) -> list[dict[str, Any]]:
    """The cases the agency owns or has shared with it."""
    return [{"id": i, "title": t, "status": s} for i, t, s in cases.visible_cases(db, who)]


@router.post("/cases", status_code=201)
def create_case(body: NewCase, who: Who, db: Db) -> dict[str, Any]:
    """Open a case owned by the user's agency."""
    case = cases.create_case(db, who, body.title)
    return {"id": case.id, "title": case.title, "status": case.status}


@router.get("/cases/{case_id}")
def get_case(case_id: CaseId, who: Who, db: Db) -> dict[str, Any]:
    """A case as a member sees it (audited)."""
    return asdict(cases.get_case(db, who, case_id))


@router.post("/cases/{case_id}/share")
def share_case(case_id: CaseId, body: Share, who: Who, db: Db) -> dict[str, bool]:
    """Make another agency a member."""
    cases.share_case(db, who, case_id, body.agency)
    return {"ok": True}


@router.post("/cases/{case_id}/close")
def close_case(case_id: CaseId, who: Who, db: Db) -> dict[str, bool]:
    """Close an open case."""
    cases.close_case(db, who, case_id)
    return {"ok": True}


@router.post("/cases/{case_id}/notes", status_code=201)
def add_note(case_id: CaseId, body: NewNote, who: Who, db: Db) -> dict[str, Any]:
    """Add a note."""
    note = cases.add_note(db, who, case_id, body.text)
    return {"id": note.id, "text": note.text}


@router.post("/cases/{case_id}/tasks", status_code=201)
def create_task(case_id: CaseId, body: NewTask, who: Who, db: Db) -> dict[str, Any]:
    """Give a member agency a task."""
    task = cases.create_task(db, who, case_id, body.agency, body.title, body.due)
    return {"id": task.id, "status": task.status}


@router.post("/tasks/{task_id}/complete")
def complete_task(task_id: Annotated[int, Path(ge=1)], who: Who, db: Db) -> dict[str, bool]:
    """Mark a task done (only the agency it was given to)."""
    cases.complete_task(db, who, task_id)
    return {"ok": True}
