"""The compiled booster scores as LightGBM `predict` and explains as `pred_contrib`."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pytest

from moneytrail.detect import model as gbm
from moneytrail.realtime.trees import compile_booster
from moneytrail.realtime.treeshap import ROWS_TOGETHER, tables, weights


def _rows(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    x = rng.normal(size=(n, width))
    x[rng.uniform(size=x.shape) < 0.15] = np.nan
    x[rng.uniform(size=x.shape) < 0.15] = 0.0
    return x


@pytest.mark.parametrize("zero_as_missing", [False, True])
@pytest.mark.parametrize("table_d", [20, 2])
def test_scores_and_contributions_equal_lightgbm(zero_as_missing: bool, table_d: int) -> None:
    rng = np.random.default_rng(3)
    x = _rows(rng, 3000, 12)
    y = (np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) * np.isnan(x[:, 2]) > 0.3).astype(int)
    params = {"objective": "binary", "num_leaves": 31, "min_data_in_leaf": 5, "verbose": -1}
    params["zero_as_missing"] = zero_as_missing
    booster = lgb.train(params, lgb.Dataset(x, label=y), 40)
    kinds = {n["missing_type"] for n in _splits(booster.dump_model())}
    assert kinds >= ({"Zero"} if zero_as_missing else {"NaN"})
    trees = compile_booster(booster, table_d=table_d)
    assert trees is not None
    assert int(trees.leaf_d.max()) > table_d or table_d == 20  # both ways of G are used
    test = _rows(rng, 400, 12)
    assert np.array_equal(trees.predict(test), booster.predict(test))
    want = booster.predict(test, pred_contrib=True)
    assert np.abs(trees.contributions(test) - want).max() < 1e-9
    for n in range(1, ROWS_TOGETHER + 2):  # a row at a time, then rows together
        assert np.array_equal(trees.predict(test[:n]), booster.predict(test[:n]))
        assert np.abs(trees.contributions(test[:n]) - want[:n]).max() < 1e-9


def test_tables_hold_g_for_every_pattern() -> None:
    """Each tabled entry is G of its pattern, computed from its definition (a sum over the
    subsets of the followed features)."""
    rng = np.random.default_rng(9)
    d = 5
    zs = rng.uniform(0.05, 0.95, size=(1, d))
    w = weights(d)
    g = np.zeros(1 << d)
    tables(np.array([d]), zs, np.array([0]), w, g)
    for q in range((1 << d) - 1):
        followed = [j for j in range(d) if q >> j & 1]
        want = 0.0
        for size in range(len(followed) + 1):
            for s in itertools.combinations(followed, size):
                want += w[d, size] * math.prod(zs[0, j] for j in range(d) if j not in s)
        assert g[q] == pytest.approx(want, rel=1e-13)


def test_the_online_model_compiles_exactly(online_model: Path) -> None:
    model = gbm.load(online_model)
    trees = compile_booster(model.booster)
    assert trees is not None
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 3, size=(300, len(model.features)))
    x[rng.uniform(size=x.shape) < 0.2] = np.nan
    assert np.array_equal(trees.predict(x), model.booster.predict(x))
    got, want = trees.contributions(x), model.contributions(x)
    assert np.abs(got - want).max() < 1e-9


def _splits(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    stack = [t["tree_structure"] for t in node["tree_info"]]
    while stack:
        n = stack.pop()
        if "split_feature" in n:
            out.append(n)
            stack += [n["left_child"], n["right_child"]]
    return out
