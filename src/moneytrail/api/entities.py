"""Entity pages for the API and the UI: a person, an account or card, a wallet, a shop,
from the lake's committed tables (a company: `companies`); each with its identifiers, linked
instruments and parties, the newest transfers in and out, and the cases (only those the
user may see) that name it.

Every view is personal data: it needs an investigating role (`guard.allow_lake_read`) and
is audited as `entity.read` with the entity it showed (refusals and misses too). Cards are
shown only masked and named by their keyed token, as the lake holds them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.companies import company
from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.api.mentions import cases_of
from moneytrail.api.pageparts import ENTITY_READ as ENTITY_READ
from moneytrail.api.pageparts import (
    RECENT,
    amount,
    autocommit_reads,
    flows_of,
    instrument_keys,
    missing,
    public,
    seen,
)
from moneytrail.api.shops import shop
from moneytrail.cases.access import Principal
from moneytrail.cases.errors import NotFound
from moneytrail.model.ids.base import IdKind
from moneytrail.model.record_schemas import COMPANY_KIND

LINKS = 10
"""Counterparties shown each way, most transfers first."""


def _links(state: AppState, instrument_id: str) -> dict[str, list[dict[str, Any]]]:
    view = state.lake_view()
    found = {
        "sent_to": view.counterparties("src_instrument", instrument_id, LINKS),
        "received_from": view.counterparties("dst_instrument", instrument_id, LINKS),
    }
    for rows in found.values():
        for row in rows:
            row["amount"] = amount(row["amount_minor"], row["currency"])
            row["masked"] = view.masked(row["instrument"])
    return found


def person(state: AppState, db: Session, who: Principal, party_id: str) -> dict[str, Any]:
    """A party by its id or IIN: identifiers, instruments held, transfers, cases. A party
    that is a company gets the company page (`companies.company`)."""
    obj = f"party:{party_id}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    autocommit_reads(db)
    view = state.lake_view()
    row = view.party(party_id) or next(iter(view.parties_by("iin", party_id)), None)
    if row is None:
        raise missing(state, db, who, obj, f"party {party_id}")
    if row["party_kind"] == COMPANY_KIND:
        return company(state, db, who, str(row["party_id"]))
    pid = str(row["party_id"])
    held = [public(i) for i in view.instruments_by("holder_party", pid)]
    keys = [pid, row.get("iin") or "", *(row.get("phones") or ())]
    if row.get("iin"):
        keys.append(state.tokenizer.token(IdKind.IIN, row["iin"]))
    data = {
        "kind": "party",
        "id": pid,
        "party": public(row),
        "instruments": held,
        "transfers": flows_of(state, "party", pid),
        "cases": cases_of(db, who, state.evidence, keys),
    }
    seen(state, db, who, f"party:{pid}", "ok", {"instruments": len(held)})
    return data


def _holder(party: dict[str, Any] | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"party_id": party["party_id"], "name": party["name"], "kind": party["party_kind"]}


def instrument(state: AppState, db: Session, who: Principal, instrument_id: str) -> dict[str, Any]:
    """An account, card, phone, merchant or ATM by its instrument id (a card by its token)."""
    obj = f"instrument:{instrument_id}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    autocommit_reads(db)
    view = state.lake_view()
    row = view.instrument(instrument_id)
    flows = flows_of(state, "instrument", instrument_id)
    if row is None and not (flows["in"]["count"] or flows["out"]["count"]):
        raise missing(state, db, who, obj, f"instrument {instrument_id}")
    row = row or {"instrument_id": instrument_id}
    holder = view.party(row["holder_party"]) if row.get("holder_party") else None
    iban = row.get("iban")
    linked = view.instruments_by("iban", iban) if iban else []
    data = {
        "kind": "instrument",
        "id": instrument_id,
        "instrument": public(row),
        "holder": _holder(holder),
        "linked": [public(i) for i in linked if i["instrument_id"] != instrument_id],
        "counterparties": _links(state, instrument_id),
        "transfers": flows,
        "cases": cases_of(db, who, state.evidence, instrument_keys(state, row)),
    }
    seen(state, db, who, obj, "ok", {"kind": row.get("instrument_kind")})
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
        "amount": amount(row["amount_minor"], row["asset"], row["decimals"]),
    }


def wallet(state: AppState, db: Session, who: Principal, address: str) -> dict[str, Any]:
    """A crypto address: what the lake knows of it (label, holder), on-chain flows, cases."""
    obj = f"wallet:{address}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    autocommit_reads(db)
    view = state.lake_view()
    known = view.instruments_by("address", address)
    flows = {}
    for side in ("in", "out"):
        count, rows = view.crypto_of(side, address, RECENT)
        flows[side] = {"count": count, "recent": [_crypto(r) for r in rows]}
    if not known and not (flows["in"]["count"] or flows["out"]["count"]):
        raise missing(state, db, who, obj, f"wallet {address}")
    keys = [address, *(str(i["instrument_id"]) for i in known)]
    data = {
        "kind": "wallet",
        "id": address,
        "instruments": [public(i) for i in known],
        "transfers": flows,
        "cases": cases_of(db, who, state.evidence, keys),
    }
    seen(state, db, who, obj, "ok", {"known": len(known)})
    return data


def shop_page(state: AppState, db: Session, who: Principal, name: str) -> dict[str, Any]:
    """A shop or channel from the ads kept as evidence in the cases the user may see."""
    obj = f"shop:{name}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    autocommit_reads(db)
    data = shop(db, who, state.evidence, name)
    if data is None:
        seen(state, db, who, obj, "not_found", {})
        raise NotFound(f"shop {name}: no ad of it in the cases you may see")
    data["cases"] = cases_of(db, who, state.evidence, [name])
    seen(state, db, who, obj, "ok", {"ads": len(data["ads"])})
    return data
