"""Precision, recall, F1 and PR-AUC at transaction and account level (the reference protocol).

An account is positive when it sends or receives any laundering transfer in the period; its
score is the maximum over the transfers it took part in. A block stops the instrument that
receives the money, so block thresholds and their precision are per receiving account: positive
when it received any laundering transfer, scored by the highest of the transfers it received
(a buyer who paid a dropper is not a dropper).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from moneytrail.detect.thresholds import Labels, Scores


def scores_at(y: Labels, s: Scores, threshold: float) -> dict[str, float]:
    """Precision, recall, F1 at a threshold, and PR-AUC (average precision)."""
    pred = (s >= threshold).astype(int)
    p, r, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    auc = float(average_precision_score(y, s)) if y.any() else 0.0
    return {"precision": float(p), "recall": float(r), "f1": float(f1), "pr_auc": auc}


def per_account(
    src: NDArray[np.object_], dst: NDArray[np.object_], y: Labels, s: Scores
) -> tuple[Labels, Scores]:
    """Account labels (any laundering transfer) and scores (maximum over its transfers)."""
    _, labels, scores = roll_up(np.concatenate([src, dst]), np.tile(y, 2), np.tile(s, 2))
    return labels, scores


def per_receiver(dst: NDArray[np.object_], y: Labels, s: Scores) -> tuple[Labels, Scores]:
    """Receiving accounts' labels (received laundering money) and scores (maximum received)."""
    _, labels, scores = roll_up(dst, y, s)
    return labels, scores


def roll_up(
    accounts: NDArray[np.object_], y: Labels, s: Scores
) -> tuple[list[str], Labels, Scores]:
    """Per account (missing ones skipped): its name, any positive label, its highest score."""
    table = pa.table({"account": accounts, "y": y, "s": s})
    grouped = (
        table.filter(pc.is_valid(table["account"]))
        .group_by("account")
        .aggregate([("y", "max"), ("s", "max")])
    )
    names = [str(a) for a in grouped["account"].to_pylist()]
    return names, grouped["y_max"].to_numpy(), grouped["s_max"].to_numpy()
