"""Which cases an entity appears in, as evidence or as a freeze target, among the cases the
user's agency may see (need-to-know through `moneytrail.cases.access.case_refusal`).

Evidence is append-only, so an index of the identifiers each JSON item names (every string
value in it: instrument ids, tokens, IINs, addresses, handles) is built once and extended
with the items added since; the last `LAG` ids are looked at again, so that an item that
a concurrent writer committed after a higher id is still found. The index is only ever
asked about cases the user may see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal, case_refusal
from moneytrail.cases.records import Case, Evidence, Freeze
from moneytrail.cases.service import shared_agencies

LAG = 100
"""How far below the highest indexed id new items are still looked for."""
LONGEST = 200
"""Strings longer than this (ad texts) are not identifiers and are not indexed."""
EVIDENCE_SINCE = select(Evidence.id).where(Evidence.id > bindparam("since"))
FREEZES_OF = select(Freeze.case_id, Freeze.id).where(
    Freeze.target_token.in_(bindparam("keys", expanding=True))
)


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def _parsed(media_type: str, content: bytes) -> Any:
    if media_type != "application/json":
        return None
    try:
        return json.loads(content)
    except ValueError:
        return None


@dataclass
class EvidenceIndex:
    """Identifier → the (case, evidence) pairs naming it; ads by shop for the shop pages."""

    top: int = 0
    indexed: set[int] = field(default_factory=set)
    named: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    ads: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    _lock: Lock = field(default_factory=Lock)

    def refresh(self, db: Session) -> None:
        """Index the evidence added since the last call. The database is read without the
        lock held (a thread waiting for a connection must not block the others)."""
        with self._lock:
            since = self.top - LAG
        ids = db.connection().execute(EVIDENCE_SINCE, {"since": since}).scalars().all()
        with self._lock:
            new = sorted(set(ids) - self.indexed)
        if not new:
            return
        stmt = select(Evidence.id, Evidence.case_id, Evidence.kind, Evidence.media_type)
        stmt = stmt.add_columns(Evidence.content).where(Evidence.id.in_(new))
        rows = db.execute(stmt.order_by(Evidence.id)).all()
        items = [(row, _parsed(row.media_type, row.content or b"")) for row in rows]
        with self._lock:
            for row, data in items:
                if row.id not in self.indexed:
                    self._add(row.id, row.case_id, row.kind, data)

    def _add(self, evidence_id: int, case_id: int, kind: str, data: Any) -> None:
        for text in {s for s in strings(data) if 0 < len(s) <= LONGEST}:
            self.named.setdefault(text, set()).add((case_id, evidence_id))
        if kind == "ad":
            items = data if isinstance(data, list) else [data]
            self.ads += [(case_id, evidence_id, a) for a in items if isinstance(a, dict)]
        self.indexed.add(evidence_id)
        self.top = max(self.top, evidence_id)

    def cases_naming(self, keys: Iterable[str]) -> dict[int, set[int]]:
        """Case id → ids of its evidence items naming any of the keys."""
        found: dict[int, set[int]] = {}
        with self._lock:  # another request may be extending the index
            for key in keys:
                for case_id, evidence_id in self.named.get(key, ()):
                    found.setdefault(case_id, set()).add(evidence_id)
        return found

    def all_ads(self) -> list[tuple[int, int, dict[str, Any]]]:
        """The ads indexed so far: (case id, evidence id, the ad's JSON)."""
        with self._lock:
            return list(self.ads)


def visible(db: Session, who: Principal, case_ids: Iterable[int]) -> list[Case]:
    """The cases among these that the user's agency owns or has shared with it."""
    ids = sorted(set(case_ids))
    if not ids:
        return []
    cases = db.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)).all()
    return [
        c for c in cases if case_refusal(who, c.owner_agency_id, shared_agencies(db, c.id)) is None
    ]


def cases_of(
    db: Session, who: Principal, index: EvidenceIndex, keys: Iterable[str]
) -> list[dict[str, Any]]:
    """The visible cases naming any of the keys: id, title, status, evidence and freeze ids."""
    wanted = sorted({k for k in keys if k})
    index.refresh(db)
    named = index.cases_naming(wanted)
    freezes: dict[int, set[int]] = {}
    for case_id, freeze_id in db.connection().execute(FREEZES_OF, {"keys": wanted}):
        freezes.setdefault(case_id, set()).add(freeze_id)
    return [
        {
            "case": c.id,
            "title": c.title,
            "status": c.status,
            "evidence": sorted(named.get(c.id, ())),
            "freezes": sorted(freezes.get(c.id, ())),
        }
        for c in visible(db, who, [*named, *freezes])
    ]
