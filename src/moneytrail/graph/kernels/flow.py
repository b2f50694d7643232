"""Amount attribution along time-ordered edges: how much of the seeds' money each edge carried.

Edges come in processing order (time, then table row). A seed's outflows are wholly
attributed; another node passes on attributed money by policy: POISON (all of an outflow
once anything attributed arrived), HAIRCUT (the attributed share of its balance), FIFO and
LIFO (lots of inflow consumed oldest-first or newest-first). Money a node sends beyond what
it is seen to receive is unknown and counted clean. Only `traced` edges deliver attribution.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]
POISON, HAIRCUT, FIFO, LIFO = 0, 1, 2, 3


@jit
def _take_lots(
    u: int, amount: float, lifo: bool, head: I64, tail: I64, left: F64, share: F64
) -> float:
    """Consume `amount` from u's lots; the attributed part of what was consumed."""
    got = 0.0
    while amount > 0.0 and head[u] < tail[u]:
        i = tail[u] - 1 if lifo else head[u]
        take = min(amount, left[i])
        got += take * share[i]
        left[i] -= take
        amount -= take
        if left[i] <= 0.0:
            if lifo:
                tail[u] -= 1
            else:
                head[u] += 1
    return got


@jit
def attribute(
    src: I32, dst: I32, amount: F64, traced: U8, seed: U8, policy: int, n: int
) -> tuple[F64, F64, F64]:
    """Attributed amount per edge, attributed inflow per node, attributed outflow per node.

    An untraced edge still carries attribution out of its source (it leaves the trace) but
    delivers none: its destination receives clean money.
    """
    m = src.size
    carried = np.zeros(m, np.float64)
    got, sent = np.zeros(n, np.float64), np.zeros(n, np.float64)
    balance, dirty = np.zeros(n, np.float64), np.zeros(n, np.float64)
    lot_ptr = np.zeros(n + 1, np.int64)
    for e in range(m):
        lot_ptr[dst[e] + 1] += 1
    for v in range(n):
        lot_ptr[v + 1] += lot_ptr[v]
    head, tail = lot_ptr[:-1].copy(), lot_ptr[:-1].copy()
    left, share = np.zeros(m, np.float64), np.zeros(m, np.float64)
    for e in range(m):
        u, v, a = src[e], dst[e], amount[e]
        if seed[u]:
            t = a
        elif policy == POISON:
            t = a if got[u] > 0.0 else 0.0
        elif policy == HAIRCUT:
            t = dirty[u] * min(1.0, a / balance[u]) if balance[u] > 0.0 else 0.0
            dirty[u] = max(0.0, dirty[u] - t)
            balance[u] = max(0.0, balance[u] - a)
        else:
            t = _take_lots(u, a, policy == LIFO, head, tail, left, share)
        carried[e] = t
        sent[u] += t
        t = t if traced[e] else 0.0
        got[v] += t
        balance[v] += a
        dirty[v] += t
        left[tail[v]], share[tail[v]] = a, (t / a if a > 0.0 else 0.0)
        tail[v] += 1
    return carried, got, sent
