"""Importing decision records: each stored once, allow decisions counted, bad lines
quarantined naming the line and field, card numbers never stored in clear."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path
from typing import get_args

import pyarrow as pa
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal, Role
from moneytrail.cases.errors import AccessDenied
from moneytrail.cases.models import AuditEntry
from moneytrail.decisions import lines
from moneytrail.decisions.accounts import Accounts
from moneytrail.decisions.records import StoredDecision
from moneytrail.decisions.store import record
from moneytrail.detect.decision import Action as DetectorAction
from moneytrail.detect.decision import Decision
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.realtime.log import DecisionLog
from tests.decisions.conftest import BASE, edited, line

TOKEN = "card:" + "a" * 32


def test_the_fields_and_actions_are_the_detectors() -> None:
    assert tuple(f.name for f in fields(Decision)) == lines.FIELDS
    assert get_args(DetectorAction) == lines.ACTIONS


def test_review_and_block_stored_once_allow_counted(db: Session, fiu_system: Principal) -> None:
    log = [line("t1", "block"), line("t2", "review", 0.7), line("t3", "allow", 0.1), "", line("t1")]
    report = record(db, fiu_system, log, "decisions.jsonl")
    assert report.counts() == {
        "read": 4,
        "stored": 2,
        "already_stored": 1,
        "allowed": 1,
        "quarantined": 0,
    }
    again = record(db, fiu_system, log, "decisions.jsonl")
    assert (again.stored, again.already_stored, again.allowed) == (0, 3, 1)
    stored = db.scalars(select(StoredDecision).order_by(StoredDecision.id)).all()
    assert [(d.transfer_id, d.action, d.status) for d in stored] == [
        ("t1", "block", "open"),
        ("t2", "review", "open"),
    ]
    assert json.loads(stored[0].reasons)[1]["text"] == "passes received money on = 0.97"
    assert stored[0].source == "decisions.jsonl:1"
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (entry.action, entry.outcome) == ("decision.record", "ok")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "must be a JSON object"),
        (edited("b1", score=None), "missing field(s) score"),
        (edited("b2", score="high"), "field score"),
        (edited("b3", action="freeze"), "field action"),
        (edited("b4", reasons=["x"]), "field reasons"),
        (edited("b5", decided_at="yesterday"), "field decided_at"),
        (edited("b6", decided_at="2026-03-01T10:00:00"), "needs a time zone"),
    ],
)
def test_bad_lines_quarantined_naming_line_and_field(
    db: Session, fiu_system: Principal, text: str, names: str
) -> None:
    report = record(db, fiu_system, [line("ok"), text], "log.jsonl")
    assert (report.read, report.stored, len(report.quarantined)) == (2, 1, 1)
    bad = report.quarantined[0]
    assert bad.where == "log.jsonl:2"
    assert bad.reason.startswith("log.jsonl:2: ")
    assert names in bad.reason


def test_accounts_masked_and_clear_card_numbers_refused(db: Session, fiu_system: Principal) -> None:
    transfers = pa.table(
        {
            "transfer_id": ["t1", "t2"],
            "src_instrument": ["acct:KZ1", "4400430000000000"],
            "dst_instrument": [TOKEN, TOKEN],
        }
    )
    accounts = Accounts.of(transfers, {TOKEN: "440043******1234"})
    report = record(db, fiu_system, [line("t1"), line("t2")], "log", accounts)
    assert report.stored == 1
    assert "src_instrument of the transfer is a clear card number" in report.quarantined[0].reason
    stored = db.scalars(select(StoredDecision)).one()
    assert (stored.src_shown, stored.dst_instrument, stored.dst_shown) == (
        "acct:KZ1",
        TOKEN,
        "440043******1234",
    )


@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.BANK_LIAISON, Role.FOREIGN_PARTNER])
def test_only_the_fiu_records(db: Session, people: dict[Role, Principal], role: Role) -> None:
    with pytest.raises(AccessDenied):
        record(db, people[role], [line("t1")], "log")
    assert db.scalars(select(StoredDecision)).first() is None
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (entry.action, entry.outcome) == ("decision.record", "denied")


def test_clear_card_numbers_tokenized_at_the_door(db: Session, fiu_system: Principal) -> None:
    pan = complete_pan("440043000000000")
    tokens = Tokenizer(b"k")
    transfers = pa.table(
        {"transfer_id": ["t1"], "src_instrument": [pan], "dst_instrument": ["KZ86125KZT5004100100"]}
    )
    accounts = Accounts.tokenized(transfers, tokens)
    assert record(db, fiu_system, [line("t1")], "log", accounts).stored == 1
    stored = db.scalars(select(StoredDecision)).one()
    assert (stored.src_instrument, stored.src_shown) == (
        tokens.token(IdKind.CARD, pan),
        f"440043******{pan[-4:]}",
    )
    assert stored.dst_shown == "KZ86125KZT5004100100"


def test_the_real_time_services_log_imports(
    db: Session, fiu_system: Principal, tmp_path: Path
) -> None:
    log = DecisionLog(tmp_path / "decisions.jsonl")
    log.append(replace(BASE, transfer_id=t).to_json() for t in ("rt1", "rt2"))
    log.close()
    with log.path.open(encoding="utf-8") as lines:
        report = record(db, fiu_system, lines, log.path.name)
    assert (report.read, report.stored, report.quarantined) == (2, 2, [])
