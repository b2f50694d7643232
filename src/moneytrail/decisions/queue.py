"""Reading the store: the review queue, one decision, and reviews as training labels.
Every read is audited (the records hold personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal
from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.service import perform
from moneytrail.decisions.access import DecisionAction
from moneytrail.decisions.lines import ACTIONS
from moneytrail.decisions.records import DecisionReview, StoredDecision
from moneytrail.decisions.review import STATUSES
from moneytrail.decisions.views import detail, load, require, summary, visible

MAX_PAGE = 200


@dataclass(frozen=True)
class QueueFilter:
    """Which decisions to list: by status (open by default), action, model, score, account
    (instrument id) or case."""

    status: str | None = "open"
    action: str | None = None
    model_version: str | None = None
    min_score: float | None = None
    account: str | None = None
    case_id: int | None = None

    def check(self) -> None:
        """Refuse values no decision can have, naming the field."""
        if self.status is not None and self.status not in STATUSES:
            raise InvalidInput(f"status: {self.status!r} is not one of {', '.join(STATUSES)}")
        if self.action is not None and self.action not in ACTIONS:
            raise InvalidInput(f"action: {self.action!r} is not one of {', '.join(ACTIONS)}")

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        """`stmt` narrowed by every field that is set."""
        d = StoredDecision
        conditions = [
            d.status == self.status if self.status is not None else None,
            d.action == self.action if self.action is not None else None,
            d.model_version == self.model_version if self.model_version is not None else None,
            d.score >= self.min_score if self.min_score is not None else None,
            (d.src_instrument == self.account) | (d.dst_instrument == self.account)
            if self.account is not None
            else None,
            d.case_id == self.case_id if self.case_id is not None else None,
        ]
        return stmt.where(*(c for c in conditions if c is not None))


@dataclass(frozen=True)
class Page:
    """One page of the queue, strongest first, and how many match in all."""

    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


def queue(
    db: Session, who: Principal, which: QueueFilter | None = None, offset: int = 0, limit: int = 50
) -> Page:
    """Decisions the agency may see that match `which`: blocks before reviews, by score."""
    which = which or QueueFilter()

    def work() -> Page:
        require(who, DecisionAction.READ)
        which.check()
        if not 0 < limit <= MAX_PAGE or offset < 0:
            raise InvalidInput(f"limit: must be 1 to {MAX_PAGE}, offset at least 0")
        base = which.apply(select(StoredDecision).where(visible(who)))
        total = db.scalar(select(func.count()).select_from(base.subquery())) or 0
        blocks_first = case((StoredDecision.action == "block", 0), else_=1)
        order = (blocks_first, StoredDecision.score.desc(), StoredDecision.id)
        rows = db.scalars(base.order_by(*order).offset(offset).limit(limit))
        return Page([summary(d) for d in rows], total, offset, limit)

    def audited(page: Page) -> dict[str, Any]:
        return {"total": page.total, "ids": [item["id"] for item in page.items]}

    return perform(db, who, DecisionAction.READ, "decisions:queue", work, audited)


def get(db: Session, who: Principal, decision_id: int) -> dict[str, Any]:
    """One decision with its inputs, versions and reviews (audited)."""

    def work() -> dict[str, Any]:
        return detail(db, load(db, who, DecisionAction.READ, decision_id))

    return perform(db, who, DecisionAction.READ, f"decision:{decision_id}", work)


LABEL_SCHEMA = pa.schema(
    [
        pa.field("transfer_id", pa.string(), nullable=False),
        pa.field("label", pa.int8(), nullable=False),
        pa.field("src_instrument", pa.string()),
        pa.field("dst_instrument", pa.string()),
        pa.field("decision_id", pa.int64(), nullable=False),
        pa.field("action", pa.string(), nullable=False),
        pa.field("model_version", pa.string(), nullable=False),
        pa.field("reviewed_by", pa.string(), nullable=False),
        pa.field("reviewed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)
"""Training labels from reviews: 1 where a reviewer confirmed the decision (a dropper),
0 where one overturned it; joined with the transfers by `transfer_id`."""


def labels(db: Session, who: Principal) -> pa.Table:
    """Every reviewed decision as a label, by its last confirm or overturn (audited)."""

    def work() -> pa.Table:
        require(who, DecisionAction.LABELS)
        r = DecisionReview
        last = (
            select(r.decision_id, func.max(r.id).label("rid"))
            .where(r.event.in_(("confirm", "overturn")))
            .group_by(r.decision_id)
            .subquery()
        )
        stmt = (
            select(StoredDecision, r.by, r.at)
            .join(last, last.c.decision_id == StoredDecision.id)
            .join(r, r.id == last.c.rid)
            .where(StoredDecision.label.is_not(None))
            .order_by(StoredDecision.id)
        )
        rows = [_label_row(d, by, at) for d, by, at in db.execute(stmt)]
        return pa.Table.from_pylist(rows, LABEL_SCHEMA)

    return perform(
        db, who, DecisionAction.LABELS, "decisions:labels", work, lambda t: {"rows": t.num_rows}
    )


def _label_row(d: StoredDecision, by: str, at: datetime) -> dict[str, Any]:
    return {
        "transfer_id": d.transfer_id,
        "label": d.label,
        "src_instrument": d.src_instrument,
        "dst_instrument": d.dst_instrument,
        "decision_id": d.id,
        "action": d.action,
        "model_version": d.model_version,
        "reviewed_by": by,
        "reviewed_at": at.replace(tzinfo=UTC),
    }
