"""`record`: import decision records (JSON lines) into the store, once each.

Only review and block decisions join the queue; allow decisions are counted, not stored (the
decision log keeps them). A malformed line is quarantined with its file, line and reason,
never dropped: lines read = stored + already stored + allowed + quarantined.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from moneytrail.cases.access import Principal
from moneytrail.cases.bulk import insert_rows
from moneytrail.cases.db import utcnow
from moneytrail.cases.errors import AccessDenied, InvalidInput
from moneytrail.cases.service import perform
from moneytrail.decisions.access import DecisionAction, refusal
from moneytrail.decisions.accounts import Accounts
from moneytrail.decisions.lines import DecisionLine, parse
from moneytrail.decisions.records import StoredDecision
from moneytrail.model.ids.card import looks_like_card

DECISIONS: Table = StoredDecision.__table__  # type: ignore[assignment]  # always a Table here
CHUNK = 500


@dataclass(frozen=True)
class Quarantined:
    """A line that was not stored, where it was and why."""

    where: str
    reason: str


@dataclass
class RecordReport:
    """What an import did with each line it read."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    allowed: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The counts, for the audit log and the command's output."""
        numbers = {k: v for k, v in asdict(self).items() if isinstance(v, int)}
        return numbers | {"quarantined": len(self.quarantined)}


def record(
    db: Session,
    who: Principal,
    lines: Iterable[str],
    source: str,
    accounts: Accounts | None = None,
) -> RecordReport:
    """Store the review and block decisions of `lines` (from `source`, a file name)."""

    def work() -> RecordReport:
        reason = refusal(who, DecisionAction.RECORD)
        if reason:
            raise AccessDenied(reason)
        report, batch = RecordReport(), []
        for number, text in enumerate(lines, 1):
            if text.strip():
                report.read += 1
                batch.extend(_accept(report, text, f"{source}:{number}", accounts))
            if len(batch) >= CHUNK:
                _store(db, who, report, batch)
                batch = []
        _store(db, who, report, batch)
        return report

    return perform(db, who, DecisionAction.RECORD, f"decisions:{source}", work, RecordReport.counts)


def _accept(
    report: RecordReport, text: str, where: str, accounts: Accounts | None
) -> list[dict[str, Any]]:
    """The row to store for one line ([] when allowed or quarantined)."""
    try:
        line = parse(text, where)
        if line.fields["action"] == "allow":
            report.allowed += 1
            return []
        return [_row(line, where, accounts)]
    except InvalidInput as exc:
        report.quarantined.append(Quarantined(where, str(exc)))
        return []


def _row(line: DecisionLine, where: str, accounts: Accounts | None) -> dict[str, Any]:
    f = line.fields
    ends = None if accounts is None else accounts.ends.get(f["transfer_id"])
    src, dst = ends or (None, None)
    for name, value in (("src_instrument", src), ("dst_instrument", dst)):
        if value is not None and looks_like_card(value):
            raise InvalidInput(f"{where}: {name} of the transfer is a clear card number")
    shown = accounts.shown if accounts is not None else (lambda _: None)
    return {
        "key": line.key,
        "transfer_id": f["transfer_id"],
        "src_instrument": src,
        "src_shown": shown(src),
        "dst_instrument": dst,
        "dst_shown": shown(dst),
        "action": f["action"],
        "score": float(f["score"]),
        "reasons": json.dumps(f["reasons"], ensure_ascii=False),
        "rules_fired": json.dumps(f["rules_fired"], ensure_ascii=False),
        "model_version": f["model_version"],
        "rules_version": f["rules_version"],
        "data_hash": f["data_hash"],
        "inputs": json.dumps(f["inputs"], ensure_ascii=False),
        "decided_at": line.decided_at,
        "source": where[:400],
    }


def _store(db: Session, who: Principal, report: RecordReport, rows: list[dict[str, Any]]) -> None:
    """Insert the rows not stored before (by key), with the recorder and an open status."""
    keys = [r["key"] for r in rows]
    known = set(db.scalars(select(StoredDecision.key).where(StoredDecision.key.in_(keys))))
    fresh: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["key"] in known or row["key"] in fresh:
            report.already_stored += 1
            continue
        fresh[row["key"]] = row
    extra = {"recorded_by": who.username, "recorded_at": utcnow(), "status": "open"}
    extra |= {"label": None, "case_id": None, "version": 1}
    insert_rows(db, DECISIONS, [row | extra for row in fresh.values()])
    report.stored += len(fresh)
