"""Per-node flow motifs: fast-in fast-out share, and many-to-one followed by cash-out."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I16 = npt.NDArray[np.int16]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@jit
def _fast_share(ins_t: I64, ins_a: F64, outs_t: I64, outs_a: F64, within: int) -> float:
    """Of the money in, the share sent on within `within` µs (FIFO; inflows first on ties)."""
    left = ins_a.copy()
    head, i, fast = 0, 0, 0.0
    for j in range(outs_t.size):
        while i < ins_t.size and ins_t[i] <= outs_t[j]:
            i += 1
        need = outs_a[j]
        while need > 0.0 and head < i:
            take = min(need, left[head])
            if outs_t[j] - ins_t[head] <= within:
                fast += take
            left[head] -= take
            need -= take
            if left[head] <= 0.0:
                head += 1
    total = ins_a.sum()
    return fast / total if total > 0.0 else 0.0


@jit
def fast_in_fast_out(
    out_ptr: I64, out_ts: I64, out_amount: F64, in_ptr: I64, in_ts: I64, in_amount: F64, within: int
) -> F64:
    """For every node, the FIFO share of its inflow that left again within `within` µs."""
    n = out_ptr.size - 1
    share = np.zeros(n, np.float64)
    for v in range(n):
        lo, hi = in_ptr[v], in_ptr[v + 1]
        if hi > lo and out_ptr[v + 1] > out_ptr[v]:
            ins_t = -in_ts[lo:hi][::-1]
            ins_a = in_amount[lo:hi][::-1].copy()
            a, b = out_ptr[v], out_ptr[v + 1]
            share[v] = _fast_share(ins_t, ins_a, out_ts[a:b], out_amount[a:b], within)
    return share


@jit
def fan_in_before(
    in_ptr: I64, in_nbr: I32, in_ts: I64, src: I32, ts: I64, edges: I64, within: int
) -> I64:
    """For each given edge, distinct senders into its source within `within` µs before it."""
    stamp = np.full(in_ptr.size - 1, -1, np.int64)
    counts = np.zeros(edges.size, np.int64)
    for k in range(edges.size):
        u, t = src[edges[k]], ts[edges[k]]
        for p in range(in_ptr[u], in_ptr[u + 1]):
            when = -in_ts[p]
            if when <= t and t - when <= within and stamp[in_nbr[p]] != k:
                stamp[in_nbr[p]] = k
                counts[k] += 1
    return counts
