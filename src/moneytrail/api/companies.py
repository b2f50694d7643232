"""The company page: a legal entity of the lake by its BIN or party id, with its register
facts (BIN, name, sector, registration date), the accounts and cards it holds (cards only
masked), a summary of all its transfers and the newest ones, the people the lake relates to
it, its counterparties and the cases (only those the user may see) that name it.

The lake relates a person to a company only through an instrument: a card or account on
one of the company's IBANs held by that person (a corporate card). The register files
carry no directors or owners, so none are shown. Audited and guarded as every entity view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from moneytrail.api.deps import AppState
from moneytrail.api.guard import allow_lake_read
from moneytrail.api.lakeview import LakeView
from moneytrail.api.mentions import cases_of
from moneytrail.api.pageparts import (
    ENTITY_READ,
    amount,
    autocommit_reads,
    flows_of,
    instrument_keys,
    missing,
    public,
    seen,
)
from moneytrail.cases.access import Principal
from moneytrail.model.ids.base import IdKind
from moneytrail.model.record_schemas import COMPANY_KIND

NEIGHBOURS = 10
"""Counterparty parties shown each way, most transfers first."""


def find_company(view: LakeView, key: str) -> dict[str, Any] | None:
    """The company whose party id or BIN is `key` (a person of that id is not one)."""
    row = view.party(key)
    if row is not None and row.get("party_kind") == COMPANY_KIND:
        return row
    return next((p for p in view.parties_by("bin", key) if p["party_kind"] == COMPANY_KIND), None)


def _people(view: LakeView, pid: str, held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """People holding a card or account on one of the company's IBANs, with what they hold."""
    found: dict[str, dict[str, Any]] = {}
    for iban in dict.fromkeys(str(i["iban"]) for i in held if i.get("iban")):
        for other in view.instruments_by("iban", iban):
            holder = other.get("holder_party")
            if not holder or holder == pid:
                continue
            party = view.party(str(holder))
            entry = found.setdefault(
                str(holder),
                {"party_id": holder, "name": party["name"] if party else None, "holds": []},
            )
            masked = (other.get("masked_cards") or [None])[0]
            entry["holds"].append(
                {"instrument_id": other["instrument_id"], "kind": other["instrument_kind"]}
                | {"masked": masked, "iban": iban}
            )
    return list(found.values())


def _neighbours(view: LakeView, pid: str) -> dict[str, list[dict[str, Any]]]:
    """The parties it sent to and received from, with their name and kind."""
    found = {
        "sent_to": view.party_counterparties("src_party", pid, NEIGHBOURS),
        "received_from": view.party_counterparties("dst_party", pid, NEIGHBOURS),
    }
    for rows in found.values():
        for row in rows:
            party = view.party(str(row["party"]))
            row["name"] = party["name"] if party else None
            row["party_kind"] = party["party_kind"] if party else None
            row["amount"] = amount(row["amount_minor"], row["currency"])
    return found


def _summary(view: LakeView, pid: str) -> dict[str, Any]:
    """All transfers in and out: count, first and last time, totals per currency."""
    out: dict[str, Any] = {}
    for side, column in (("in", "dst_party"), ("out", "src_party")):
        found = view.summary(column, pid)
        out[side] = {
            "count": found["count"],
            "first": found["first"].isoformat() if found["first"] else None,
            "last": found["last"].isoformat() if found["last"] else None,
            "totals": [
                {"currency": c, "amount_minor": m, "amount": amount(m, c)}
                for c, m in sorted(found["totals"].items(), key=lambda cm: str(cm[0]))
            ],
        }
    return out


def company(state: AppState, db: Session, who: Principal, key: str) -> dict[str, Any]:
    """A company by its BIN or party id: register facts, accounts, flows, people, cases."""
    obj = f"company:{key}"
    allow_lake_read(db, who, ENTITY_READ, obj)
    autocommit_reads(db)
    view = state.lake_view()
    row = find_company(view, key)
    if row is None:
        raise missing(state, db, who, obj, f"company {key}")
    pid = str(row["party_id"])
    held = view.instruments_by("holder_party", pid)
    keys = [pid, *(row.get("phones") or ())]
    if row.get("bin"):
        keys += [row["bin"], state.tokenizer.token(IdKind.BIN, row["bin"])]
    keys += [k for i in held for k in instrument_keys(state, i)]
    data = {
        "kind": "company",
        "id": pid,
        "company": public(row),
        "instruments": [public(i) for i in held],
        "summary": _summary(view, pid),
        "transfers": flows_of(state, "party", pid),
        "people": _people(view, pid, held),
        "neighbours": _neighbours(view, pid),
        "cases": cases_of(db, who, state.evidence, list(dict.fromkeys(keys))),
    }
    seen(state, db, who, f"company:{pid}", "ok", {"instruments": len(held)})
    return data
