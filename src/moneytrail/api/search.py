"""Search by any identifier (IIN, BIN, card or masked card, IBAN, phone, handle, wallet, or
an id of the lake) and land on the entity pages: the identifier is checked and audited as
`id.check` (`lookup.check_identifier`), then resolved to the people, companies, instruments,
wallets and shops it names. Resolving reads the lake: it needs an investigating role."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.api.lakeview import LakeView
from moneytrail.api.lookup import check_identifier
from moneytrail.api.shops import shops_naming
from moneytrail.cases import audit
from moneytrail.cases.access import Principal
from moneytrail.model.record_schemas import COMPANY_KIND
from moneytrail.osint.found import HANDLE_KINDS

SEARCH = "entity.search"
"""The audit action of resolving an identifier to entities."""
MASKED_CARD = re.compile(r"(\d{6})[*•Xx]{2,9}(\d{4})")
WALLETS = frozenset({"btc", "tron", "evm"})


def _party(row: dict[str, Any]) -> dict[str, Any]:
    kind = "company" if row["party_kind"] == COMPANY_KIND else "party"
    return {"kind": kind, "id": row["party_id"], "label": row["name"]}


def _instrument(row: dict[str, Any]) -> dict[str, Any]:
    masks = row.get("masked_cards") or ()
    label = ", ".join(masks) or row.get("iban") or row.get("label") or row["instrument_kind"]
    return {"kind": "instrument", "id": row["instrument_id"], "label": label}


def _by_kind(view: LakeView, kind: str, value: str, token: str | None) -> list[dict[str, Any]]:
    """Entities of the lake that a checked identifier names."""
    if kind in ("iin", "bin"):
        return [_party(p) for p in view.parties_by(kind, value)]
    if kind == "card" and token:
        found = view.instruments_by("card_tokens", token) or view.instruments_by(
            "instrument_id", token
        )
        return [_instrument(i) for i in found]
    if kind == "iban":
        return [_instrument(i) for i in view.instruments_by("iban", value)]
    if kind == "phone":
        held = [_party(p) for p in view.parties_by("phones", value)]
        return held + [_instrument(i) for i in view.instruments_by("instrument_id", value)]
    if kind in WALLETS:
        return [{"kind": "wallet", "id": value, "label": kind}]
    if kind in HANDLE_KINDS:
        return [_instrument(i) for i in view.instruments_by("username", value)]
    return []


def _raw(view: LakeView, q: str) -> list[dict[str, Any]]:
    """A masked card, or an id as the lake writes it (party, instrument)."""
    masked = MASKED_CARD.fullmatch(q)
    if masked:
        shown = f"{masked[1]}******{masked[2]}"
        return [_instrument(i) for i in view.instruments_by("masked_cards", shown)]
    party = view.party(q)
    found = [_party(party)] if party else []
    return found + [_instrument(i) for i in view.instruments_by("instrument_id", q)]


def resolve(
    state: AppState, db: Session, who: Principal, q: str, checked: dict[str, Any]
) -> list[dict[str, Any]]:
    """The entities a checked identifier names, each once (audited with their number)."""
    ref = checked["token"] or checked["kind"]
    allow_lake_read(db, who, SEARCH, f"id:{ref}")
    view, value = state.lake_view(), checked["normalized"] or q.strip()
    hits = _by_kind(view, checked["kind"], value, checked["token"]) if checked["valid"] else []
    hits += _raw(view, q.strip())
    if checked["kind"] in HANDLE_KINDS or checked["kind"] == "unknown":
        handle = checked["details"].get("username") or value
        shops = shops_naming(db, who, state.evidence, handle)
        hits += [{"kind": "shop", "id": s, "label": s} for s in shops]
    unique = list({(h["kind"], h["id"]): h for h in hits}.values())
    audit.append(db, who, SEARCH, f"id:{ref}", "ok", {"hits": len(unique)})
    db.commit()
    return unique


def search(state: AppState, db: Session, who: Principal, q: str) -> dict[str, Any]:
    """The identifier's check (`lookup.check_identifier`) and the entities it names."""
    checked = check_identifier(db, who, q, state.tokenizer)
    return {"check": checked, "hits": resolve(state, db, who, q, checked)}
