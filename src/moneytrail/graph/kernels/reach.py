"""Time-respecting reachability by hop levels over one CSR (forward, or reverse in negated time).

Level k relaxes, from every node whose earliest arrival improved at level k-1, the edges
that leave at or after that arrival and inside the window. `arrival[v]` ends as the earliest
time money from a seed can be at `v` in at most `depth` hops; every edge of some such path
of at most `depth` hops is marked (unless hub truncation or the node cap cut it).

Linked edges (a fiat payment to an exchanger and the USDT leg it bought): `then[p]` is the
CSR position followed right after position `p` (next level, from `p`'s end), and a `gated`
position is followed only that way, never by scanning its node's edges. Empty arrays mean
no links.

`reach` allocates its O(nodes) arrays per call; `reach_sparse` runs in a caller's workspace
(arrays that are clean on entry and left clean on return) and costs only what it touches.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]
NEVER = np.iinfo(np.int64).max
EARLIEST, LATEST, LARGEST = 0, 1, 2


@jit
def first_at(ts: I64, lo: int, hi: int, t: int) -> int:
    """The first index in [lo, hi) whose time is at least `t` (times sorted ascending)."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if ts[mid] < t:
            lo = mid + 1
        else:
            hi = mid
    return lo


@jit
def pick(lo: int, hi: int, limit: int, order: int, amount: F64) -> I64:
    """Positions of at most `limit` edges of [lo, hi): earliest, latest or largest first."""
    count = min(hi - lo, limit)
    if order == EARLIEST:
        return np.arange(lo, lo + count)
    if order == LATEST:
        return np.arange(hi - count, hi)
    ranked = np.argsort(-amount[lo:hi], kind="mergesort")[:count]
    return np.sort(ranked) + lo


@jit
def _window_of(ptr: I64, ts: I64, u: int, at: int, until: int) -> tuple[int, int]:
    """The CSR range of u's edges from time `at` to `until` (inclusive)."""
    lo = first_at(ts, ptr[u], ptr[u + 1], at)
    return lo, first_at(ts, lo, ptr[u + 1], until + 1)


@jit
def _push(buffer: I64, count: int, value: int) -> I64:
    """`buffer` with `value` at `count`, doubled first when full."""
    if count == buffer.size:
        buffer = np.concatenate((buffer, np.empty(buffer.size, np.int64)))
    buffer[count] = value
    return buffer


@jit
def _start(
    seeds: I32, at: int, arrival: I64, hop: I32, front: I32, front_at: I64, seen: I32
) -> int:
    """Put the distinct seeds at hop 0, arrived at `at`, on the frontier (and in `seen`);
    how many."""
    size = 0
    for s in seeds:
        if hop[s] < 0:
            arrival[s], hop[s] = at, 0
            front[size], front_at[size], seen[size] = s, at, s
            size += 1
    return size


REACHED, MARKED, QUEUED, TRUNCATED, WAITING = 0, 1, 2, 3, 4


@jit
def _relax(
    p: int,
    v: int,
    t: int,
    level: int,
    state: I64,
    max_nodes: int,
    arrival: I64,
    hop: I32,
    queued: U8,
    nxt: I32,
    seen: I32,
    marked: I64,
) -> I64:
    """Follow CSR edge `p` to `v` at time `t`; the (maybe grown) buffer of followed edges."""
    if hop[v] < 0:
        if state[REACHED] >= max_nodes:
            state[TRUNCATED] = 1
            return marked
        hop[v] = level + 1
        seen[state[REACHED]] = v
        state[REACHED] += 1
    marked = _push(marked, state[MARKED], p)
    state[MARKED] += 1
    if t < arrival[v]:
        arrival[v] = t
        if queued[v] == 0:
            queued[v] = 1
            nxt[state[QUEUED]] = v
            state[QUEUED] += 1
    return marked


@jit
def _step(
    p: int,
    level: int,
    state: I64,
    nbr: I32,
    ts: I64,
    then: I64,
    gated: U8,
    follow: I64,
    scan: bool,
    arrival: I64,
    hop: I32,
    queued: U8,
    nxt: I32,
    seen: I32,
    marked: I64,
    max_nodes: int,
) -> tuple[I64, I64]:
    """Follow position `p` unless scanning meets a gated one; queue its link for next level."""
    if scan and gated[p]:
        return marked, follow
    if then[p] >= 0:
        follow = _push(follow, state[WAITING], then[p])
        state[WAITING] += 1
    marked = _relax(
        p, nbr[p], ts[p], level, state, max_nodes, arrival, hop, queued, nxt, seen, marked
    )
    return marked, follow


@jit
def _scan(
    positions: I64,
    level: int,
    state: I64,
    nbr: I32,
    ts: I64,
    max_nodes: int,
    arrival: I64,
    hop: I32,
    queued: U8,
    nxt: I32,
    seen: I32,
    marked: I64,
) -> I64:
    """Follow the given positions (a graph without links)."""
    for p in positions:
        marked = _relax(
            p, nbr[p], ts[p], level, state, max_nodes, arrival, hop, queued, nxt, seen, marked
        )
    return marked


@jit
def _levels(
    ptr: I64,
    nbr: I32,
    ts: I64,
    amount: F64,
    seeds: I32,
    window: I64,
    depth: int,
    limit: int,
    order: int,
    max_nodes: int,
    then: I64,
    gated: U8,
    arrival: I64,
    hop: I32,
    queued: U8,
    front: I32,
    front_at: I64,
    nxt: I32,
    seen: I32,
    marked: I64,
) -> tuple[int, I64, int, bool]:
    """Relax level by level in clean arrays: how many nodes reached (listed in `seen`), the
    (maybe grown) buffer of followed positions, how many it holds, truncated?"""
    pending, follow = np.empty(16, np.int64), np.empty(16, np.int64)
    size = _start(seeds, window[0], arrival, hop, front, front_at, seen)
    state = np.array([size, 0, 0, 0, 0], np.int64)
    linked = then.size > 0
    for level in range(depth):
        state[QUEUED] = 0
        pending, follow, count = follow, pending, state[WAITING]
        state[WAITING] = 0
        for i in range(count):
            p = pending[i]
            if ts[p] <= window[1]:
                marked, follow = _step(
                    p, level, state, nbr, ts, then, gated, follow, False,
                    arrival, hop, queued, nxt, seen, marked, max_nodes,
                )  # fmt: skip
        for i in range(size):
            lo, hi = _window_of(ptr, ts, front[i], front_at[i], window[1])
            if not linked and hi - lo <= limit:
                for p in range(lo, hi):
                    marked = _relax(
                        p, nbr[p], ts[p], level, state, max_nodes,
                        arrival, hop, queued, nxt, seen, marked,
                    )  # fmt: skip
                continue
            chosen = np.arange(lo, hi) if hi - lo <= limit else pick(lo, hi, limit, order, amount)
            if not linked:
                marked = _scan(
                    chosen, level, state, nbr, ts, max_nodes,
                    arrival, hop, queued, nxt, seen, marked,
                )  # fmt: skip
                continue
            for p in chosen:
                marked, follow = _step(
                    p, level, state, nbr, ts, then, gated, follow, True,
                    arrival, hop, queued, nxt, seen, marked, max_nodes,
                )  # fmt: skip
        size = state[QUEUED]
        for i in range(size):
            queued[nxt[i]] = 0
            front[i], front_at[i] = nxt[i], arrival[nxt[i]]
    return state[REACHED], marked, state[MARKED], bool(state[TRUNCATED])


@jit
def reach(
    ptr: I64,
    nbr: I32,
    ts: I64,
    amount: F64,
    seeds: I32,
    window: I64,
    depth: int,
    limit: int,
    order: int,
    max_nodes: int,
    then: I64,
    gated: U8,
) -> tuple[I64, I32, I64, bool]:
    """Earliest arrival and first hop of every node, the followed CSR positions, truncated?"""
    n = ptr.size - 1
    arrival, hop = np.full(n, NEVER, np.int64), np.full(n, -1, np.int32)
    front, front_at, nxt = np.empty(n, np.int32), np.empty(n, np.int64), np.empty(n, np.int32)
    queued, seen = np.zeros(n, np.uint8), np.empty(n, np.int32)
    _, marked, kept, truncated = _levels(
        ptr, nbr, ts, amount, seeds, window, depth, limit, order, max_nodes, then, gated,
        arrival, hop, queued, front, front_at, nxt, seen, np.empty(1024, np.int64),
    )  # fmt: skip
    return arrival, hop, np.unique(marked[:kept]), truncated


@jit
def reach_sparse(
    ptr: I64,
    nbr: I32,
    ts: I64,
    amount: F64,
    seeds: I32,
    window: I64,
    depth: int,
    limit: int,
    order: int,
    max_nodes: int,
    then: I64,
    gated: U8,
    arrival: I64,
    hop: I32,
    queued: U8,
    front: I32,
    front_at: I64,
    nxt: I32,
    seen: I32,
    marked: I64,
) -> tuple[I32, I32, I64, I64, I64, bool]:
    """`reach` in a workspace: `arrival` all NEVER, `hop` all -1, `queued` all 0 on entry and
    again on return; `front`, `front_at`, `nxt`, `seen` (one slot per node) and `marked` are
    scratch. The reached nodes ascending, their first hop and earliest arrival, the followed
    CSR positions, the (maybe grown) `marked` buffer to keep, truncated?"""
    count, marked, kept, truncated = _levels(
        ptr, nbr, ts, amount, seeds, window, depth, limit, order, max_nodes, then, gated,
        arrival, hop, queued, front, front_at, nxt, seen, marked,
    )  # fmt: skip
    nodes = np.sort(seen[:count])
    hops, times = hop[nodes], arrival[nodes]
    for v in nodes:
        arrival[v], hop[v] = NEVER, -1
    return nodes, hops, times, np.unique(marked[:kept]), marked, truncated
