"""Everything an export says about one case, gathered in one read: header, members, evidence
with hashes and provenance, the flows of its saved traces, freezes, foreign requests, ledger
balances and a timeline. Card numbers appear only masked or as tokens, as they are stored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from moneytrail.cases.errors import InvalidInput
from moneytrail.cases.evidence import EvidenceKind, check_intact
from moneytrail.cases.ledger import balances
from moneytrail.cases.models import Agency
from moneytrail.cases.records import (
    Case,
    CaseShare,
    Evidence,
    ForeignAccount,
    ForeignRequest,
    Freeze,
    LedgerEntry,
    Note,
    Task,
    Transition,
)


@dataclass(frozen=True, slots=True)
class Item:
    """One evidence item as listed in an export (its content stays in the database)."""

    id: int
    kind: str
    title: str
    sha256: str
    source: str
    reference: str
    collected_at: datetime
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class Flow:
    """One traced transfer of a saved trace; `src` and `dst` are instrument ids (tokens)."""

    evidence: int
    trace_id: str
    row: int
    src: str
    dst: str
    ts: datetime
    amount_minor: int
    currency: str
    channel: str


@dataclass(frozen=True, slots=True)
class Node:
    """An instrument a saved trace reached."""

    instrument: str
    kind: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class FreezeTarget:
    """A domestic freeze: the target as token and mask only."""

    id: int
    kind: str
    token: str
    masked: str
    bank: str
    state: str
    unit: str
    amount_frozen: int


@dataclass(frozen=True, slots=True)
class ForeignSummary:
    """A foreign request and how its accounts were answered."""

    id: int
    bank_bic: str
    country: str
    state: str
    deadline: datetime
    accounts: int
    answered: int
    by_status: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Dossier:
    """One case, ready to be written in any export format."""

    id: int
    title: str
    status: str
    owner: tuple[str, str]
    created_by: str
    created_at: datetime
    members: tuple[tuple[str, str], ...]
    evidence: tuple[Item, ...]
    flows: tuple[Flow, ...]
    nodes: tuple[Node, ...]
    freezes: tuple[FreezeTarget, ...]
    foreign: tuple[ForeignSummary, ...]
    balances: tuple[tuple[str, str, int], ...]
    timeline: tuple[tuple[datetime, str], ...]
    notes: tuple[tuple[datetime, str, str], ...]


def _parse_time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: not a time: {value!r}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as exc:
        raise InvalidInput(f"{where}: not a time: {value!r}") from exc


def _flow(item: Evidence, trace_id: str, index: int, edge: Any) -> Flow:
    where = f"evidence {item.id} (trace): edges[{index}]"
    if not isinstance(edge, dict):
        raise InvalidInput(f"{where}: not an object")
    try:
        return Flow(
            evidence=item.id,
            trace_id=trace_id,
            row=int(edge["row"]),
            src=str(edge["src"]),
            dst=str(edge["dst"]),
            ts=_parse_time(edge["ts"], f"{where}.ts"),
            amount_minor=int(edge["amount_minor"]),
            currency=str(edge["currency"]),
            channel=str(edge["channel"]),
        )
    except KeyError as exc:
        raise InvalidInput(f"{where}: field {exc.args[0]} is missing") from exc
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{where}: {exc}") from exc


def _trace(item: Evidence) -> tuple[list[Flow], list[Node]]:
    """The flows and nodes of a saved trace (the JSON `save_trace` stores)."""
    try:
        data = json.loads(item.content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"evidence {item.id} (trace): not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("edges", []), list):
        raise InvalidInput(f"evidence {item.id} (trace): no list of edges")
    trace_id = str(data.get("trace_id") or f"evidence-{item.id}")
    flows = [_flow(item, trace_id, i, e) for i, e in enumerate(data.get("edges", []))]
    nodes = [
        Node(str(n["instrument"]), n.get("kind"), n.get("country"))
        for n in data.get("nodes", [])
        if isinstance(n, dict) and "instrument" in n
    ]
    return flows, nodes


def _evidence(db: Session, case_id: int) -> tuple[list[Item], list[Flow], dict[str, Node]]:
    items, flows, nodes = [], [], {}
    stmt = select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id)
    for e in map(check_intact, db.scalars(stmt)):
        items.append(
            Item(
                e.id,
                e.kind,
                e.title,
                e.content_hash,
                e.source,
                e.source_ref,
                e.collected_at,
                e.added_by,
                e.added_at,
            )
        )
        if e.kind == EvidenceKind.TRACE.value and e.media_type == "application/json":
            found, reached = _trace(e)
            flows += found
            nodes.update({n.instrument: n for n in reached})
    return items, flows, nodes


def _foreign(db: Session, case_id: int) -> list[ForeignSummary]:
    stmt = select(ForeignRequest).where(ForeignRequest.case_id == case_id)
    out = []
    for req in db.scalars(stmt.order_by(ForeignRequest.id)):
        counts = (
            select(ForeignAccount.status, func.count(), func.sum(ForeignAccount.amount_frozen))
            .where(ForeignAccount.request_id == req.id)
            .group_by(ForeignAccount.status)
            .order_by(ForeignAccount.status)
        )
        by_status = tuple((s, int(n), int(a or 0)) for s, n, a in db.execute(counts))
        out.append(
            ForeignSummary(
                req.id,
                req.bank_bic,
                req.country,
                req.state,
                req.deadline,
                req.n_accounts,
                req.n_answered,
                by_status,
            )
        )
    return out


def _timeline(db: Session, case: Case, codes: dict[int, str]) -> list[tuple[datetime, str]]:
    """Dated events of the case, oldest first."""
    cid = case.id
    events = [(case.created_at, f"case opened by {case.created_by}")]
    for share in db.scalars(select(CaseShare).where(CaseShare.case_id == cid)):
        events.append((share.shared_at, f"shared with {codes[share.agency_id]}"))
    for e in db.scalars(select(Evidence).where(Evidence.case_id == cid)):
        events.append((e.collected_at, f"evidence {e.id} collected: {e.title}"))
        events.append((e.added_at, f"evidence {e.id} added by {e.added_by}"))
    for t in db.scalars(select(Task).where(Task.case_id == cid)):
        events.append((t.due, f"task {t.id} for {codes[t.to_agency_id]} due ({t.status})"))
    for kind, model in (("freeze", Freeze), ("foreign", ForeignRequest)):
        ids = select(model.id).where(model.case_id == cid)
        moves = select(Transition).where(
            Transition.object_type == kind, Transition.object_id.in_(ids)
        )
        for m in db.scalars(moves):
            events.append((m.at, f"{kind} {m.object_id}: {m.from_state} -> {m.to_state} by {m.by}"))
    legs = select(LedgerEntry).where(LedgerEntry.case_id == cid, LedgerEntry.amount > 0)
    for leg in db.scalars(legs):
        events.append((leg.at, f"ledger {leg.operation} {leg.amount} {leg.unit} to {leg.account}"))
    return sorted(events, key=lambda e: e[0])


def gather(db: Session, case: Case) -> Dossier:
    """The dossier of a case the caller has already been allowed to export."""
    agencies = {a.id: a for a in db.scalars(select(Agency))}
    codes = {i: a.code for i, a in agencies.items()}
    shares = db.scalars(select(CaseShare.agency_id).where(CaseShare.case_id == case.id))
    members = tuple(sorted((agencies[a].code, agencies[a].name) for a in shares))
    items, flows, nodes = _evidence(db, case.id)
    freezes = db.scalars(select(Freeze).where(Freeze.case_id == case.id).order_by(Freeze.id))
    notes = db.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.id))
    owner = agencies[case.owner_agency_id]
    return Dossier(
        id=case.id,
        title=case.title,
        status=case.status,
        owner=(owner.code, owner.name),
        created_by=case.created_by,
        created_at=case.created_at,
        members=members,
        evidence=tuple(items),
        flows=tuple(sorted(flows, key=lambda f: (f.ts, f.evidence, f.row))),
        nodes=tuple(nodes.values()),
        freezes=tuple(
            FreezeTarget(
                f.id,
                f.target_kind,
                f.target_token,
                f.target_masked,
                f.bank,
                f.state,
                f.unit,
                f.amount_frozen,
            )
            for f in freezes
        ),
        foreign=tuple(_foreign(db, case.id)),
        balances=tuple(sorted((a, u, n) for (a, u), n in balances(db, case.id).items())),
        timeline=tuple(_timeline(db, case, codes)),
        notes=tuple((n.at, f"{n.author} ({n.agency})", n.text) for n in notes),
    )
