"""The gradient-boosted model: LightGBM trained on labelled transfers, calibrated on validation.

Artefacts live in one folder per version: `model.txt` (LightGBM), `calibration.json`
(isotonic steps) and `card.json` (features, thresholds, training-data hash, metrics).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
from numpy.typing import NDArray
from sklearn.isotonic import IsotonicRegression

from moneytrail.detect.errors import DetectError
from moneytrail.detect.thresholds import Labels, Scores, Thresholds

MODEL_VERSION = "gbm-v1"
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "scale_pos_weight": 5.0,
    "num_threads": 2,
    "seed": 7,
    "deterministic": True,
    "verbose": -1,
}
ROUNDS = 400


@dataclass
class Model:
    """A trained booster, its calibration and its card."""

    booster: lgb.Booster
    calib_x: list[float]
    calib_y: list[float]
    features: list[str]
    thresholds: Thresholds
    data_hash: str
    metrics: dict[str, Any] = field(default_factory=dict)
    version: str = MODEL_VERSION
    params: dict[str, Any] = field(default_factory=lambda: dict(PARAMS))

    def raw(self, x: NDArray[np.float64]) -> Scores:
        """Uncalibrated scores."""
        return np.asarray(self.booster.predict(x), dtype=np.float64)

    def score(self, x: NDArray[np.float64]) -> Scores:
        """Calibrated probability that each row is laundering."""
        return calibrated(self.raw(x), self.calib_x, self.calib_y)

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Per-feature SHAP values (log-odds), last column the bias."""
        return np.asarray(self.booster.predict(x, pred_contrib=True), dtype=np.float64)


def train(
    x: NDArray[np.float64],
    y: Labels,
    xv: NDArray[np.float64],
    yv: Labels,
    features: list[str],
    params: dict[str, Any] | None = None,
) -> tuple[lgb.Booster, Scores]:
    """Fit on training rows with early stopping on validation; return booster and val scores."""
    data = lgb.Dataset(x, label=y, feature_name=features, free_raw_data=False)
    valid = lgb.Dataset(xv, label=yv, reference=data)
    booster = lgb.train(
        params or PARAMS,
        data,
        ROUNDS,
        valid_sets=[valid],
        callbacks=[lgb.early_stopping(50, verbose=False)],
    )
    return booster, np.asarray(booster.predict(xv), dtype=np.float64)


def train_rounds(
    x: NDArray[np.float64], y: Labels, features: list[str], rounds: int, params: dict[str, Any]
) -> lgb.Booster:
    """Fit on all given rows for a fixed number of rounds (no validation)."""
    data = lgb.Dataset(x, label=y, feature_name=features, free_raw_data=False)
    return lgb.train(params, data, max(rounds, 1))


def calibrate(raw: Scores, y: Labels) -> tuple[list[float], list[float]]:
    """Isotonic calibration steps from validation scores."""
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
    return [float(v) for v in iso.X_thresholds_], [float(v) for v in iso.y_thresholds_]


def calibrated(raw: Scores, xs: list[float], ys: list[float]) -> Scores:
    """Isotonic mapping plus a tiny share of the raw score, so that ties keep their order."""
    return np.clip(np.interp(raw, xs, ys) + 1e-6 * raw, 0.0, 1.0)


def save(model: Model, folder: Path) -> Path:
    """Write the artefacts into `folder/<version>-<hash prefix>/` and return that folder."""
    out = folder / f"{model.version}-{model.data_hash[:12]}"
    out.mkdir(parents=True, exist_ok=True)
    model.booster.save_model(str(out / "model.txt"))
    (out / "calibration.json").write_text(json.dumps({"x": model.calib_x, "y": model.calib_y}))
    card = {
        "version": model.version,
        "data_hash": model.data_hash,
        "features": model.features,
        "thresholds": asdict(model.thresholds),
        "params": model.params,
        "metrics": model.metrics,
    }
    (out / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True))
    return out


def load(folder: Path) -> Model:
    """Read artefacts written by `save`."""
    try:
        card = json.loads((folder / "card.json").read_text())
        calib = json.loads((folder / "calibration.json").read_text())
        booster = lgb.Booster(model_file=str(folder / "model.txt"))
    except (OSError, ValueError, lgb.basic.LightGBMError) as err:
        raise DetectError(f"{folder}: not a model folder ({err})") from err
    return Model(
        booster,
        calib["x"],
        calib["y"],
        card["features"],
        Thresholds(**card["thresholds"]),
        card["data_hash"],
        card["metrics"],
        card["version"],
        card.get("params", dict(PARAMS)),
    )
