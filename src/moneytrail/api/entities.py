"""Entity pages for the API and the UI: a person, an account or card, a wallet, from the
lake's committed tables; each with its identifiers, linked instruments and parties, the
newest transfers in and out, and the cases (only those the user may see) that name it.

Every view is personal data: it needs an investigating role (`guard.allow_lake_read`) and
is audited as `entity.read` with the entity it showed (refusals and misses too). Cards are
shown only masked and named by their keyed token, as the lake holds them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.api.mentions import cases_of
from moneytrail.api.shops import shop
from moneytrail.cases import audit
from moneytrail.cases.access import Principal
from moneytrail.cases.errors import NotFound
from moneytrail.model.ids.base import IdKind
from moneytrail.model.transfers import MINOR_UNITS

ENTITY_READ = "entity.read"
"""The audit action of an entity page view."""
RECENT = 20
"""Transfers shown each way, newest first."""
LINKS = 10
"""Counterparties shown each way, most transfers first."""
PROVENANCE = ("source", "file", "row", "ingest_id")


def _amount(minor: int, currency: str | None, decimals: int | None = None) -> float:
    places: int = decimals if decimals is not None else MINOR_UNITS.get(currency or "", 2)
    return float(minor) / float(10**places)


def _transfer(row: dict[str, Any], side: str) -> dict[str, Any]:
    """A transfer as seen from one end: the counterparty is the other side."""
    other = "src" if side == "in" else "dst"
    return {
        "id": row["transfer_id"],
        "ts": row["ts"].isoformat(),
        "amount_minor": row["amount_minor"],
        "amount": _amount(row["amount_minor"], row["currency"]),
        "currency": row["currency"],
        "channel": row["channel"],
        "counterparty": row[f"{other}_instrument"],
        "counterparty_kind": row[f"{other}_instrument_kind"],
        "counterparty_party": row[f"{other}_party"],
    }


def _flows(state: AppState, column: str, key: str) -> dict[str, Any]:
    """Newest transfers in and out of an instrument (`column` `instrument`) or a party."""
    view = state.lake_view()
    flows: dict[str, Any] = {}
    for side, end in (("in", "dst"), ("out", "src")):
        count, rows = view.transfers_of(f"{end}_{column}", key, RECENT)
        shown = [_transfer(r, side) for r in rows]
        for row in shown:
            row["counterparty_masked"] = view.masked(row["counterparty"])
        flows[side] = {"count": count, "recent": shown}
    return flows


def _links(state: AppState, instrument_id: str) -> dict[str, list[dict[str, Any]]]:
    view = state.lake_view()
    found = {
        "sent_to": view.counterparties("src_instrument", instrument_id, LINKS),
        "received_from": view.counterparties("dst_instrument", instrument_id, LINKS),
    }
    for rows in found.values():
        for row in rows:
            row["amount"] = _amount(row["amount_minor"], row["currency"])
            row["masked"] = view.masked(row["instrument"])
    return found


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A lake row as JSON: dates as ISO text, provenance apart."""
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
    out["provenance"] = {k: out.pop(k, None) for k in PROVENANCE}
    return out


def _seen(db: Session, who: Principal, obj: str, outcome: str, detail: dict[str, Any]) -> None:
    audit.append(db, who, ENTITY_READ, obj, outcome, detail)
    db.commit()


def _missing(db: Session, who: Principal, obj: str, what: str) -> NotFound:
    _seen(db, who, obj, "not_found", {})
    return NotFound(f"{what}: not in the lake's committed tables")


def person(state: AppState, db: Session, who: Principal, party_id: str) -> dict[str, Any]:
    """A party by its id or IIN: identifiers, instruments held, transfers, cases."""
    obj = f"party:{party_id}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    view = state.lake_view()
    row = view.party(party_id) or next(iter(view.parties_by("iin", party_id)), None)
    if row is None:
        raise _missing(db, who, obj, f"party {party_id}")
    pid = str(row["party_id"])
    held = [_public(i) for i in view.instruments_by("holder_party", pid)]
    keys = [pid, row.get("iin") or "", *(row.get("phones") or ())]
    if row.get("iin"):
        keys.append(state.tokenizer.token(IdKind.IIN, row["iin"]))
    data = {
        "kind": "party",
        "id": pid,
        "party": _public(row),
        "instruments": held,
        "transfers": _flows(state, "party", pid),
        "cases": cases_of(db, who, state.evidence, keys),
    }
    _seen(db, who, f"party:{pid}", "ok", {"instruments": len(held)})
    return data


def _instrument_keys(state: AppState, row: dict[str, Any]) -> list[str]:
    keys = [str(row["instrument_id"]), *(row.get("card_tokens") or ())]
    if row.get("iban"):
        keys += [row["iban"], state.tokenizer.token(IdKind.IBAN, row["iban"])]
    return keys


def instrument(state: AppState, db: Session, who: Principal, instrument_id: str) -> dict[str, Any]:
    """An account, card, phone, merchant or ATM by its instrument id (a card by its token)."""
    obj = f"instrument:{instrument_id}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    view = state.lake_view()
    row = view.instrument(instrument_id)
    flows = _flows(state, "instrument", instrument_id)
    if row is None and not (flows["in"]["count"] or flows["out"]["count"]):
        raise _missing(db, who, obj, f"instrument {instrument_id}")
    row = row or {"instrument_id": instrument_id}
    holder = view.party(row["holder_party"]) if row.get("holder_party") else None
    iban = row.get("iban")
    linked = view.instruments_by("iban", iban) if iban else []
    data = {
        "kind": "instrument",
        "id": instrument_id,
        "instrument": _public(row),
        "holder": {"party_id": holder["party_id"], "name": holder["name"]} if holder else None,
        "linked": [_public(i) for i in linked if i["instrument_id"] != instrument_id],
        "counterparties": _links(state, instrument_id),
        "transfers": flows,
        "cases": cases_of(db, who, state.evidence, _instrument_keys(state, row)),
    }
    _seen(db, who, obj, "ok", {"kind": row.get("instrument_kind")})
    return data


def _crypto(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "txid": row["txid"],
        "chain": row["chain"],
        "ts": row["ts"].isoformat(),
        "from": row["from_address"],
        "to": row["to_address"],
        "asset": row["asset"],
        "amount_minor": row["amount_minor"],
        "amount": _amount(row["amount_minor"], row["asset"], row["decimals"]),
    }


def wallet(state: AppState, db: Session, who: Principal, address: str) -> dict[str, Any]:
    """A crypto address: what the lake knows of it (label, holder), on-chain flows, cases."""
    obj = f"wallet:{address}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    view = state.lake_view()
    known = view.instruments_by("address", address)
    flows = {}
    for side in ("in", "out"):
        count, rows = view.crypto_of(side, address, RECENT)
        flows[side] = {"count": count, "recent": [_crypto(r) for r in rows]}
    if not known and not (flows["in"]["count"] or flows["out"]["count"]):
        raise _missing(db, who, obj, f"wallet {address}")
    keys = [address, *(str(i["instrument_id"]) for i in known)]
    data = {
        "kind": "wallet",
        "id": address,
        "instruments": [_public(i) for i in known],
        "transfers": flows,
        "cases": cases_of(db, who, state.evidence, keys),
    }
    _seen(db, who, obj, "ok", {"known": len(known)})
    return data


def shop_page(state: AppState, db: Session, who: Principal, name: str) -> dict[str, Any]:
    """A shop or channel from the ads kept as evidence in the cases the user may see."""
    obj = f"shop:{name}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    data = shop(db, who, state.evidence, name)
    if data is None:
        _seen(db, who, obj, "not_found", {})
        raise NotFound(f"shop {name}: no ad of it in the cases you may see")
    data["cases"] = cases_of(db, who, state.evidence, [name])
    _seen(db, who, obj, "ok", {"ads": len(data["ads"])})
    return data
