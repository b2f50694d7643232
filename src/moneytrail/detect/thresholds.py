"""Thresholds chosen on validation data: best F1, precision for block, recall for review."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import precision_recall_curve

Scores = NDArray[np.float64]
Labels = NDArray[np.int_]


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs: `block` ≥ `review`; best F1 per transaction and per account.

    An account is blocked when `block_hits` of the transfers it received score `block` or
    more (1: any one transfer)."""

    block: float
    review: float
    best_f1: float
    account_best_f1: float
    block_hits: int = 1


def _curve(y: Labels, s: Scores) -> tuple[Scores, Scores, Scores]:
    precision, recall, cuts = precision_recall_curve(y, s)
    return precision[:-1], recall[:-1], cuts


def best_f1(y: Labels, s: Scores) -> float:
    """The threshold with the highest F1."""
    p, r, cuts = _curve(y, s)
    f1 = 2 * p * r / np.maximum(p + r, 1e-12)
    return float(cuts[int(np.argmax(f1))])


def for_precision(y: Labels, s: Scores, target: float) -> float:
    """The lowest threshold whose precision reaches `target` (the highest score if none does)."""
    p, _, cuts = _curve(y, s)
    ok = np.flatnonzero(p >= target)
    return float(cuts[ok[0]]) if ok.size else float(np.max(s)) + 1e-9


def for_recall(y: Labels, s: Scores, target: float) -> float:
    """The highest threshold whose recall still reaches `target`."""
    _, r, cuts = _curve(y, s)
    ok = np.flatnonzero(r >= target)
    return float(cuts[ok[-1]]) if ok.size else float(np.min(s))


def choose(
    tx: tuple[Labels, Scores],
    accounts: tuple[Labels, Scores],
    block_precision: float,
    review_recall: float,
    receivers: tuple[Labels, Scores] | None = None,
    block_hits: int = 1,
) -> Thresholds:
    """All thresholds; block and review are set on the accounts a bank blocks: the
    receiving accounts when given (scored by their `block_hits`-th highest transfer), else
    all accounts."""
    blocked = receivers if receivers is not None else accounts
    block = for_precision(*blocked, block_precision)
    review = min(for_recall(*blocked, review_recall), block)
    return Thresholds(block, review, best_f1(*tx), best_f1(*accounts), block_hits)
