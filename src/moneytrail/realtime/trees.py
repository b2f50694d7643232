"""A LightGBM booster compiled into flat arrays: raw scores and exact SHAP values in numba.

`compile_booster` reads `booster.dump_model()` once. Scores follow LightGBM's numerical
decisions (missing types None / Zero / NaN, default directions) and sum the trees in the
same order, so they equal `booster.predict`. Contributions are the path-dependent TreeSHAP
values of `predict(pred_contrib=True)`, computed leaf by leaf (`realtime.treeshap`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
from numpy.typing import NDArray

from moneytrail.graph.kernels.jit import jit
from moneytrail.realtime.treeshap import contrib, goes_left, tables, weights

_MISSING = {"None": 0, "Zero": 1, "NaN": 2}
TABLE_D = 20
"""Leaves with at most this many distinct path features get a G table (8 MiB at most each);
even with the table out of cache this is faster than computing G on the fly."""
MAX_TABLE = 1 << 25
"""Most G entries in all (256 MiB); past it, the deepest leaves are computed on the fly."""
MAX_DEPTH = 60
"""Deeper distinct-feature paths are left to LightGBM (masks are 64-bit)."""

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@dataclass(frozen=True)
class CompiledTrees:
    """The trees as arrays; internal nodes and leaves numbered across all trees."""

    n_features: int
    roots: I64
    """Each tree's root: an internal node, or `~leaf` for a tree of one leaf."""
    feature: I64
    threshold: F64
    missing: I64
    default_left: NDArray[np.bool_]
    left: I64
    right: I64
    """Children: an internal node (>= 0) or `~leaf` (< 0)."""
    pos: I64
    """Position of the node's feature among the distinct features on its root path."""
    leaf_value: F64
    expected: F64
    """Each tree's expected value (the bias column's share)."""
    leaf_d: I64
    leaf_feats: I64
    leaf_coef: F64
    """Per leaf and position: `v * (1 - z) / z` for a followed feature."""
    leaf_z: F64
    g_offset: I64
    """Where a leaf's G table starts in `g`; -1 for a leaf computed on the fly."""
    g: F64
    weights: F64
    node_start: I64
    """Tree t's internal nodes are `node_start[t]:node_start[t + 1]`, parents first."""
    leaf_start: I64
    """Tree t's leaves are `leaf_start[t]:leaf_start[t + 1]`."""
    left_slot: I64
    right_slot: I64
    """Children as slots within their tree: internal nodes first, then its leaves."""

    def raw(self, x: F64) -> F64:
        """Raw scores (log-odds) of the rows of `x`."""
        out = np.empty(len(x))
        _raw(self._x(x), self._model(), self.node_start, out)
        return out

    def predict(self, x: F64) -> F64:
        """Probabilities, as `booster.predict` gives for a binary objective."""
        out = np.empty(len(x))
        _predict(self._x(x), self._model(), self.node_start, out)
        return out

    def contributions(self, x: F64) -> F64:
        """SHAP values per feature (log-odds), last column the bias, as `pred_contrib`."""
        out = np.zeros((len(x), self.n_features + 1))
        contrib(self._x(x), self._model(), self._shap(), out)
        return out

    def _x(self, x: F64) -> F64:
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got {x.shape}")
        return np.ascontiguousarray(x, dtype=np.float64)

    def _model(self) -> tuple[Any, ...]:
        return (
            self.roots,
            self.feature,
            self.threshold,
            self.missing,
            self.default_left,
            self.left,
            self.right,
            self.leaf_value,
        )

    def _shap(self) -> tuple[Any, ...]:
        return (
            self.pos,
            self.expected,
            self.leaf_d,
            self.leaf_feats,
            self.leaf_coef,
            self.leaf_z,
            self.g_offset,
            self.g,
            self.weights,
            (self.node_start, self.leaf_start, self.left_slot, self.right_slot),
        )


def compile_booster(booster: lgb.Booster, table_d: int = TABLE_D) -> CompiledTrees | None:
    """The booster's trees as arrays; None for what this does not cover (categorical splits,
    several trees per iteration, paths of over `MAX_DEPTH` features): LightGBM is used there."""
    dump = booster.dump_model()
    if dump.get("num_tree_per_iteration", 1) != 1:
        return None
    b = _Builder()
    for info in dump["tree_info"]:
        if not b.tree(info["tree_structure"]):
            return None
    if b.depth > MAX_DEPTH:
        return None
    return b.finish(int(dump["max_feature_idx"]) + 1, table_d)


class _Builder:
    """Walks the dumped trees once, numbering nodes and leaves across trees."""

    def __init__(self) -> None:
        self.roots: list[int] = []
        self.nodes: list[tuple[int, float, int, bool, int]] = []  # feature, thr, miss, left, pos
        self.children: list[list[int]] = []
        self.leaf_value: list[float] = []
        self.expected: list[float] = []
        self.leaves: list[tuple[list[int], list[float], float]] = []  # feats, z, value
        self.depth = 0
        self.node_start = [0]
        self.leaf_start = [0]
        self._counts: dict[int, tuple[float, float]] = {}

    def tree(self, root: dict[str, Any]) -> bool:
        """Add one tree; False when it has a split this does not cover."""
        if "split_feature" not in root:
            self.roots.append(~self._leaf(float(root["leaf_value"]), [], []))
            self.expected.append(float(root["leaf_value"]))
            self._close()
            return True
        self._counts = {}
        ok, ref = self._node(root, [], [])
        if not ok:
            return False
        self._close()
        self.roots.append(ref)
        total = float(root["internal_count"])
        exp = 0.0
        for i in sorted(self._counts):  # LightGBM sums by leaf index
            count, value = self._counts[i]
            exp += (count / total) * value
        self.expected.append(exp)
        return True

    def _close(self) -> None:
        self.node_start.append(len(self.nodes))
        self.leaf_start.append(len(self.leaf_value))

    def _node(self, n: dict[str, Any], feats: list[int], z: list[float]) -> tuple[bool, int]:
        if "leaf_index" in n:
            self._counts[int(n["leaf_index"])] = (float(n["leaf_count"]), float(n["leaf_value"]))
            return True, ~self._leaf(float(n["leaf_value"]), feats, z)
        if n.get("decision_type") != "<=":
            return False, 0
        f = int(n["split_feature"])
        pos = feats.index(f) if f in feats else len(feats)
        me = len(self.nodes)
        self.nodes.append(
            (f, float(n["threshold"]), _MISSING[n["missing_type"]], bool(n["default_left"]), pos)
        )
        self.children.append([0, 0])
        count = float(n["internal_count"])
        for side, key in enumerate(("left_child", "right_child")):
            child = n[key]
            share = float(child["leaf_count" if "leaf_index" in child else "internal_count"])
            cf, cz = list(feats), list(z)
            if pos == len(cf):
                cf.append(f)
                cz.append(1.0)
            cz[pos] *= share / count
            ok, ref = self._node(child, cf, cz)
            if not ok:
                return False, 0
            self.children[me][side] = ref
        return True, me

    def _leaf(self, value: float, feats: list[int], z: list[float]) -> int:
        self.leaf_value.append(value)
        self.leaves.append((feats, z, value))
        self.depth = max(self.depth, len(feats))
        return len(self.leaf_value) - 1

    def finish(self, n_features: int, table_d: int) -> CompiledTrees:
        depth = max((len(f) for f, _, _ in self.leaves), default=0)
        n = len(self.leaves)
        leaf_d = np.array([len(f) for f, _, _ in self.leaves], dtype=np.int64)
        feats = np.zeros((n, max(depth, 1)), dtype=np.int64)
        coef = np.zeros((n, max(depth, 1)))
        zs = np.ones((n, max(depth, 1)))
        offset = np.zeros(n, dtype=np.int64)
        sizes = sorted(len(f) for f, _, _ in self.leaves if f)
        while table_d > 0 and sum(1 << d for d in sizes if d <= table_d) > MAX_TABLE:
            table_d -= 1
        at = 0
        for i, (f, z, v) in enumerate(self.leaves):
            feats[i, : len(f)] = f
            zs[i, : len(z)] = z
            coef[i, : len(z)] = [v * (1.0 - zj) / zj for zj in z]
            tabled = 0 < len(f) <= table_d
            offset[i] = at if tabled else -1
            at += (1 << len(f)) if tabled else 0
        g = np.zeros(at)
        w = weights(depth)
        tables(leaf_d, zs, offset, w, g)
        nodes = self.nodes
        left, right = (np.array([c[s] for c in self.children], dtype=np.int64) for s in (0, 1))
        node_start = np.array(self.node_start, dtype=np.int64)
        leaf_start = np.array(self.leaf_start, dtype=np.int64)
        tree = np.repeat(np.arange(len(self.roots)), np.diff(node_start))
        n0, width = node_start[tree], np.diff(node_start)[tree]
        l0 = leaf_start[tree]
        left_slot, right_slot = (np.where(c >= 0, c - n0, width + ~c - l0) for c in (left, right))
        return CompiledTrees(
            n_features,
            np.array(self.roots, dtype=np.int64),
            np.array([x[0] for x in nodes], dtype=np.int64),
            np.array([x[1] for x in nodes], dtype=np.float64),
            np.array([x[2] for x in nodes], dtype=np.int64),
            np.array([x[3] for x in nodes], dtype=np.bool_),
            left,
            right,
            np.array([x[4] for x in nodes], dtype=np.int64),
            np.array(self.leaf_value, dtype=np.float64),
            np.array(self.expected, dtype=np.float64),
            leaf_d,
            feats,
            coef,
            zs,
            offset,
            g,
            w,
            node_start,
            leaf_start,
            left_slot,
            right_slot,
        )


@jit
def _raw(x: F64, model: tuple[Any, ...], node_start: I64, out: F64) -> None:  # pragma: no cover
    """Tree by tree, the rows down it a level at a time: rows innermost, so that where a row
    goes is not a branch the predictor keeps missing. Each row's sum is in tree order."""
    roots, feature, threshold, missing, dleft, left, right, value = model
    n = x.shape[0]
    xt = np.ascontiguousarray(x.T)
    node = np.empty(n, dtype=np.int64)
    out[:] = 0.0
    for t in range(len(roots)):
        node[:] = roots[t]
        for _ in range(node_start[t + 1] - node_start[t]):  # at most one level per node
            moved = False
            for r in range(n):
                k = node[r]
                if k >= 0:
                    gl = goes_left(xt[feature[k], r], threshold[k], missing[k], dleft[k])
                    node[r] = left[k] if gl else right[k]
                    moved = True
            if not moved:
                break
        for r in range(n):
            out[r] += value[~node[r]]


@jit
def _predict(x: F64, model: tuple[Any, ...], node_start: I64, out: F64) -> None:  # pragma: no cover
    _raw(x, model, node_start, out)
    for r in range(len(out)):
        out[r] = 1.0 / (1.0 + math.exp(-out[r]))
