"""Identifier look-up for the API and the UI: name the kind, check it, never echo a card."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from moneytrail.cases import audit
from moneytrail.cases.access import Principal
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.registry import check

ID_CHECK = "id.check"
"""The audit action of an identifier look-up (what was looked up is kept only as a token)."""


def check_identifier(
    db: Session, who: Principal, value: str, tokenizer: Tokenizer
) -> dict[str, Any]:
    """Which kind the value is and whether it is valid; a card only masked and tokenized."""
    result = check(value.strip(), tokenizer=tokenizer)
    data = result.to_json()
    if result.kind == IdKind.CARD:
        data["normalized"] = None
    ref = result.token or result.kind.value
    audit.append(db, who, ID_CHECK, f"id:{ref}", "ok", {"kind": result.kind.value})
    db.commit()
    return data
