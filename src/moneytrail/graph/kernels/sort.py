"""Stable counting sort: orders edges by node while keeping their time order.

When the table is already in time order (as the lake reads it), grouping the rows in table
order, or latest first, gives every node's edges in time order without sorting.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


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


@jit
def is_sorted(ts: I64) -> bool:
    """Whether the times never decrease (transfers as the lake reads them)."""
    for i in range(1, ts.size):  # noqa: SIM110 - numba compiles a loop, not `all(generator)`
        if ts[i] < ts[i - 1]:
            return False
    return True


@jit
def latest_first(ts: I64) -> I64:
    """Row ids of time-sorted `ts`, latest first, rows of one time in table order."""
    out = np.arange(ts.size - 1, -1, -1).astype(np.int64)
    start = 0
    for i in range(1, out.size + 1):
        if i == out.size or ts[out[i]] != ts[out[start]]:
            out[start:i] = out[start:i][::-1].copy()
            start = i
    return out


@jit
def gather(edge: I64, other: I32, ts: I64, amount: F64, sign: int) -> tuple[I32, I64, F64]:
    """The other end, the (signed) time and the amount of each edge, in one pass."""
    nbr = np.empty(edge.size, np.int32)
    when = np.empty(edge.size, np.int64)
    value = np.empty(edge.size, np.float64)
    for i in range(edge.size):
        e = edge[i]
        nbr[i], when[i], value[i] = other[e], sign * ts[e], amount[e]
    return nbr, when, value
