"""Exports of a case: goAML XML (validated against the goAML XSD), FollowTheMoney JSON lines
and a court-ready PDF report. Each one needs `case.export` on the case (role, agency kind,
need-to-know) and is audited with the SHA-256 of what left, so a copy can be matched to its
export later."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Action, Principal
from moneytrail.cases.db import utcnow
from moneytrail.cases.dossier import Dossier, gather
from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.export_ftm import entities as ftm_entities
from moneytrail.cases.export_goaml import GoamlOptions
from moneytrail.cases.export_goaml import build as goaml_document
from moneytrail.cases.export_pdf import build as pdf_document
from moneytrail.cases.records import ForeignAccount, ForeignRequest
from moneytrail.cases.service import load_case, perform
from moneytrail.model.ftm_fields import FtmError
from moneytrail.model.records import RecordError


class ExportFormat(StrEnum):
    """The formats a case exports to."""

    GOAML = "goaml"
    FTM = "ftm"
    PDF = "pdf"


MEDIA_TYPES = {
    ExportFormat.GOAML: "application/xml",
    ExportFormat.FTM: "application/x-ndjson",
    ExportFormat.PDF: "application/pdf",
}
SUFFIXES = {ExportFormat.GOAML: "xml", ExportFormat.FTM: "ftm.jsonl", ExportFormat.PDF: "pdf"}


@dataclass(frozen=True, slots=True)
class Export:
    """An exported document and what the audit log records of it."""

    case_id: int
    format: ExportFormat
    content: bytes
    items: int
    """goAML: transactions; FtM: entities; PDF: evidence items listed."""

    @property
    def sha256(self) -> str:
        """The SHA-256 of the content, as audited."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def media_type(self) -> str:
        """The content's media type."""
        return MEDIA_TYPES[self.format]

    @property
    def filename(self) -> str:
        """A file name for the download."""
        return f"case-{self.case_id}.{SUFFIXES[self.format]}"


def _export(
    db: Session,
    who: Principal,
    case_id: int,
    fmt: ExportFormat,
    make: Callable[[Dossier], tuple[bytes, int]],
) -> Export:
    def work() -> Export:
        case = load_case(db, who, Action.CASE_EXPORT, case_id)
        content, items = make(gather(db, case))
        return Export(case_id, fmt, content, items)

    def detail(done: Export) -> dict[str, object]:
        return {"format": fmt.value, "sha256": done.sha256, "bytes": len(done.content)}

    return perform(db, who, Action.CASE_EXPORT, f"case:{case_id}", work, detail)


def export_goaml(
    db: Session, who: Principal, case_id: int, options: GoamlOptions, now: datetime | None = None
) -> Export:
    """The case as a goAML report; refused with the schema's error if it does not validate."""
    when = now or utcnow()
    return _export(db, who, case_id, ExportFormat.GOAML, lambda d: goaml_document(d, options, when))


def _foreign_accounts(db: Session, case_id: int) -> Iterator[tuple[int, str, str, str]]:
    stmt = (
        select(ForeignAccount.request_id, ForeignAccount.account, ForeignRequest.bank_bic)
        .add_columns(ForeignRequest.country)
        .join(ForeignRequest, ForeignRequest.id == ForeignAccount.request_id)
        .where(ForeignRequest.case_id == case_id)
        .order_by(ForeignAccount.id)
    )
    return ((request, account, bic, country) for request, account, bic, country in db.execute(stmt))


def export_ftm(db: Session, who: Principal, case_id: int) -> Export:
    """The case as FollowTheMoney entities, one JSON object per line."""

    def make(dossier: Dossier) -> tuple[bytes, int]:
        found = ftm_entities(dossier, _foreign_accounts(db, case_id))
        try:
            lines = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in found]
        except (FtmError, RecordError) as exc:
            raise InvalidInput(f"case {case_id}: cannot be written as FtM: {exc}") from exc
        return "".join(f"{line}\n" for line in lines).encode(), len(lines)

    return _export(db, who, case_id, ExportFormat.FTM, make)


def export_pdf(db: Session, who: Principal, case_id: int, now: datetime | None = None) -> Export:
    """The court-ready PDF report of the case."""
    when = now or utcnow()

    def make(dossier: Dossier) -> tuple[bytes, int]:
        return pdf_document(dossier, who.username, when), len(dossier.evidence)

    return _export(db, who, case_id, ExportFormat.PDF, make)
