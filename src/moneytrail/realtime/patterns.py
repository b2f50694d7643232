"""Temporal cycles found as each edge arrives, as `moneytrail.features.paths` defines them.

A 2-cycle is a→m→a with the return within `HORIZON_S` of the first edge; its event, at the
return's time, counts for a and m. A 3-cycle is a path a→m→b (second edge within the horizon
of the first) closed by b→a no later than the horizon after the first edge; its event, at the
closing time, counts for a, m and b. Each combination of transfers is one event, as in batch.
Edges arrive in time order, so a new edge can only complete a pattern, never start one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict, deque

from moneytrail.features.paths import HORIZON_S

Times = deque[int]


class CycleIndex:
    """Instrument-to-instrument edges of the last `HORIZON_S` seconds, by both ends."""

    def __init__(self) -> None:
        self.out: defaultdict[str, dict[str, Times]] = defaultdict(dict)
        self.inc: defaultdict[str, dict[str, Times]] = defaultdict(dict)

    def add(self, src: str | None, dst: str | None, t: int) -> dict[str, int]:
        """Take in an edge; the cycle events it completes, as account → count (at `t`)."""
        if src is None or dst is None or src == dst:
            return {}
        start = t - HORIZON_S
        events: dict[str, int] = {}
        back = _recent(self.out.get(dst, _NONE).get(src), start)
        if back:
            events[dst] = back
            events[src] = back
        self._closing(src, dst, start, events)
        _append(self.out[src], dst, t)
        _append(self.inc[dst], src, t)
        return events

    def _closing(self, b: str, a: str, start: int, events: dict[str, int]) -> None:
        """Paths a→m→b with start ≤ t1 ≤ t2 that the edge b→a closes."""
        firsts, seconds = self.out.get(a), self.inc.get(b)
        if not firsts or not seconds:
            return
        small, large = (firsts, seconds) if len(firsts) <= len(seconds) else (seconds, firsts)
        for m in list(small):
            if m not in large:
                continue
            t1s, t2s = firsts.get(m), seconds.get(m)
            if not _recent(t1s, start) or not _recent(t2s, start) or t1s is None or t2s is None:
                continue
            ordered = list(t1s)
            pairs = sum(bisect_right(ordered, t2) for t2 in t2s)
            if pairs:
                for end in (a, m, b):
                    events[end] = events.get(end, 0) + pairs

    def prune(self, now: int) -> None:
        """Forget edges older than the horizon (memory only; results never depend on it)."""
        start = now - HORIZON_S
        for index in (self.out, self.inc):
            for node in list(index):
                peers = index[node]
                for peer in list(peers):
                    if not _recent(peers[peer], start):
                        del peers[peer]
                if not peers:
                    del index[node]


def _recent(times: Times | None, start: int) -> int:
    """Drop times before `start`; how many are left."""
    if times is None:
        return 0
    while times and times[0] < start:
        times.popleft()
    return len(times)


_NONE: dict[str, Times] = {}
"""Read only: the peers of a node with none."""


def _append(peers: dict[str, Times], peer: str, t: int) -> None:
    times = peers.get(peer)
    if times is None:
        peers[peer] = deque((t,))
    else:
        times.append(t)
