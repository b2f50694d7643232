"""/v1/cases/{case_id}/export/{format}: a case as goAML XML, FtM JSON lines or a PDF report
(need-to-know applies; each export is audited with its SHA-256, also sent as a header)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from moneytrail.api.deps import Db, State, Who
from moneytrail.api.routers.cases import CaseId
from moneytrail.cases import exports
from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.export_goaml import GoamlOptions
from moneytrail.cases.exports import Export

router = APIRouter(prefix="/v1", tags=["exports"])

SHA256_HEADER = "X-Content-SHA256"


def _download(done: Export) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{done.filename}"',
        SHA256_HEADER: done.sha256,
    }
    return Response(done.content, media_type=done.media_type, headers=headers)


@router.get("/cases/{case_id}/export/goaml", response_class=Response)
def export_goaml(
    case_id: CaseId,
    who: Who,
    db: Db,
    state: State,
    rentity_id: Annotated[int, Query(ge=1, description="The reporting entity id the FIU gave.")],
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "KZT",
    indicator: Annotated[list[str] | None, Query(description="Report indicator codes.")] = None,
) -> Response:
    """The case as a goAML report, validated against the configured goAML XSD."""
    schema = state.settings.goaml_schema
    if schema is None:
        raise InvalidInput("goAML export is not configured: set MONEYTRAIL_GOAML_SCHEMA")
    options = GoamlOptions(rentity_id, schema, currency, tuple(indicator or ("UNUSU",)))
    return _download(exports.export_goaml(db, who, case_id, options))


@router.get("/cases/{case_id}/export/ftm", response_class=Response)
def export_ftm(case_id: CaseId, who: Who, db: Db) -> Response:
    """The case as FollowTheMoney entities, one JSON object per line."""
    return _download(exports.export_ftm(db, who, case_id))


@router.get("/cases/{case_id}/export/pdf", response_class=Response)
def export_pdf(case_id: CaseId, who: Who, db: Db) -> Response:
    """The court-ready PDF report of the case."""
    return _download(exports.export_pdf(db, who, case_id))
