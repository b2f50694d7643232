"""Feature rows to decisions with the batch decision logic of `moneytrail.detect.decision`.

Scores are computed for the whole batch at once. A row that may be reviewed or blocked (score
at or above the review threshold, or a rule fires) goes through `detect.decision.decide`
itself, with its five strongest SHAP contributions in plain words; the flagged rows' SHAP
values are computed in one call and handed to `decide` through `_Scored`. SHAP costs about a hundred
times a prediction, so an allowed transfer is explained by its score against the review
threshold and the absence of any fired rule. LightGBM runs on one thread: a decision
service scales by processes, and OpenMP threads fighting over shared cores cost more than
they give on batches of this size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no stubs

from moneytrail.detect import rules_v1
from moneytrail.detect.decision import Decision, decide
from moneytrail.detect.explain import Reason
from moneytrail.detect.model import Model
from moneytrail.realtime.features import NAMES, check_model_features
from moneytrail.realtime.tx import Tx


class Scorer:
    """A model checked for online use, with its columns and rules located once."""

    def __init__(self, model: Model) -> None:
        check_model_features(model.features)
        self.model = model
        threadpool_limits(1, user_api="openmp")
        self.columns = np.array([NAMES.index(f) for f in model.features])
        self.rules = [
            (model.features.index(r.feature), r)
            for r in rules_v1.RULES
            if r.feature in model.features
        ]

    def decisions(self, batch: Sequence[Tx], rows: NDArray[np.float64]) -> list[Decision]:
        """One decision per transfer, in order."""
        if not batch:
            return []
        x = np.ascontiguousarray(rows[:, self.columns])
        scores = self.model.score(x)
        review = self.model.thresholds.review
        now = datetime.now(UTC).isoformat()
        flagged = [
            i
            for i in range(len(batch))
            if scores[i] >= review or any(r.fires(float(x[i, j])) for j, r in self.rules)
        ]
        contrib = self.model.contributions(x[flagged]) if flagged else None
        shap = dict(zip(flagged, range(len(flagged)), strict=True))
        out = []
        for i, tx in enumerate(batch):
            k = shap.get(i)
            if k is None or contrib is None:
                out.append(self._allow(tx.transfer_id, x[i], float(scores[i]), now))
            else:
                known = _Scored.of(self.model, scores[i : i + 1], contrib[k : k + 1])
                out.append(decide(known, tx.transfer_id, x[i]))
        return out

    def _allow(
        self,
        tid: str,
        row: NDArray[np.float64],
        score: float,
        at: str,
    ) -> Decision:
        m = self.model
        inputs = {k: (None if v != v else float(v)) for k, v in zip(m.features, row, strict=True)}
        review = m.thresholds.review
        text = (
            f"model score {score:.3f} is below the review threshold {review:.3f} "
            f"and no rule of {rules_v1.VERSION} fired"
        )
        reasons = [Reason("score", score, 0.0, text)]
        return Decision(
            tid, "allow", score, reasons, [], m.version, rules_v1.VERSION, m.data_hash, inputs, at
        )


@dataclass
class _Scored(Model):
    """The model with one row's score and contributions already computed in a batch."""

    fixed_score: NDArray[np.float64] = field(default_factory=lambda: np.zeros(1))
    fixed_contrib: NDArray[np.float64] = field(default_factory=lambda: np.zeros((1, 1)))

    @classmethod
    def of(cls, m: Model, score: NDArray[np.float64], contrib: NDArray[np.float64]) -> _Scored:
        """Wrap `m` for one row."""
        return cls(
            m.booster,
            m.calib_x,
            m.calib_y,
            m.features,
            m.thresholds,
            m.data_hash,
            m.metrics,
            m.version,
            score,
            contrib,
        )

    def score(self, x: NDArray[np.float64]) -> NDArray[np.float64]:  # noqa: ARG002  # scored
        """The batch's calibrated score of this row."""
        return self.fixed_score

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:  # noqa: ARG002
        """The batch's SHAP values of this row."""
        return self.fixed_contrib
