"""Reads investigators ask for (after LDBC FinBench): who is within k hops of an instrument,
and the fewest-hop time-respecting transfer path between two instruments in a window."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.graph.kernels.paths import levels
from moneytrail.graph.kernels.reach import EARLIEST, NEVER, reach

I64 = npt.NDArray[np.int64]
UNLIMITED = np.iinfo(np.int64).max


def within_hops(
    graph: TemporalGraph, seeds: list[int], hops: int, window: I64, backward: bool = False
) -> dict[int, int]:
    """Nodes reached from the seeds in at most `hops` time-respecting hops: node → fewest hops."""
    csr = graph.inc if backward else graph.out
    span = -window[::-1] if backward else window
    seeds_arr = np.array(seeds, np.int32)
    _, hop, _, _ = reach(
        csr.ptr,
        csr.nbr,
        csr.ts,
        csr.amount,
        seeds_arr,
        span,
        hops,
        UNLIMITED,
        EARLIEST,
        UNLIMITED,
        *graph.links(backward),
    )
    nodes = np.flatnonzero(hop >= 0)
    return dict(zip(nodes.tolist(), hop[nodes].tolist(), strict=True))


def shortest_path(
    graph: TemporalGraph, source: int, target: int, window: I64, depth: int = 6
) -> list[int] | None:
    """Edge ids of a fewest-hop path from source to target, each transfer at or after the one
    before, all in the window (earliest arrival among fewest-hop paths); None if there is none."""
    if source == target:
        return []
    csr = graph.out
    arrival, pred = levels(csr.ptr, csr.nbr, csr.ts, source, window, depth)
    hops = np.flatnonzero(arrival[:, target] != NEVER)
    if hops.size == 0:
        return None
    path: list[int] = []
    node, level = target, int(hops[0])
    while node != source:
        p = int(pred[level, node])
        path.append(int(csr.edge[p]))
        node, level = int(graph.edges.src[csr.edge[p]]), level - 1
    return path[::-1]
