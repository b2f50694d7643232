"""A decision as its JSON line, byte for byte `Decision.to_json`, without `asdict`.

`dataclasses.asdict` deep-copies the inputs (some 130 values) of every decision, which
cost four times the serialising itself; the record's values are immutable, so a shallow
dict serialised with the same `json.dumps` options gives the same line.
"""

from __future__ import annotations

import json
from typing import Any

from moneytrail.detect.decision import Decision


def decision_json(d: Decision) -> str:
    """`d.to_json()`, faster."""
    record: dict[str, Any] = {
        "transfer_id": d.transfer_id,
        "action": d.action,
        "score": d.score,
        "reasons": [
            {"feature": r.feature, "value": r.value, "contribution": r.contribution, "text": r.text}
            for r in d.reasons
        ],
        "rules_fired": list(d.rules_fired),
        "model_version": d.model_version,
        "rules_version": d.rules_version,
        "data_hash": d.data_hash,
        "inputs": dict(d.inputs),
        "decided_at": d.decided_at,
    }
    return json.dumps(record, sort_keys=True, ensure_ascii=False)
