"""Feature rows to decisions with the batch decision logic of `moneytrail.detect.decision`.

Scores are computed for the whole batch at once, by the booster compiled into numba
(`realtime.trees`: the same scores as LightGBM's `predict`, bit for bit). A row that may be
reviewed or blocked (score at or above the review threshold, or a rule fires) is decided by
`detect.decision.explained`, as `decide` decides it, with its five strongest SHAP
contributions in plain words; the flagged rows' SHAP values (exact TreeSHAP, as LightGBM's
`pred_contrib`) are computed in one call, and so are what `explained` would otherwise find
row by row (the rules fired, the strongest contributions' order, the inputs by name). SHAP
costs tens of predictions, so an allowed transfer is explained by its score against the
review threshold and the absence of any fired rule. Where a booster cannot be compiled,
LightGBM runs on one thread: a decision service scales by processes, and OpenMP threads
fighting over shared cores cost more than they give on batches of this size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no stubs

from moneytrail.detect import rules
from moneytrail.detect.decision import Decision, explained
from moneytrail.detect.explain import Reason, strongest
from moneytrail.detect.model import Model, calibrated
from moneytrail.realtime.features import NAMES, check_model_features
from moneytrail.realtime.trees import CompiledTrees, compile_booster
from moneytrail.realtime.treeshap import ROWS_TOGETHER
from moneytrail.realtime.tx import Tx


class Scorer:
    """A model checked for online use, with its columns and rules located once."""

    def __init__(self, model: Model) -> None:
        check_model_features(model.features)
        self.model = model
        threadpool_limits(1, user_api="openmp")
        self.trees: CompiledTrees | None = compile_booster(model.booster)
        if self.trees is not None:  # compile (or load) the kernels now, not on a request
            for n in (1, ROWS_TOGETHER):  # a row alone, rows together
                self.trees.contributions(np.zeros((n, self.trees.n_features)))
            self.trees.predict(np.zeros((1, self.trees.n_features)))
        self.columns = np.array([NAMES.index(f) for f in model.features])
        self.rules = rules.usable(model.features)
        self.rule_list = [r for _, r in self.rules]

    def decisions(self, batch: Sequence[Tx], rows: NDArray[np.float64]) -> list[Decision]:
        """One decision per transfer, in order."""
        if not batch:
            return []
        m = self.model
        x = np.ascontiguousarray(rows[:, self.columns])
        scores = self.score(x)
        fires = rules.fires(self.rules, x, [tx.ends for tx in batch])
        flag = (scores >= m.thresholds.review) | fires.any(axis=1)
        now = datetime.now(UTC).isoformat()
        values, listed = x.tolist(), scores.tolist()
        inputs = self._inputs(x, values)
        out = self._allowed(batch, listed, inputs, now, flag.tolist())
        flagged = np.flatnonzero(flag)
        if not len(flagged):
            return cast(list[Decision], out)  # every row was allowed
        contrib = self.contributions(x[flagged])
        orders = strongest(contrib, len(m.features))
        shares = contrib.tolist()
        for k, (i, hits) in enumerate(zip(flagged.tolist(), fires[flagged].tolist(), strict=True)):
            fired = [r for r, hit in zip(self.rule_list, hits, strict=True) if hit]
            tid, score, row = batch[i].transfer_id, listed[i], values[i]
            out[i] = explained(
                m, tid, score, shares[k], row, now, inputs[i], fired=fired, order=orders[k]
            )
        return cast(list[Decision], out)  # every flagged row has its decision now

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

    def _inputs(
        self, x: NDArray[np.float64], values: list[list[float]]
    ) -> list[dict[str, float | None]]:
        """Each row by feature name, missing values as None (as a decision records them)."""
        features = self.model.features
        inputs: list[dict[str, float | None]] = [
            dict(zip(features, v, strict=True)) for v in values
        ]
        for i, j in zip(*(a.tolist() for a in np.nonzero(np.isnan(x))), strict=True):
            inputs[i][features[j]] = None
        return inputs

    def _allowed(
        self,
        batch: Sequence[Tx],
        scores: list[float],
        inputs: list[dict[str, float | None]],
        at: str,
        flag: list[bool],
    ) -> list[Decision | None]:
        """The decisions on the rows not flagged (None at the flagged ones): allowed, with
        the score against the review threshold as the reason."""
        m = self.model
        tail = (
            f" is below the review threshold {m.thresholds.review:.3f} "
            f"and no rule of {rules.VERSION} fired"
        )
        version, rules_version, data = m.version, rules.VERSION, m.data_hash
        return [
            None
            if flagged
            else Decision(
                tx.transfer_id,
                "allow",
                score,
                [Reason("score", score, 0.0, f"model score {score:.3f}{tail}")],
                [],
                version,
                rules_version,
                data,
                row,
                at,
            )
            for tx, score, row, flagged in zip(batch, scores, inputs, flag, strict=True)
        ]
