"""Decisions allow / review / block, each stored with its reasons, versions and inputs."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from moneytrail.detect import rules
from moneytrail.detect.ends import NOWHERE, Ends
from moneytrail.detect.explain import Reason, top_reasons
from moneytrail.detect.model import Model
from moneytrail.detect.rule import Rule

Action = Literal["allow", "review", "block"]
_RANK: dict[str, int] = {"allow": 0, "review": 1, "block": 2}
_ACTIONS: tuple[Action, Action, Action] = ("allow", "review", "block")


@dataclass(frozen=True)
class Decision:
    """One automated decision on one transfer; enough to review, appeal and lift it."""

    transfer_id: str
    action: Action
    score: float
    reasons: list[Reason]
    rules_fired: list[str]
    model_version: str
    rules_version: str
    data_hash: str
    inputs: dict[str, float | None]
    decided_at: str

    def to_json(self) -> str:
        """The record as one JSON line."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)


def decide(
    model: Model, transfer_id: str, row: NDArray[np.float64], ends: Ends = (NOWHERE, NOWHERE)
) -> Decision:
    """Score one feature row (of a transfer between the sender and receiver `ends`), apply
    the rules and thresholds, explain the outcome (one transfer alone: `detect.blockhits`
    then applies the thresholds' `block_hits`)."""
    score = float(model.score(row[None, :])[0])
    contrib = model.contributions(row[None, :])[0]
    at = datetime.now(UTC).isoformat()
    return explained(model, transfer_id, score, contrib, row.tolist(), at, ends=ends)


def explained(
    model: Model,
    transfer_id: str,
    score: float,
    contrib: NDArray[np.float64] | list[float],
    row: list[float],
    at: str,
    inputs: dict[str, float | None] | None = None,
    *,
    fired: list[Rule] | None = None,
    order: list[int] | None = None,
    ends: Ends = (NOWHERE, NOWHERE),
) -> Decision:
    """The decision on a row whose score and SHAP values are known (computed for a whole
    batch by the caller): the rules fired, the action, the reasons in plain words.

    What a batch caller has computed for all its rows at once may be passed: `inputs` (the
    row by feature name, missing values as None), `fired` (the rules of `rules.RULES` that
    fire on the row, in their order; else they are found for a transfer between `ends`) and
    `order` (the features by decreasing absolute contribution, as `top_reasons` sorts them)."""
    if fired is None or inputs is None:
        values = dict(zip(model.features, row, strict=True))
        if inputs is None:
            inputs = {k: (None if v != v else v) for k, v in values.items()}
        if fired is None:
            fired = rules.fired(values, *ends)
    action = action_of(score, model, [r.action for r in fired])
    reasons = [
        Reason(r.feature, row[model.features.index(r.feature)], 0.0, r.reason) for r in fired
    ]
    reasons += top_reasons(model.features, row, contrib, order=order)
    return Decision(
        transfer_id,
        action,
        score,
        reasons,
        [r.name for r in fired],
        model.version,
        rules.VERSION,
        model.data_hash,
        inputs,
        at,
    )


def action_of(score: float, model: Model, by_rules: list[str]) -> Action:
    """The stronger of the score's action and the strongest fired rule's."""
    t = model.thresholds
    by_score = 2 if score >= t.block else 1 if score >= t.review else 0
    by_rule = max((_RANK[a] for a in by_rules), default=0)
    return _ACTIONS[max(by_score, by_rule)]
