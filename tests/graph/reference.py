"""Slow, obvious references for the kernels: path enumeration and per-node replays in Python."""

from __future__ import annotations

from collections import deque

Edge = tuple[int, int, int, float]  # src, dst, time, amount


def reach_by_paths(
    edges: list[Edge], seeds: set[int], window: tuple[int, int], depth: int
) -> tuple[dict[int, int], set[int]]:
    """Earliest arrival per node over every time-respecting path of at most `depth` edges,
    and the ids of the edges that end such a path."""
    arrival = dict.fromkeys(seeds, window[0])
    used: set[int] = set()

    def walk(u: int, after: int, hops: int) -> None:
        for i, (a, b, t, _) in enumerate(edges):
            if a == u and after <= t <= window[1]:
                used.add(i)
                arrival[b] = min(arrival.get(b, t), t)
                if hops + 1 < depth:
                    walk(b, t, hops + 1)

    for s in seeds:
        walk(s, window[0], 0)
    return arrival, used


def fewest_hops(
    edges: list[Edge], source: int, target: int, window: tuple[int, int], depth: int
) -> int | None:
    """The fewest edges on a time-respecting path, by breadth-first search over (node, time)."""
    frontier = {(source, window[0])}
    for hops in range(1, depth + 1):
        frontier = {
            (b, t)
            for u, after in frontier
            for a, b, t, _ in edges
            if a == u and after <= t <= window[1]
        }
        if any(node == target for node, _ in frontier):
            return hops
    return None


def replay(edges: list[Edge], traced: set[int], seeds: set[int], policy: str) -> list[float]:
    """Attributed amount per edge, replaying edges in (time, index) order, one node at a time."""
    order = sorted(range(len(edges)), key=lambda i: (edges[i][2], i))
    lots: dict[int, deque[list[float]]] = {}
    balance: dict[int, float] = {}
    dirty: dict[int, float] = {}
    carried = [0.0] * len(edges)
    for i in order:
        u, v, _, a = edges[i]
        if u in seeds:
            t = a
        elif policy == "poison":
            t = a if dirty.get(u, 0.0) > 0 else 0.0
        elif policy == "haircut":
            bal = balance.get(u, 0.0)
            t = dirty.get(u, 0.0) * min(1.0, a / bal) if bal > 0 else 0.0
            balance[u], dirty[u] = max(0.0, bal - a), max(0.0, dirty.get(u, 0.0) - t)
        else:
            t, need, queue = 0.0, a, lots.setdefault(u, deque())
            while need > 0 and queue:
                lot = queue[0] if policy == "fifo" else queue[-1]
                take = min(need, lot[0])
                t, need, lot[0] = t + take * lot[1], need - take, lot[0] - take
                if lot[0] <= 0:
                    queue.popleft() if policy == "fifo" else queue.pop()
        carried[i] = t
        got = t if i in traced else 0.0
        balance[v] = balance.get(v, 0.0) + a
        dirty[v] = dirty.get(v, 0.0) + got
        lots.setdefault(v, deque()).append([a, got / a if a > 0 else 0.0])
    return carried
