"""Decision records as written by `moneytrail detect score --out` and the real-time
service's decision log: one `Decision.to_json` object per line, checked field by field."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from moneytrail.cases.errors import InvalidInput

ACTIONS = ("allow", "review", "block")
FIELDS = (
    "transfer_id",
    "action",
    "score",
    "reasons",
    "rules_fired",
    "model_version",
    "rules_version",
    "data_hash",
    "inputs",
    "decided_at",
)
"""The fields of `moneytrail.detect.decision.Decision` (a test keeps the two in step; the
detector is not imported here, so reading a log does not load LightGBM)."""


@dataclass(frozen=True)
class DecisionLine:
    """One decision record, checked; `key` is the SHA-256 of its canonical JSON."""

    key: str
    fields: dict[str, Any]
    decided_at: datetime


def parse(text: str, where: str) -> DecisionLine:
    """Check one JSON line; an `InvalidInput` names `where` (file and line) and the field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{where}: a decision must be a JSON object")
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise InvalidInput(f"{where}: missing field(s) {', '.join(missing)}")
    for name, problem in _problems(data):
        raise InvalidInput(f"{where}: field {name}: {problem}")
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = hashlib.sha256(canonical.encode()).hexdigest()
    return DecisionLine(key, data, _instant(data["decided_at"], where))


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, what is wrong) for every malformed field, in field order."""
    found: list[tuple[str, str]] = []
    tid = data["transfer_id"]
    if not isinstance(tid, str) or not 0 < len(tid) <= 128:
        found.append(("transfer_id", "must be a text of 1 to 128 characters"))
    if data["action"] not in ACTIONS:
        found.append(("action", f"{data['action']!r} is not one of {', '.join(ACTIONS)}"))
    score = data["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        found.append(("score", "must be a finite number"))
    if not isinstance(data["reasons"], list) or not all(
        isinstance(r, dict) and isinstance(r.get("text"), str) for r in data["reasons"]
    ):
        found.append(("reasons", "must be a list of objects with a 'text'"))
    rules = data["rules_fired"]
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        found.append(("rules_fired", "must be a list of rule names"))
    for name, most in (("model_version", 64), ("rules_version", 32), ("data_hash", 64)):
        if not isinstance(data[name], str) or len(data[name]) > most:
            found.append((name, f"must be a text of at most {most} characters"))
    if not isinstance(data["inputs"], dict):
        found.append(("inputs", "must be an object of feature values"))
    return found


def _instant(value: Any, where: str) -> datetime:
    """An ISO 8601 time as naive UTC (the cases database's convention)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{where}: field decided_at: not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        raise InvalidInput(f"{where}: field decided_at: needs a time zone: {value!r}")
    return moment.astimezone(UTC).replace(tzinfo=None)
