"""Evidence items: traces, alerts, ads, screening hits and documents, each stored with the
SHA-256 of its content and its provenance (source, reference, collection time)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.errors import InvalidInput, NotFound
from moneytrail.cases.records import Evidence
from moneytrail.cases.service import load_case, perform


class EvidenceKind(StrEnum):
    """What an evidence item is."""

    TRACE = "trace"
    ALERT = "alert"
    AD = "ad"
    SCREENING_HIT = "screening_hit"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an item came from: a source system, a reference in it (file and row, URL, id)."""

    source: str
    reference: str
    collected_at: datetime


def add_evidence(
    db: Session,
    who: Principal,
    case_id: int,
    kind: EvidenceKind,
    title: str,
    content: bytes,
    provenance: Provenance,
    media_type: str = "application/json",
) -> Evidence:
    """Attach an item to a case; its content hash is computed here, never taken from input."""

    def work() -> Evidence:
        load_case(db, who, Action.EVIDENCE_ADD, case_id)
        if not provenance.source or not provenance.reference:
            raise InvalidInput("evidence needs a source and a reference")
        item = Evidence(case_id=case_id, kind=kind.value, title=title, media_type=media_type)
        item.content, item.content_hash = content, hashlib.sha256(content).hexdigest()
        item.source, item.source_ref = provenance.source, provenance.reference
        item.collected_at, item.added_by = provenance.collected_at, who.username
        db.add(item)
        db.flush()
        return item

    def detail(item: Evidence) -> dict[str, object]:
        return {"evidence": item.id, "sha256": item.content_hash}

    return perform(db, who, Action.EVIDENCE_ADD, f"case:{case_id}", work, detail)


def check_intact(item: Evidence) -> Evidence:
    """The item, once its content still matches its hash; InvalidInput naming it if not."""
    if hashlib.sha256(item.content).hexdigest() != item.content_hash:
        raise InvalidInput(f"evidence {item.id}: content does not match its hash")
    return item


def read_evidence(db: Session, who: Principal, evidence_id: int) -> Evidence:
    """One item with its content; checks that the content still matches its hash."""

    def work() -> Evidence:
        item = db.get(Evidence, evidence_id)
        if item is None:
            raise NotFound(f"evidence {evidence_id} does not exist")
        load_case(db, who, Action.EVIDENCE_READ, item.case_id)
        return check_intact(item)

    return perform(db, who, Action.EVIDENCE_READ, f"evidence:{evidence_id}", work)
