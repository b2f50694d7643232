"""The dashboard of national statistics and the list of visible cases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from moneytrail.api.deps import Db, Who
from moneytrail.cases import cases, stats
from moneytrail.cases.errors import AccessDenied
from moneytrail.web.charts import Chart, bar_chart
from moneytrail.web.i18n import Translator
from moneytrail.web.render import render, translator

router = APIRouter(include_in_schema=False)


def _charts(figures: dict[str, Any], t: Translator) -> dict[str, Chart]:
    """Cases by status, outcomes, and what the ledger holds in tenge, per account."""
    by_status = [(t(f"status.{k}"), float(n), t.number(n)) for k, n in figures["cases"].items()]
    outcomes = [(t(f"outcome.{k}"), float(n), t.number(n)) for k, n in figures["outcomes"].items()]
    kzt = figures["ledger"]["kzt_balances"].items()
    held = [(t(f"account.{a}"), float(v), t.minor(v, "KZT")) for a, v in sorted(kzt) if v > 0]
    return {"cases": bar_chart(by_status), "outcomes": bar_chart(outcomes), "held": bar_chart(held)}


def _moved(figures: dict[str, Any], t: Translator) -> list[tuple[str, str]]:
    rows = []
    for key, amount in sorted(figures["ledger"]["moved"].items()):
        op, unit = key.split(":", 1)
        rows.append((t(f"operation.{op}"), t.minor(amount, unit)))
    return rows


@router.get("/")
def dashboard(request: Request, who: Who, db: Db) -> Response:
    """National statistics with charts (roles without `stats.read` are told so)."""
    t = translator(request)
    try:
        figures = stats.statistics(db, who)
    except AccessDenied:
        return render(request, "dashboard.html", who, figures=None)
    return render(
        request,
        "dashboard.html",
        who,
        figures=figures,
        charts=_charts(figures, t),
        moved=_moved(figures, t),
    )


@router.get("/cases")
def case_list(request: Request, who: Who, db: Db) -> Response:
    """The cases the user's agency owns or has shared with it."""
    return render(request, "cases.html", who, cases=cases.visible_cases(db, who))


@router.post("/cases")
def create_case(
    who: Who, db: Db, title: Annotated[str, Form(min_length=1, max_length=200)]
) -> Response:
    """Open a case and show it."""
    case = cases.create_case(db, who, title)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
