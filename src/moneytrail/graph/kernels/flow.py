"""Amount attribution along time-ordered edges: how much of the seeds' money each edge carried.

Edges come in processing order (time, then table row). A seed's outflows are wholly
attributed; another node passes on attributed money by policy: POISON (all of an outflow
once anything attributed arrived), HAIRCUT (the attributed share of its balance), FIFO and
LIFO (lots of inflow consumed oldest-first or newest-first). Money a node sends beyond what
it is seen to receive is unknown and counted clean. Only `traced` edges deliver attribution.

With `received`, the seeds' inflows are the traced money instead: every transfer into a seed
is wholly attributed on arrival, and seeds pass it on by policy like any other node.

`opening` (empty, or per node) is each node's balance before the first edge, clean: it
dilutes under haircut and is the oldest lot under FIFO and LIFO.

Paired edges (`partner`, in processing positions) bypass the node between them: what the first
delivers is held for the second and never enters the node's balance or lots; the second
carries the held attribution, scaled by its amount over the first's (at most all of it), and
counts as sent by the first's destination, which received it: the intermediary keeps only what
the second does not carry on (its margin).
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
def _carried_on(e: int, q: int, amount: F64, held: F64, policy: int) -> float:
    """What the second edge `e` of a pair carries of what its first edge `q` delivered."""
    if policy == POISON:
        return amount[e] if held[q] > 0.0 else 0.0
    return held[q] * min(1.0, amount[e] / amount[q]) if amount[q] > 0.0 else 0.0


@jit
def attribute(
    src: I32,
    dst: I32,
    amount: F64,
    traced: U8,
    seed: U8,
    policy: int,
    n: int,
    partner: I64,
    opening: F64,
    received: bool,
) -> tuple[F64, F64, F64]:
    """Attributed amount per edge, attributed inflow per node, attributed outflow per node.

    An untraced edge still carries attribution out of its source (it leaves the trace) but
    delivers none: its destination receives clean money. `partner` is empty or, per edge,
    the position of its pair's other edge (-1 for none).
    """
    m = src.size
    paired = partner.size > 0
    held = np.zeros(m if paired else 0, np.float64)
    carried = np.zeros(m, np.float64)
    got, sent = np.zeros(n, np.float64), np.zeros(n, np.float64)
    balance, dirty = np.zeros(n, np.float64), np.zeros(n, np.float64)
    lot_ptr = np.zeros(n + 1, np.int64)
    for e in range(m):
        lot_ptr[dst[e] + 1] += 1
    for v in range(n):
        lot_ptr[v + 1] += lot_ptr[v] + (1 if opening.size else 0)
    head, tail = lot_ptr[:-1].copy(), lot_ptr[:-1].copy()
    left, share = np.zeros(lot_ptr[n], np.float64), np.zeros(lot_ptr[n], np.float64)
    if opening.size:
        balance[:] = opening
        for v in range(n):
            left[tail[v]] = opening[v]
            tail[v] += 1
    for e in range(m):
        u, v, a = src[e], dst[e], amount[e]
        q = partner[e] if paired else -1
        if seed[u] and not received:
            t = a
        elif 0 <= q < e:
            t = _carried_on(e, q, amount, held, policy)
            u = dst[q]
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
        t = a if received and seed[v] else (t if traced[e] else 0.0)
        got[v] += t
        if q > e:
            held[e] = t
            continue
        balance[v] += a
        dirty[v] += t
        left[tail[v]], share[tail[v]] = a, (t / a if a > 0.0 else 0.0)
        tail[v] += 1
    return carried, got, sent
