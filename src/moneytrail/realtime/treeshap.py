"""Exact path-dependent TreeSHAP over the arrays of `realtime.trees`, in numba.

A leaf's game involves only the d distinct features on its path, and its share for feature
i is `v * (o_i - z_i) / z_i * G(Q \\ {i})`, where z are the cover fractions, o whether the
row follows the path, Q the features it follows and `G(R) = sum over S in R of
w(|S|, d) * prod_{j not in S} z_j`. For a leaf of at most `trees.TABLE_D` features G is
tabulated once for all 2^d patterns (a row then costs O(d) there instead of TreeSHAP's
O(d^2)); deeper leaves, whose tables would be too large, compute G from the elementary
symmetric polynomials of the followed fractions, dividing out one factor per feature (O(d^2)).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from moneytrail.graph.kernels.jit import jit

_ZERO = float(np.float32(1e-35))  # LightGBM's kZeroThreshold (a float)

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def weights(depth: int) -> F64:
    """`w[d, k] = k! (d - k - 1)! / d!`, the Shapley weight of a coalition of k among d."""
    w = np.zeros((depth + 1, depth + 1))
    for d in range(1, depth + 1):
        for k in range(d):
            w[d, k] = math.factorial(k) * math.factorial(d - k - 1) / math.factorial(d)
    return w


@jit
def goes_left(v: float, thr: float, miss: int, dleft: bool) -> bool:  # pragma: no cover
    if v != v:
        if miss == 2:
            return dleft
        v = 0.0
    elif -_ZERO <= v <= _ZERO:
        v = 0.0
    if miss == 1 and v == 0.0:
        return dleft
    return v <= thr


@jit
def _followed(e: F64, zs: F64, leaf: int, d: int, q: int) -> tuple[int, float]:  # pragma: no cover
    """For path pattern `q` of a leaf: `e[:size + 1]` the elementary symmetric polynomials of
    the followed features' fractions; returns `size` and the product of the others."""
    e[0] = 1.0
    size = 0
    out = 1.0
    for j in range(d):
        z = zs[leaf, j]
        if (q >> j) & 1:
            size += 1
            e[size] = 0.0
            for k in range(size, 0, -1):
                e[k] += e[k - 1] * z
        else:
            out *= z
    return size, out


@jit
def tables(leaf_d: I64, zs: F64, offset: I64, w: F64, g: F64) -> None:  # pragma: no cover
    e = np.zeros(zs.shape[1] + 1)
    for leaf in range(len(leaf_d)):
        d = leaf_d[leaf]
        base = offset[leaf]
        if base < 0:
            continue
        full = (1 << d) - 1
        for q in range(full):  # the full pattern is never asked for
            size, out = _followed(e, zs, leaf, d, q)
            total = 0.0
            for k in range(size + 1):
                total += w[d, k] * e[size - k]
            g[base + q] = out * total


@jit
def contrib(
    x: F64, model: tuple[Any, ...], shap: tuple[Any, ...], out: F64
) -> None:  # pragma: no cover
    roots, feature, threshold, missing, dleft, left, right, value = model
    pos, expected, leaf_d, leaf_feats, leaf_coef, leaf_z, g_offset, g, w = shap
    nf = x.shape[1]
    e = np.empty(leaf_z.shape[1] + 1)
    u = np.empty(leaf_z.shape[1] + 1)
    stack_node = np.empty(256, dtype=np.int64)
    stack_mask = np.empty(256, dtype=np.int64)
    for t in range(len(roots)):  # tree by tree, so that its G tables stay in cache
        for r in range(x.shape[0]):
            row = x[r]
            phi = out[r]
            phi[nf] += expected[t]
            if roots[t] < 0:
                continue
            stack_node[0] = roots[t]
            stack_mask[0] = -1
            top = 1
            while top > 0:
                top -= 1
                node = stack_node[top]
                mask = stack_mask[top]
                if node >= 0:
                    off = ~(np.int64(1) << pos[node])
                    if goes_left(row[feature[node]], threshold[node], missing[node], dleft[node]):
                        lm, rm = mask, mask & off
                    else:
                        lm, rm = mask & off, mask
                    stack_node[top] = left[node]
                    stack_mask[top] = lm
                    stack_node[top + 1] = right[node]
                    stack_mask[top + 1] = rm
                    top += 2
                    continue
                leaf = ~node
                d = leaf_d[leaf]
                q = mask & ((np.int64(1) << d) - 1)
                base = g_offset[leaf]
                if base < 0:
                    _deep(phi, leaf, d, q, value[leaf], leaf_feats, leaf_z, w, e, u)
                    continue
                minus = -value[leaf] * g[base + q]
                for p in range(d):
                    bit = np.int64(1) << p
                    if q & bit:
                        phi[leaf_feats[leaf, p]] += leaf_coef[leaf, p] * g[base + (q ^ bit)]
                    else:
                        phi[leaf_feats[leaf, p]] += minus


@jit
def _deep(
    phi: F64, leaf: int, d: int, q: int, v: float, feats: I64, zs: F64, w: F64, e: F64, u: F64
) -> None:  # pragma: no cover
    """One leaf's shares without a table: `e` the elementary symmetric polynomials of the
    followed features' fractions, `u` the same with one factor (1 + z x) divided out."""
    size, out = _followed(e, zs, leaf, d, q)
    if size < d:
        total = 0.0
        for k in range(size + 1):
            total += w[d, k] * e[size - k]
        minus = -v * out * total
        for j in range(d):
            if not (q >> j) & 1:
                phi[feats[leaf, j]] += minus
    for j in range(d):
        if not (q >> j) & 1:
            continue
        z = zs[leaf, j]
        u[0] = 1.0
        for k in range(1, size):
            u[k] = e[k] - z * u[k - 1]
        total = 0.0
        for k in range(size):
            total += w[d, k] * u[size - 1 - k]
        phi[feats[leaf, j]] += v * (1.0 - z) * out * total
