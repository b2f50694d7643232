"""Cross-fitted training for blocking droppers: thresholds chosen on out-of-fold scores.

A small world has few laundering accounts in any one validation window (11 to 17 receivers in
six days of a tiny simulated world), and a block is judged per account over all of its
transfers. So the periods are cut into `FOLDS` blocks; each block is scored by a model trained
on the others, and calibration and thresholds are chosen on these out-of-fold scores, which
cover every account with all of its transfers, as a deployed model sees them. The model kept
is refitted on all rows for the median number of rounds the folds early-stopped at.

An account is blocked when at least `BLOCK_HITS` of the transfers it received reach the block
threshold: one odd transfer into an ordinary account is not enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow.compute as pc
from numpy.typing import NDArray

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import Dataset
from moneytrail.detect.errors import DetectError
from moneytrail.detect.metrics import per_account, per_receiver
from moneytrail.detect.thresholds import Scores, choose, for_recall
from moneytrail.detect.training import Matrix, data_hash, matrix
from moneytrail.features.engine import Engine
from moneytrail.model.transfers import InstrumentKind

FOLDS = 5
BLOCK_HITS = 2
BLOCK_PRECISION = 0.97
REVIEW_RECALL = 0.90
PARAMS: dict[str, Any] = {
    **gbm.PARAMS,
    "num_leaves": 7,
    "min_data_in_leaf": 100,
    "lambda_l2": 10.0,
    "feature_fraction": 0.5,
    "path_smooth": 10.0,
    "num_threads": 1,
}
"""Shallow, smoothed trees: a tiny world has a few hundred positive transfers (one thread:
the rows are too few to share, and the folds run one after the other)."""


def folds(period: NDArray[np.float64], k: int = FOLDS) -> NDArray[np.int_]:
    """Fold number (0..k-1) of each row: contiguous blocks of periods, about equal in rows."""
    edges = np.quantile(period, np.linspace(0.0, 1.0, k + 1)[1:-1])
    return np.searchsorted(edges, period, side="right").astype(int)


def out_of_fold(m: Matrix, fold: NDArray[np.int_]) -> tuple[Scores, list[int]]:
    """Each row's raw score from the model that did not see its fold; rounds per fold."""
    raw = np.zeros(len(m.y), dtype=np.float64)
    rounds = []
    for k in np.unique(fold).tolist():
        held = fold == k
        booster, raw[held] = gbm.train(
            m.x[~held], m.y[~held], m.x[held], m.y[held], m.features, PARAMS
        )
        rounds.append(int(booster.best_iteration) or int(booster.current_iteration()))
    return raw, rounds


def fit_crossfitted(
    m: Matrix, ds_hash: str, blockable: NDArray[np.bool_] | None = None
) -> gbm.Model:
    """Train on all rows of `m`; calibrate and choose thresholds on out-of-fold scores.

    `blockable` marks the rows whose receiver can be blocked (not a cash terminal); the block
    and review thresholds are set on those receivers only: block on their `BLOCK_HITS`-th
    highest transfer, review (a single transfer) on their highest.
    """
    fold = folds(m.period)
    if np.unique(fold).size < 2:
        raise DetectError("cross-fitting needs at least two distinct periods")
    raw, rounds = out_of_fold(m, fold)
    cx, cy = gbm.calibrate(raw, m.y)
    oof = gbm.calibrated(raw, cx, cy)
    keep = np.ones(len(m.y), dtype=bool) if blockable is None else blockable
    receivers = per_receiver(m.dst[keep], m.y[keep], oof[keep], BLOCK_HITS)
    accounts = per_account(m.src, m.dst, m.y, oof)
    chosen = choose((m.y, oof), accounts, BLOCK_PRECISION, REVIEW_RECALL, receivers, BLOCK_HITS)
    review = for_recall(*per_receiver(m.dst[keep], m.y[keep], oof[keep]), REVIEW_RECALL)
    thresholds = replace(chosen, review=min(review, chosen.block))
    booster = gbm.train_rounds(m.x, m.y, m.features, int(np.median(rounds)), PARAMS)
    model = gbm.Model(booster, cx, cy, m.features, thresholds, ds_hash, params=dict(PARAMS))
    model.metrics = {"folds": len(rounds), "rounds": rounds}
    return model


def cash_terminals(ds: Dataset) -> set[str]:
    """The receivers of `ds` that are cash terminals (ATMs): never blocked."""
    kind = ds.transfers["dst_instrument_kind"]
    cash = pc.fill_null(pc.equal(kind, InstrumentKind.CASH.value), False)
    return set(pc.filter(ds.transfers["dst_instrument"], cash).to_pylist())


def train_dataset(engine: Engine, ds: Dataset, columns: Sequence[str] | None = None) -> gbm.Model:
    """`fit_crossfitted` on all of `ds` (on `columns` only, when given), without known
    requisites (behaviour alone), block thresholds set on the receivers that are not cash
    terminals."""
    m = matrix(engine, ds, None)
    if columns is not None:
        keep = [m.features.index(n) for n in columns]
        m = replace(m, x=m.x[:, keep], features=list(columns))
    terminals = cash_terminals(ds)
    blockable = np.array([d not in terminals for d in m.dst.tolist()], dtype=bool)
    model = fit_crossfitted(m, data_hash(ds), blockable)
    model.metrics["design"] = "crossfit"
    return model


def summary(model: gbm.Model) -> str:
    """One line on a cross-fitted model: folds and thresholds."""
    t = model.thresholds
    return (
        f"cross-fitted on {model.metrics['folds']} folds; block at {t.block:.3f} on an "
        f"account's {t.block_hits} transfers, review at {t.review:.3f}"
    )
