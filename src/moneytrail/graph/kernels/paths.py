"""Fewest-hop time-respecting paths: earliest arrival per hop level, with predecessors."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit
from moneytrail.graph.kernels.reach import NEVER, first_at

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@jit
def levels(ptr: I64, nbr: I32, ts: I64, source: int, window: I64, depth: int) -> tuple[I64, I64]:
    """`arrival[k, v]`: earliest arrival at v in at most k hops; `pred[k, v]`: its CSR edge."""
    n = ptr.size - 1
    arrival = np.full((depth + 1, n), NEVER, np.int64)
    pred = np.full((depth + 1, n), -1, np.int64)
    arrival[0, source] = window[0]
    for k in range(1, depth + 1):
        arrival[k] = arrival[k - 1]
        pred[k] = pred[k - 1]
        for u in range(n):
            improved = u == source if k == 1 else arrival[k - 1, u] < arrival[k - 2, u]
            if not improved:
                continue
            lo = first_at(ts, ptr[u], ptr[u + 1], arrival[k - 1, u])
            hi = first_at(ts, lo, ptr[u + 1], window[1] + 1)
            for p in range(lo, hi):
                if ts[p] < arrival[k, nbr[p]]:
                    arrival[k, nbr[p]] = ts[p]
                    pred[k, nbr[p]] = p
    return arrival, pred
