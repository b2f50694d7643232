"""The demo's example case: what an investigator does with the ads and the trace.

The police investigator opens a case, shares it with the FIU and the prosecutor's office,
attaches the ads and the trace as evidence, asks for the accounts where the money stopped
to be frozen, and the prosecutor sanctions those requests. Every step goes through the
cases services, so it is checked for need-to-know and audited like any user's work.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases.auth import principal_of
from moneytrail.cases.cases import create_case, share_case
from moneytrail.cases.evidence import EvidenceKind, Provenance, add_evidence
from moneytrail.cases.freeze import FreezeEvent, advance, request_freeze
from moneytrail.cases.models import User
from moneytrail.cases.records import Case
from moneytrail.model.ids.bank import check_iban
from moneytrail.model.ids.base import Tokenizer

TITLE = "Demo: money from the drug ads of the synthetic country"


def _who(db: Session, username: str) -> Any:
    user = db.scalars(select(User).where(User.username == username)).one()
    return principal_of(db, user)


def _evidence(
    db: Session, who: Any, case_id: int, kind: EvidenceKind, title: str, data: Any, reference: str
) -> None:
    content = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    where = Provenance("moneytrail demo", reference, datetime.now(UTC))
    add_evidence(db, who, case_id, kind, title, content, where)


def _to_freeze(
    trace: dict[str, Any], masks: dict[str, str], most: int
) -> list[tuple[str, str | None]]:
    """The trace's sinks a bank can block: IBANs, and cards by token with their mask."""
    found: list[tuple[str, str | None]] = []
    for sink in trace["sinks"]:
        instrument = sink["instrument"]
        if instrument in masks:
            found.append((instrument, masks[instrument]))
        elif check_iban(instrument).valid:
            found.append((instrument, None))
    return found[:most]


def open_example_case(
    db: Session,
    ads: list[dict[str, Any]],
    trace: dict[str, Any],
    masks: dict[str, str],
    tokenizer: Tokenizer,
) -> int | None:
    """Open the example case once; its id, or None when it exists already."""
    if db.scalars(select(Case).where(Case.title == TITLE)).first() is not None:
        return None
    investigator, prosecutor = _who(db, "demo.investigator"), _who(db, "demo.prosecutor")
    case = create_case(db, investigator, TITLE)
    for agency in ("AFM", "GPO"):
        share_case(db, investigator, case.id, agency)
    _evidence(
        db,
        investigator,
        case.id,
        EvidenceKind.AD,
        "Drug ads with payment details",
        ads,
        "observable/online",
    )
    _evidence(
        db,
        investigator,
        case.id,
        EvidenceKind.TRACE,
        f"Trace {trace['trace_id']}",
        trace,
        trace["trace_id"],
    )
    for target, masked in _to_freeze(trace, masks, 3):
        reason = "received drug money (demo trace)"
        freeze = request_freeze(
            db, investigator, case.id, target, "issuing bank", reason, tokenizer, masked
        )
        advance(db, prosecutor, freeze.id, FreezeEvent.SANCTION, "sanctioned for the demo")
    return case.id
