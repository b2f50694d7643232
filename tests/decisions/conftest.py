"""The cases fixtures (SQLite and PostgreSQL, demo agencies and users), plus decision
records in the exact form the detector writes, and the principals the policy names."""

from __future__ import annotations

import json
from dataclasses import replace

import pyarrow.parquet as pq
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases.access import AgencyKind, Principal, Role
from moneytrail.cases.models import Agency
from moneytrail.decisions.accounts import Accounts
from moneytrail.decisions.records import StoredDecision
from moneytrail.decisions.store import record
from moneytrail.detect.decision import Decision
from moneytrail.detect.explain import Reason
from tests.cases.conftest import db, factory, people, pg_available, pg_url

FIXTURES = (db, factory, people, pg_available, pg_url)  # shared with tests/cases

BASE = Decision(
    transfer_id="t0",
    action="block",
    score=0.991,
    reasons=[
        Reason("dst_fan_in_24h", 14.0, 0.0, "many senders in a day (rule)"),
        Reason("dst_pass_through_24h", 0.97, 1.8, "passes received money on = 0.97"),
    ],
    rules_fired=["fan_in_24h"],
    model_version="gbm-v1-abc",
    rules_version="rules-v1",
    data_hash="f" * 64,
    inputs={"dst_fan_in_24h": 14.0, "dst_age_days": None},
    decided_at="2026-03-01T10:00:00+00:00",
)


def line(transfer_id: str, action: str = "block", score: float = 0.99) -> str:
    """One decision record as `Decision.to_json` writes it."""
    made = replace(BASE, transfer_id=transfer_id, action=action, score=score)  # type: ignore[arg-type]
    return made.to_json()


def edited(transfer_id: str, **changes: object) -> str:
    """A decision record with fields changed or removed (None removes) — malformed input."""
    data = json.loads(line(transfer_id))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data)


@pytest.fixture
def fiu_system(db: Session) -> Principal:
    """The FIU's scoring job, as its API token authenticates it."""
    afm = db.scalars(select(Agency).where(Agency.code == "AFM")).one()
    return Principal(None, "api:scorer", afm.id, "AFM", AgencyKind.FIU, Role.SYSTEM)


def record_alerts(app: FastAPI) -> list[int]:
    """Through the real service, as the FIU's scoring job: a block on t1 (card t1's payee in
    tests.api.world) and a review on t2; their stored ids, block first."""
    with app.state.moneytrail.sessions() as db:
        afm = db.scalars(select(Agency).where(Agency.code == "AFM")).one()
        system = Principal(None, "api:scorer", afm.id, "AFM", AgencyKind.FIU, Role.SYSTEM)
        accounts = Accounts.of(pq.read_table(app.state.moneytrail.transfers))
        record(db, system, [line("t1", "block"), line("t2", "review", 0.7)], "scored", accounts)
        return list(db.scalars(select(StoredDecision.id).order_by(StoredDecision.id)))
