"""Precision, recall, F1 and PR-AUC at transaction and account level (the reference protocol).

An account is positive when it sends or receives any laundering transfer in the period; its
score is the maximum over the transfers it took part in. A block stops the instrument that
receives the money, so block thresholds and their precision are per receiving account: positive
when it received any laundering transfer, scored by the highest of the transfers it received
(a buyer who paid a dropper is not a dropper). With `kth` > 1 a receiving account is scored
by its k-th highest received transfer (0 when it received fewer): k transfers must reach a
threshold before it is blocked.
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


def per_receiver(
    dst: NDArray[np.object_], y: Labels, s: Scores, kth: int = 1
) -> tuple[Labels, Scores]:
    """Receiving accounts' labels (received laundering money) and scores (the `kth` highest
    received)."""
    _, labels, scores = roll_up(dst, y, s, kth)
    return labels, scores


def roll_up(
    accounts: NDArray[np.object_], y: Labels, s: Scores, kth: int = 1
) -> tuple[list[str], Labels, Scores]:
    """Per account (missing ones skipped): its name, any positive label, its highest score
    (with `kth` > 1: its k-th highest, 0 when it has fewer rows)."""
    table = pa.table({"account": accounts, "y": y, "s": s})
    table = table.filter(pc.is_valid(table["account"]))
    grouped = table.group_by("account").aggregate([("y", "max"), ("s", "max")])
    names = [str(a) for a in grouped["account"].to_pylist()]
    if kth == 1:
        return names, grouped["y_max"].to_numpy(), grouped["s_max"].to_numpy()
    return names, grouped["y_max"].to_numpy(), _kth_highest(table, grouped["account"], kth)


def _kth_highest(table: pa.Table, accounts: pa.ChunkedArray, kth: int) -> Scores:
    """Each account's k-th highest `s` (0 when it has fewer rows), in `accounts`' order."""
    ranked = table.sort_by([("account", "ascending"), ("s", "descending")])
    names = ranked["account"].to_numpy(zero_copy_only=False)
    scores = ranked["s"].to_numpy()
    starts = np.flatnonzero(np.r_[True, names[1:] != names[:-1]])
    sizes = np.diff(np.r_[starts, len(names)])
    kth_of = dict(
        zip(
            names[starts].tolist(),
            np.where(sizes >= kth, scores[starts + np.minimum(sizes, kth) - 1], 0.0).tolist(),
            strict=True,
        )
    )
    return np.array([kth_of[a] for a in accounts.to_pylist()], dtype=np.float64)
