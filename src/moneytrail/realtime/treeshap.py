"""Exact path-dependent TreeSHAP over the arrays of `realtime.trees`, in numba.

A leaf's game involves only the d distinct features on its path, and its share for feature
i is `v * (o_i - z_i) / z_i * G(Q \\ {i})`, where z are the cover fractions, o whether the
row follows the path, Q the features it follows and `G(R) = sum over S in R of
w(|S|, d) * prod_{j not in S} z_j`. For a leaf of at most `trees.TABLE_D` features G is
tabulated once for all 2^d patterns (a row then costs O(d) there instead of TreeSHAP's
O(d^2), as in Fast TreeSHAP v2); deeper leaves, whose tables would be too large, compute G
from the elementary symmetric polynomials of the followed fractions, dividing out one
factor per feature (O(d^2)). The kernels choose shares with selects instead of branches
and put a batch's rows through each tree together (`contrib`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from moneytrail.graph.kernels.jit import jit, trailing_zeros

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
    """LightGBM's numerical decision, as selects rather than branches (row values are
    unpredictable, and a mispredicted branch costs more than the few operations here)."""
    nan = v != v
    x = 0.0 if nan | (v >= -_ZERO) & (v <= _ZERO) else v
    default = nan & (miss == 2) | (miss == 1) & (x == 0.0)
    return dleft if default else x <= thr


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
    """Each tabled leaf's G for every pattern but the full one, patterns in order.

    Path positions are taken last to first, so consecutive patterns differ only in the
    positions taken last: `es[j]` (the polynomials after the first j positions taken) is
    kept from the previous pattern, and a pattern costs O(d) instead of O(d^2)."""
    width = zs.shape[1]
    es = np.zeros((width + 1, width + 1))
    outs = np.ones(width + 1)
    sizes = np.zeros(width + 1, dtype=np.int64)
    es[:, 0] = 1.0
    for leaf in range(len(leaf_d)):
        d = leaf_d[leaf]
        base = offset[leaf]
        if base < 0:
            continue
        for q in range((1 << d) - 1):  # the full pattern is never asked for
            changed = d if q == 0 else trailing_zeros(np.uint64(q)) + 1
            for j in range(d - changed, d):
                p = d - 1 - j
                size, z = sizes[j], zs[leaf, p]
                if (q >> p) & 1:
                    for k in range(1, size + 1):
                        es[j + 1, k] = es[j, k] + es[j, k - 1] * z
                    es[j + 1, size + 1] = es[j, size] * z
                    outs[j + 1] = outs[j]
                    sizes[j + 1] = size + 1
                else:
                    for k in range(1, size + 1):
                        es[j + 1, k] = es[j, k]
                    outs[j + 1] = outs[j] * z
                    sizes[j + 1] = size
            size = sizes[d]
            total = 0.0
            for k in range(size + 1):
                total += w[d, k] * es[d, size - k]
            g[base + q] = outs[d] * total


ROWS_TOGETHER = 6
"""From this many rows on, rows go through a tree together (fewer go one at a time: the
row loops' setup costs more than it saves; measured on the online model)."""


@jit
def contrib(
    x: F64, model: tuple[Any, ...], shap: tuple[Any, ...], out: F64
) -> None:  # pragma: no cover
    """Add the rows' SHAP values to `out` (a row's features, then the bias column).

    Tree by tree, so that its G tables stay in cache. A pass over the tree's internal nodes
    (parents first) gives each leaf slot the mask of path positions the row follows; each
    leaf then adds its shares, selected without branches (whether a row follows a position
    is a coin toss to the branch predictor). Several rows go through a tree together, rows
    innermost in feature-major arrays, so that consecutive additions are independent and
    vectorise; fewer than `ROWS_TOGETHER` rows go one at a time.
    """
    if x.shape[0] < ROWS_TOGETHER:
        for r in range(x.shape[0]):
            _row(x[r], model, shap, out[r])
    else:
        _rows(x, model, shap, out)


@jit
def _rows(
    x: F64, model: tuple[Any, ...], shap: tuple[Any, ...], out: F64
) -> None:  # pragma: no cover
    roots, feature, threshold, missing, dleft, _, _, value = model
    pos, expected, leaf_d, leaf_feats, leaf_coef, leaf_z, g_offset, g, w, layout = shap
    node_start, leaf_start, left_slot, right_slot = layout
    n, nf = x.shape
    xt = np.ascontiguousarray(x.T)
    phi = np.zeros((nf + 1, n))
    e = np.empty(leaf_z.shape[1] + 1)
    u = np.empty(leaf_z.shape[1] + 1)
    col = np.zeros(nf + 1)
    masks = np.empty((np.max(np.diff(node_start) + np.diff(leaf_start)), n), dtype=np.int64)
    q = np.empty(n, dtype=np.int64)
    minus = np.empty(n)
    for t in range(len(roots)):
        phi[nf] += expected[t]
        n0, n1 = node_start[t], node_start[t + 1]
        l0, l1 = leaf_start[t], leaf_start[t + 1]
        masks[0] = -1  # the root's slot (a one-leaf tree's leaf has no path features)
        for node in range(n0, n1):
            at, lo, ro = node - n0, left_slot[node], right_slot[node]
            bit = np.int64(1) << pos[node]
            f, thr, miss, dl = feature[node], threshold[node], missing[node], dleft[node]
            for r in range(n):
                m = masks[at, r]
                gl = goes_left(xt[f, r], thr, miss, dl)
                masks[lo, r] = m if gl else m & ~bit
                masks[ro, r] = m & ~bit if gl else m
        for leaf in range(l0, l1):
            d = leaf_d[leaf]
            slot = n1 - n0 + leaf - l0
            full = (np.int64(1) << d) - 1
            base = g_offset[leaf]
            if base < 0:  # no table: G on the fly, a row at a time
                for r in range(n):
                    _deep(
                        col,
                        leaf,
                        d,
                        masks[slot, r] & full,
                        value[leaf],
                        leaf_feats,
                        leaf_z,
                        w,
                        e,
                        u,
                    )
                    for p in range(d):
                        phi[leaf_feats[leaf, p], r] += col[leaf_feats[leaf, p]]
                        col[leaf_feats[leaf, p]] = 0.0
                continue
            v = -value[leaf]
            for r in range(n):
                q[r] = masks[slot, r] & full
                minus[r] = v * g[base + q[r]]
            for p in range(d):
                bit = np.int64(1) << p
                c = leaf_coef[leaf, p]
                dst = phi[leaf_feats[leaf, p]]
                for r in range(n):
                    share = c * g[base + (q[r] & ~bit)]
                    dst[r] += share if q[r] & bit else minus[r]
    out += phi.T


@jit
def _row(
    row: F64, model: tuple[Any, ...], shap: tuple[Any, ...], phi: F64
) -> None:  # pragma: no cover
    """`_rows` for one row, without the row loops."""
    roots, feature, threshold, missing, dleft, _, _, value = model
    pos, expected, leaf_d, leaf_feats, leaf_coef, leaf_z, g_offset, g, w, layout = shap
    node_start, leaf_start, left_slot, right_slot = layout
    e = np.empty(leaf_z.shape[1] + 1)
    u = np.empty(leaf_z.shape[1] + 1)
    masks = np.empty(np.max(np.diff(node_start) + np.diff(leaf_start)), dtype=np.int64)
    for t in range(len(roots)):
        phi[-1] += expected[t]
        n0, n1 = node_start[t], node_start[t + 1]
        masks[0] = -1
        for node in range(n0, n1):
            m = masks[node - n0]
            off = m & ~(np.int64(1) << pos[node])
            gl = goes_left(row[feature[node]], threshold[node], missing[node], dleft[node])
            masks[left_slot[node]] = m if gl else off
            masks[right_slot[node]] = off if gl else m
        for leaf in range(leaf_start[t], leaf_start[t + 1]):
            d = leaf_d[leaf]
            q = masks[n1 - n0 + leaf - leaf_start[t]] & ((np.int64(1) << d) - 1)
            base = g_offset[leaf]
            if base < 0:
                _deep(phi, leaf, d, q, value[leaf], leaf_feats, leaf_z, w, e, u)
                continue
            minus = -value[leaf] * g[base + q]
            for p in range(d):
                bit = np.int64(1) << p
                share = leaf_coef[leaf, p] * g[base + (q & ~bit)]
                phi[leaf_feats[leaf, p]] += share if q & bit else minus


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
