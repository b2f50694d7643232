"""Thresholds for block (precision) and review (recall), and the account roll-up."""

from __future__ import annotations

import numpy as np

from moneytrail.detect.metrics import per_account, per_receiver, scores_at
from moneytrail.detect.thresholds import best_f1, choose, for_precision, for_recall

Y = np.array([0, 0, 1, 0, 1, 1])
S = np.array([0.1, 0.2, 0.3, 0.4, 0.8, 0.9])


def test_precision_threshold_is_lowest_reaching_target() -> None:
    assert for_precision(Y, S, 0.97) == 0.8
    assert for_precision(Y, S, 0.7) == 0.3


def test_recall_threshold_is_highest_keeping_target() -> None:
    assert for_recall(Y, S, 1.0) == 0.3
    assert for_recall(Y, S, 0.6) == 0.8


def test_review_never_above_block() -> None:
    t = choose((Y, S), (Y, S), 0.97, 0.5)
    assert t.review <= t.block
    assert best_f1(Y, S) == 0.3  # P 3/4, R 1 beats P 1, R 2/3


def test_scores_at_threshold() -> None:
    m = scores_at(Y, S, 0.8)
    assert (m["precision"], m["recall"]) == (1.0, 2 / 3)


def test_account_takes_max_score_and_any_label() -> None:
    src = np.array(["a", "b", None], dtype=object)
    dst = np.array(["b", "c", "a"], dtype=object)
    y, s = per_account(src, dst, np.array([0, 1, 0]), np.array([0.2, 0.9, 0.4]))
    got = dict(zip(["a", "b", "c"], zip(y.tolist(), s.tolist(), strict=True), strict=True))
    assert got == {"a": (0, 0.4), "b": (1, 0.9), "c": (1, 0.9)}


def test_receiver_takes_only_money_received() -> None:
    dst = np.array(["drop", "drop", "shop"], dtype=object)
    y, s = per_receiver(dst, np.array([1, 0, 0]), np.array([0.9, 0.2, 0.4]))
    assert sorted(zip(y.tolist(), s.tolist(), strict=True)) == [(0, 0.4), (1, 0.9)]


def test_block_set_on_receivers_when_given() -> None:
    receivers = (np.array([0, 1]), np.array([0.5, 0.6]))
    t = choose((Y, S), (Y, S), 0.97, 0.5, receivers)
    assert t.block == 0.6
    assert t.account_best_f1 == best_f1(Y, S)


def test_receiver_kth_highest_needs_k_transfers() -> None:
    dst = np.array(["drop", "drop", "drop", "odd", "shop", "shop"], dtype=object)
    s = np.array([0.9, 0.95, 0.1, 0.99, 0.3, 0.2])
    y, kth = per_receiver(dst, np.array([1, 1, 0, 0, 0, 0]), s, 2)
    assert sorted(zip(y.tolist(), kth.tolist(), strict=True)) == [(0, 0.0), (0, 0.2), (1, 0.9)]


def test_block_hits_travel_with_thresholds() -> None:
    t = choose((Y, S), (Y, S), 0.97, 0.5, (np.array([0, 1]), np.array([0.5, 0.6])), 2)
    assert (t.block, t.block_hits) == (0.6, 2)
