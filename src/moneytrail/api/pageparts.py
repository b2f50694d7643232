"""What the entity pages share: amounts in major units, transfers seen from one end, lake
rows as JSON, and the `entity.read` audit entry every view (and every miss) leaves."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.cases.access import Principal
from moneytrail.cases.errors import NotFound
from moneytrail.model.ids.base import IdKind
from moneytrail.model.transfers import MINOR_UNITS

ENTITY_READ = "entity.read"
"""The audit action of an entity page view."""
RECENT = 20
"""Transfers shown each way, newest first."""
PROVENANCE = ("source", "file", "row", "ingest_id")


def amount(minor: int, currency: str | None, decimals: int | None = None) -> float:
    """An amount in minor units as a decimal number of its currency (or asset)."""
    places: int = decimals if decimals is not None else MINOR_UNITS.get(currency or "", 2)
    return float(minor) / float(10**places)


def transfer(row: dict[str, Any], side: str) -> dict[str, Any]:
    """A transfer as seen from one end: the counterparty is the other side."""
    other = "src" if side == "in" else "dst"
    return {
        "id": row["transfer_id"],
        "ts": row["ts"].isoformat(),
        "amount_minor": row["amount_minor"],
        "amount": amount(row["amount_minor"], row["currency"]),
        "currency": row["currency"],
        "channel": row["channel"],
        "counterparty": row[f"{other}_instrument"],
        "counterparty_kind": row[f"{other}_instrument_kind"],
        "counterparty_party": row[f"{other}_party"],
    }


def flows_of(state: AppState, column: str, key: str) -> dict[str, Any]:
    """Newest transfers in and out of an instrument (`column` `instrument`) or a party."""
    view = state.lake_view()
    found: dict[str, Any] = {}
    for side, end in (("in", "dst"), ("out", "src")):
        count, rows = view.transfers_of(f"{end}_{column}", key, RECENT)
        shown = [transfer(r, side) for r in rows]
        for row in shown:
            row["counterparty_masked"] = view.masked(row["counterparty"])
        found[side] = {"count": count, "recent": shown}
    return found


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A lake row as JSON: dates as ISO text, provenance apart."""
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
    out["provenance"] = {k: out.pop(k, None) for k in PROVENANCE}
    return out


def autocommit_reads(db: Session) -> None:
    """On PostgreSQL, run the page's reads after the session check each on its own
    (autocommit): the snapshots READ COMMITTED gives them anyway, without the round trips of
    BEGIN and COMMIT. Nothing is written through `db` afterwards (`seen` ends it); SQLite
    keeps its transaction, which serialises it with writers."""
    if not db.in_transaction() and db.get_bind().dialect.name == "postgresql":
        db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def instrument_keys(state: AppState, row: dict[str, Any]) -> list[str]:
    """What evidence and freezes may name an instrument by: its id, card tokens, IBAN and
    the IBAN's token."""
    keys = [str(row["instrument_id"]), *(row.get("card_tokens") or ())]
    if row.get("iban"):
        keys += [row["iban"], state.tokenizer.token(IdKind.IBAN, row["iban"])]
    return keys


def seen(
    state: AppState, db: Session, who: Principal, obj: str, outcome: str, detail: dict[str, Any]
) -> None:
    """Audit the view; returns once the entry is committed. The request's own transaction
    (its reads) ends first, and the entry is written by the process's `AuditWriter`, in one
    commit with the entries of the views that end meanwhile."""
    db.commit()
    state.audit_writer().append(who, ENTITY_READ, obj, outcome, detail)


def missing(state: AppState, db: Session, who: Principal, obj: str, what: str) -> NotFound:
    """Audit a miss; the error to raise."""
    seen(state, db, who, obj, "not_found", {})
    return NotFound(f"{what}: not in the lake's committed tables")
