"""Stable counting sort: orders edges by node while keeping their time order."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@jit
def group_by_node(keys: I32, order: I64, n: int) -> tuple[I64, I64]:
    """CSR offsets and `order` stably regrouped by `keys[order]` (node ids below `n`)."""
    ptr = np.zeros(n + 1, np.int64)
    for i in range(order.size):
        ptr[keys[order[i]] + 1] += 1
    for v in range(n):
        ptr[v + 1] += ptr[v]
    pos = ptr[:-1].copy()
    out = np.empty(order.size, np.int64)
    for i in range(order.size):
        k = keys[order[i]]
        out[pos[k]] = order[i]
        pos[k] += 1
    return ptr, out


SMALL = 32


@jit
def _insertion_sort(edge: I64, lo: int, hi: int, ts: I64, sign: int) -> None:
    """Stable in-place sort of `edge[lo:hi]` by `sign * ts[edge]` (for short segments)."""
    for i in range(lo + 1, hi):
        e = edge[i]
        key = sign * ts[e]
        j = i - 1
        while j >= lo and sign * ts[edge[j]] > key:
            edge[j + 1] = edge[j]
            j -= 1
        edge[j + 1] = e


@jit
def sort_segments(ptr: I64, edge: I64, ts: I64, sign: int) -> None:
    """Sort each segment of `edge` stably by `sign * ts[edge]`, in place."""
    for v in range(ptr.size - 1):
        lo, hi = ptr[v], ptr[v + 1]
        if hi - lo <= SMALL:
            _insertion_sort(edge, lo, hi, ts, sign)
        else:
            seg = edge[lo:hi].copy()
            edge[lo:hi] = seg[np.argsort(sign * ts[seg], kind="mergesort")]
