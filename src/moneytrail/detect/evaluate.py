"""`eval detect`: train on the early periods, choose thresholds on the middle, score the last."""

from __future__ import annotations

from typing import Any

import numpy as np

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import Dataset
from moneytrail.detect.metrics import per_account, per_receiver, scores_at
from moneytrail.detect.thresholds import choose
from moneytrail.detect.training import Matrix, cutoffs, data_hash, known_before, matrix
from moneytrail.features.engine import Engine

BLOCK_PRECISION = 0.97
REVIEW_RECALL = 0.90


def fit(
    m: Matrix, val_start: float, test_start: float, ds_hash: str, seed: int | None = None
) -> gbm.Model:
    """Train on periods before `val_start`, calibrate and set thresholds on validation;
    `seed` replaces LightGBM's (`model.PARAMS`) for its row and feature sampling."""
    tr = m.period < val_start
    va = (m.period >= val_start) & (m.period < test_start)
    params = dict(gbm.PARAMS) if seed is None else {**gbm.PARAMS, "seed": seed}
    booster, raw_val = gbm.train(m.x[tr], m.y[tr], m.x[va], m.y[va], m.features, params)
    cx, cy = gbm.calibrate(raw_val, m.y[va])
    val_scores = gbm.calibrated(raw_val, cx, cy)
    accounts = per_account(m.src[va], m.dst[va], m.y[va], val_scores)
    receivers = per_receiver(m.dst[va], m.y[va], val_scores)
    tx = (m.y[va], val_scores)
    thresholds = choose(tx, accounts, BLOCK_PRECISION, REVIEW_RECALL, receivers)
    return gbm.Model(booster, cx, cy, m.features, thresholds, ds_hash, params=params)


def report(
    model: gbm.Model, m: Matrix, rows: np.ndarray[Any, np.dtype[np.bool_]]
) -> dict[str, Any]:
    """Metrics on the selected rows at the best-F1 thresholds (transactions, accounts) and at
    the block threshold (transactions, receiving accounts, each scored by its
    `block_hits`-th highest received transfer)."""
    s = model.score(m.x[rows])
    y = m.y[rows]
    acc_y, acc_s = per_account(m.src[rows], m.dst[rows], y, s)
    t = model.thresholds
    rec_y, rec_s = per_receiver(m.dst[rows], y, s, t.block_hits)
    return {
        "transactions": scores_at(y, s, t.best_f1),
        "accounts": scores_at(acc_y, acc_s, t.account_best_f1),
        "block": {
            "threshold": t.block,
            "transactions": scores_at(y, s, t.block),
            "accounts": scores_at(rec_y, rec_s, t.block),
            "accounts_blocked": int((rec_s >= t.block).sum()),
        },
        "rows": int(rows.sum()),
        "positives": int(y.sum()),
        "accounts_positive": int(acc_y.sum()),
    }


def evaluate_detect(engine: Engine, ds: Dataset) -> tuple[gbm.Model, dict[str, Any]]:
    """The whole protocol on one dataset: features, split, training, test metrics."""
    period = ds.labels["period"].to_numpy().astype(float)
    val_start, test_start = cutoffs(period)
    m = matrix(engine, ds, known_before(ds, val_start))
    model = fit(m, val_start, test_start, data_hash(ds))
    result: dict[str, Any] = {
        "dataset": ds.name,
        "split": {"validation_from": val_start, "test_from": test_start},
        "model": {"version": model.version, "data_hash": model.data_hash},
        "test": report(model, m, m.period >= test_start),
    }
    model.metrics = result["test"]
    return model, result
