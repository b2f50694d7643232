"""Feature rows to decisions with the batch decision logic of `moneytrail.detect.decision`.

Scores are computed for the whole batch at once, by the booster compiled into numba
(`realtime.trees`: the same scores as LightGBM's `predict`, bit for bit). A row that may be
reviewed or blocked (score at or above the review threshold, or a rule fires) is decided by
`detect.decision.explained`, as `decide` decides it, with its five strongest SHAP
contributions in plain words; the flagged rows' SHAP values (exact TreeSHAP, as LightGBM's
`pred_contrib`) are computed in one call. SHAP costs tens of predictions, so an
allowed transfer is explained by its score against the review threshold and the absence of
any fired rule. Where a booster cannot be compiled, LightGBM runs on one thread: a decision
service scales by processes, and OpenMP threads fighting over shared cores cost more than
they give on batches of this size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no stubs

from moneytrail.detect import rules_v1
from moneytrail.detect.decision import Decision, explained
from moneytrail.detect.explain import Reason
from moneytrail.detect.model import Model, calibrated
from moneytrail.realtime.features import NAMES, check_model_features
from moneytrail.realtime.trees import CompiledTrees, compile_booster
from moneytrail.realtime.tx import Tx


class Scorer:
    """A model checked for online use, with its columns and rules located once."""

    def __init__(self, model: Model) -> None:
        check_model_features(model.features)
        self.model = model
        threadpool_limits(1, user_api="openmp")
        self.trees: CompiledTrees | None = compile_booster(model.booster)
        if self.trees is not None:  # compile (or load) the kernels now, not on a request
            self.trees.contributions(np.zeros((1, self.trees.n_features)))
            self.trees.predict(np.zeros((1, self.trees.n_features)))
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
        scores = self.score(x)
        review = self.model.thresholds.review
        now = datetime.now(UTC).isoformat()
        flag = scores >= review
        for j, r in self.rules:
            col = x[:, j]
            flag |= (col >= r.value) if r.op == ">=" else (col <= r.value)  # NaN never fires
        flagged = np.flatnonzero(flag).tolist()
        contrib = self.contributions(x[flagged]) if flagged else None
        shap = dict(zip(flagged, range(len(flagged)), strict=True))
        values = x.tolist()
        features = self.model.features
        missing: dict[int, list[str]] = {}
        for i, j in zip(*(a.tolist() for a in np.nonzero(np.isnan(x))), strict=True):
            missing.setdefault(i, []).append(features[j])
        out = []
        for i, tx in enumerate(batch):
            score, k = float(scores[i]), shap.get(i)
            inputs: dict[str, float | None] = dict(zip(features, values[i], strict=True))
            for name in missing.get(i, ()):
                inputs[name] = None
            if k is None or contrib is None:
                out.append(self._allow(tx.transfer_id, inputs, score, now))
            else:
                tid, row = tx.transfer_id, values[i]
                out.append(explained(self.model, tid, score, contrib[k], row, now, inputs))
        return out

    def score(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Calibrated scores, as `Model.score`."""
        if self.trees is None:
            return self.model.score(x)
        m = self.model
        return calibrated(self.trees.predict(x), m.calib_x, m.calib_y)

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """SHAP values, as `Model.contributions`."""
        if self.trees is None:
            return self.model.contributions(x)
        return self.trees.contributions(x)

    def _allow(self, tid: str, inputs: dict[str, float | None], score: float, at: str) -> Decision:
        m = self.model
        review = m.thresholds.review
        text = (
            f"model score {score:.3f} is below the review threshold {review:.3f} "
            f"and no rule of {rules_v1.VERSION} fired"
        )
        reasons = [Reason("score", score, 0.0, text)]
        return Decision(
            tid, "allow", score, reasons, [], m.version, rules_v1.VERSION, m.data_hash, inputs, at
        )
