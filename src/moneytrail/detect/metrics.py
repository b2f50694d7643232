"""Precision, recall, F1 and PR-AUC at transaction and account level (the reference protocol).

An account is positive when it sends or receives any laundering transfer in the period; its
score is the maximum over the transfers it took part in.
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
    table = pa.table(
        {
            "account": np.concatenate([src, dst]),
            "y": np.concatenate([y, y]),
            "s": np.concatenate([s, s]),
        }
    ).filter(pc.is_valid(pa.array(np.concatenate([src, dst]))))
    grouped = table.group_by("account").aggregate([("y", "max"), ("s", "max")])
    return grouped["y_max"].to_numpy(), grouped["s_max"].to_numpy()
