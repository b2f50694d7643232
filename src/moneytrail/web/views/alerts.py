"""The alerts queue: dropper decisions to review, each with its score, the fired rules and
its explanation in plain words, and the confirm / overturn / lift buttons this user may
press; one decision's page adds its inputs, versions and review history. Every read and
every review goes through the audited services of `moneytrail.decisions`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from moneytrail.api.deps import Db, Who
from moneytrail.cases.access import Principal
from moneytrail.cases.cases import visible_cases
from moneytrail.cases.errors import AccessDenied
from moneytrail.decisions import queue as store
from moneytrail.decisions.access import DecisionAction, refusal
from moneytrail.decisions.queue import QueueFilter
from moneytrail.decisions.review import STATUSES, ReviewEvent, attach, moves, review
from moneytrail.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = 25
DecisionId = Annotated[int, Path(ge=1)]


def _with_moves(who: Principal, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item | {"moves": moves(who, item)} for item in items]


@router.get("/alerts")
def alerts(
    request: Request,
    who: Who,
    db: Db,
    status: Annotated[str, Query(max_length=16)] = "open",
    action: Annotated[str, Query(max_length=8)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """One page of the queue the user's agency may see (a role without it is told so)."""
    which = QueueFilter(status or None, action or None)
    try:
        found = store.queue(db, who, which, (page - 1) * PAGE, PAGE)
    except AccessDenied:
        return render(request, "alerts.html", who, found=None, items=[], chosen=status)
    return render(
        request,
        "alerts.html",
        who,
        found=found,
        items=_with_moves(who, found.items),
        chosen=status,
        action=action,
        page=page,
        pages=max(1, -(-found.total // PAGE)),
        statuses=STATUSES,
    )


@router.get("/alerts/{decision_id}")
def alert(request: Request, decision_id: DecisionId, who: Who, db: Db) -> Response:
    """One decision: explanation, rules, inputs, versions, source and its reviews; for an FIU
    reviewer, a form to attach it to a case the agency can see."""
    shown = store.get(db, who, decision_id)
    may_attach = refusal(who, DecisionAction.ATTACH) is None
    cases = visible_cases(db, who) if may_attach else []
    return render(request, "alerts.html", who, one=_with_moves(who, [shown])[0], cases=cases)


@router.post("/alerts/{decision_id}/attach")
def attach_alert(
    decision_id: DecisionId, who: Who, db: Db, case_id: Annotated[int, Form(ge=1)]
) -> Response:
    """Attach the decision to a case, so that the case's member agencies see it."""
    attach(db, who, decision_id, case_id)
    return RedirectResponse(f"/alerts/{decision_id}", status_code=303)


@router.post("/alerts/{decision_id}")
def review_alert(
    decision_id: DecisionId,
    who: Who,
    db: Db,
    event: Annotated[ReviewEvent, Form()],
    version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=4000)] = "",
    back: Annotated[str, Form(max_length=200)] = "/alerts",
) -> Response:
    """Confirm, overturn or lift as of the version the page showed; back to the queue."""
    review(db, who, decision_id, event, note, version)
    target = back if back.startswith("/alerts") else "/alerts"
    return RedirectResponse(target, status_code=303)
