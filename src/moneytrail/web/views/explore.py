"""The graph explorer (the trace runs in the browser through /v1/trace), the search by
identifier leading to the entity pages, and evidence items."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import Response

from moneytrail.api.deps import Db, State, Who
from moneytrail.api.lookup import check_identifier
from moneytrail.api.search import resolve
from moneytrail.cases import cases
from moneytrail.cases.errors import AccessDenied
from moneytrail.cases.evidence import read_evidence
from moneytrail.errors import MoneytrailError
from moneytrail.trace.params import Direction, Policy
from moneytrail.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/trace")
def explorer(
    request: Request,
    who: Who,
    db: Db,
    state: State,
    seed: Annotated[str, Query(max_length=200)] = "",
    direction: Direction = Direction.FORWARD,
) -> Response:
    """The trace form (a seed and direction may be given, as the entity pages do), the
    graph, the timeline, and the cases a trace can be saved to."""
    return render(
        request,
        "trace.html",
        who,
        seed=seed,
        direction=direction,
        directions=list(Direction),
        policies=list(Policy),
        cases=cases.visible_cases(db, who),
        configured=state.transfers is not None or state.lake is not None,
    )


@router.get("/search")
def search_form(request: Request, who: Who) -> Response:
    """The search form."""
    return render(request, "search.html", who, q="", found=None, seed=None, hits=None)


@router.post("/search")
def search(
    request: Request, who: Who, db: Db, state: State, q: Annotated[str, Form(max_length=200)]
) -> Response:
    """Name an identifier's kind and check it; cards are shown masked, traced by token.
    A POST, so that what was looked up stays out of URLs, logs and browser history."""
    found = check_identifier(db, who, q, state.tokenizer)
    seed = (found["token"] or found["normalized"]) if found["valid"] else None
    shown = "" if found["kind"] == "card" else q
    try:
        hits: list[dict[str, Any]] | None = resolve(state, db, who, q, found)
    except (AccessDenied, MoneytrailError):  # no investigating role, or no lake configured
        hits = None
    return render(request, "search.html", who, q=shown, found=found, seed=seed, hits=hits)


@router.get("/evidence/{evidence_id}")
def evidence(
    request: Request, evidence_id: Annotated[int, Path(ge=1)], who: Who, db: Db
) -> Response:
    """One evidence item and its content, checked against its hash (audited)."""
    item = read_evidence(db, who, evidence_id)
    text = item.content.decode(errors="replace")
    if item.media_type == "application/json":
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    return render(request, "evidence.html", who, item=item, text=text)
