"""Time-respecting reachability by hop levels over one CSR (forward, or reverse in negated time).

Level k relaxes, from every node whose earliest arrival improved at level k-1, the edges
that leave at or after that arrival and inside the window. `arrival[v]` ends as the earliest
time money from a seed can be at `v` in at most `depth` hops; every edge of some such path
of at most `depth` hops is marked (unless hub truncation or the node cap cut it).

Linked edges (a fiat payment to an exchanger and the USDT leg it bought): `then[p]` is the
CSR position followed right after position `p` (next level, from `p`'s end), and a `gated`
position is followed only that way, never by scanning its node's edges. Empty arrays mean
no links.

Each level first gathers the positions to follow, prefetching what relaxing them will read,
then relaxes them in that order: the walk is bound by memory latency, and this keeps many
loads in flight instead of one. `reach` allocates its O(nodes) arrays per call;
`reach_sparse` runs in a caller's workspace (arrays clean on entry and left clean on return)
and costs what it touches, plus a pass over a bit per node or edge (1/64 of a word each) when
it returns many of them, which is cheaper than sorting them.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit, prefetch, trailing_zeros

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U64 = npt.NDArray[np.uint64]
Ids = TypeVar("Ids", I32, I64)
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
def first_near(ts: I64, lo: int, hi: int, t: int) -> int:
    """`first_at` probing lo+1, lo+3, lo+7, ... before bisecting: a few cache lines near `lo`
    when the answer lies there (an early arrival in a long, time-sorted edge list)."""
    step = 1
    while lo + step <= hi and ts[lo + step - 1] < t:
        lo += step
        step *= 2
    return first_at(ts, lo, min(lo + step - 1, hi), t)


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
def _grown(buffer: I64) -> I64:
    """`buffer` twice as long, its contents kept."""
    return np.concatenate((buffer, np.empty(max(buffer.size, 16), np.int64)))


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


REACHED, MARKED, QUEUED, TRUNCATED = 0, 1, 2, 3
AHEAD = 16
"""How many frontier nodes ahead `_gather` prefetches a node's range (half that: its edges)."""


@jit
def _gather(
    ptr: I64,
    nbr: I32,
    ts: I64,
    amount: F64,
    then: I64,
    gated: U8,
    front: I32,
    front_at: I64,
    size: int,
    pending: I64,
    waiting: int,
    until: int,
    limit: int,
    order: int,
    arrival: I64,
    hop: I32,
    queued: U8,
    marked: I64,
    count: int,
    follow: I64,
) -> tuple[I64, int, I64, int]:
    """Append to `marked[:count]`, in the order they are to be relaxed, the positions one
    level follows: the links queued by the level before (`pending[:waiting]`), then the
    frontier's edges in the window (at most `limit` per node; gated ones only by a link).
    Links of these positions go to `follow`. The ends' entries are prefetched, so relaxing is
    a pass over loads already under way. Returns marked, its count, follow, its count."""
    linked, following = then.size > 0, 0
    for i in range(waiting + size):
        if i < waiting:
            lo, end, first = 0, 1, pending[i]
        else:
            if i - waiting + AHEAD < size:  # the node's range, then its first edges, early
                prefetch(ptr, front[i - waiting + AHEAD])
                ahead = ptr[front[i - waiting + AHEAD // 2]]
                prefetch(ts, ahead)
                prefetch(nbr, ahead)
            u = front[i - waiting]
            lo, end = first_near(ts, ptr[u], ptr[u + 1], front_at[i - waiting]), ptr[u + 1]
            if end - lo > limit:
                end = first_at(ts, lo, end, until + 1)
            first = lo
        picked = i >= waiting and end - lo > limit
        chosen = pick(lo, end, limit, order, amount) if picked else ptr[:0]
        for k in range(chosen.size if picked else end - lo):
            p = chosen[k] if picked else first + k
            if ts[p] > until:
                if i < waiting:
                    continue
                break
            if linked:
                if i >= waiting and gated[p]:
                    continue
                if then[p] >= 0:
                    if following == follow.size:
                        follow = _grown(follow)
                    follow[following] = then[p]
                    following += 1
            if count == marked.size:
                marked = _grown(marked)
            marked[count] = p
            count += 1
            prefetch(hop, nbr[p])
            prefetch(arrival, nbr[p])
            prefetch(queued, nbr[p])
    return marked, count, follow, following


@jit
def _settle(
    marked: I64,
    start: int,
    count: int,
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
) -> None:
    """Relax the gathered positions `marked[start:count]` in order: a first arrival gets the
    next hop (unless the node cap keeps it out: that position is dropped), an earlier one
    queues its node for the next level (in `nxt`)."""
    reached, waiting, kept = state[REACHED], 0, start
    for r in range(start, count):
        p = marked[r]
        v, t = nbr[p], ts[p]
        if hop[v] < 0:
            if reached >= max_nodes:
                state[TRUNCATED] = 1
                continue
            hop[v] = level + 1
            seen[reached] = v
            reached += 1
        marked[kept] = p
        kept += 1
        if t < arrival[v]:
            arrival[v] = t
            if queued[v] == 0:
                queued[v] = 1
                nxt[waiting] = v
                waiting += 1
    state[REACHED], state[QUEUED], state[MARKED] = reached, waiting, kept


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
    pending, follow, waiting = np.empty(16, np.int64), np.empty(16, np.int64), 0
    size = _start(seeds, window[0], arrival, hop, front, front_at, seen)
    state = np.array([size, 0, 0, 0], np.int64)
    for level in range(depth):
        start = state[MARKED]
        marked, count, follow, following = _gather(
            ptr, nbr, ts, amount, then, gated, front, front_at, size, pending, waiting,
            window[1], limit, order, arrival, hop, queued, marked, start, follow,
        )  # fmt: skip
        pending, follow, waiting = follow, pending, following
        _settle(
            marked, start, count, level, state, nbr, ts, max_nodes,
            arrival, hop, queued, nxt, seen,
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
def ascending(values: Ids, bits: U64) -> Ids:
    """The distinct `values` ascending. `bits` has a clear bit for every possible value and is
    left clear: when the values are many for its size they are set there and read back in
    order (linear in its words), else sorted."""
    if values.size * 16 < bits.size:
        ordered = np.sort(values)
        keep = np.ones(ordered.size, np.bool_)
        keep[1:] = ordered[1:] != ordered[:-1]
        return ordered[keep]
    one = np.uint64(1)
    for v in values:
        bits[v >> 6] |= one << np.uint64(v & 63)
    out, count = np.empty(values.size, values.dtype), 0
    for w in range(bits.size):
        word = bits[w]
        if word:
            bits[w] = 0
            while word:
                out[count] = (w << 6) + trailing_zeros(word)
                count += 1
                word &= word - one
    return out[:count]


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
    node_bits: U64,
    edge_bits: U64,
    edge: I64,
) -> tuple[I32, I32, I64, I64, I64, bool]:
    """`reach` in a workspace: `arrival` all NEVER, `hop` all -1, `queued` all 0 and the bit
    sets `node_bits` (a bit per node) and `edge_bits` (per edge) all clear on entry and again
    on return; `front`, `front_at`, `nxt`, `seen` (a slot per node) and `marked` are scratch.
    The reached nodes ascending, their first hop and earliest arrival, the ids (`edge` of the
    CSR positions) of the followed edges ascending, the (maybe grown) `marked` buffer to keep,
    truncated?"""
    count, marked, kept, truncated = _levels(
        ptr, nbr, ts, amount, seeds, window, depth, limit, order, max_nodes, then, gated,
        arrival, hop, queued, front, front_at, nxt, seen, marked,
    )  # fmt: skip
    nodes = ascending(seen[:count], node_bits)
    hops, times = hop[nodes], arrival[nodes]
    for v in nodes:
        arrival[v], hop[v] = NEVER, -1
    edges = ascending(edge[marked[:kept]], edge_bits)
    return nodes, hops, times, edges, marked, truncated
