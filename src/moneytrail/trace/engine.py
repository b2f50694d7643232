"""Run a trace: reach from the seeds, attribute amounts, assemble the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.graph.kernels.reach import EARLIEST, LARGEST, LATEST, reach_sparse
from moneytrail.trace.attribution import Attribution, attribute_trace
from moneytrail.trace.params import Direction, HubOrder, TraceParams
from moneytrail.trace.seeds import Seeds

ORDER_CODES = {HubOrder.EARLIEST: EARLIEST, HubOrder.LATEST: LATEST, HubOrder.LARGEST: LARGEST}
UNLIMITED = np.iinfo(np.int64).max
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Reach:
    """Which nodes the seeds reach: first hop, earliest arrival (µs), traced edge ids."""

    nodes: npt.NDArray[np.int32]
    hop: npt.NDArray[np.int32]
    arrival: I64
    edges: I64
    truncated: bool


def _micros(moment: datetime | None, default: int) -> int:
    return default if moment is None else int(moment.timestamp() * 1_000_000)


def time_window(graph: TemporalGraph, params: TraceParams) -> I64:
    """The window in µs since the epoch; an open end takes the data's first or last time."""
    return window_in(graph.span if params.start is None or params.end is None else (0, 0), params)


def window_in(span: tuple[int, int], params: TraceParams) -> I64:
    """The window in µs since the epoch; an open end takes that end of `span`."""
    return np.array([_micros(params.start, span[0]), _micros(params.end, span[1])], np.int64)


def reach_from(graph: TemporalGraph, seeds: npt.NDArray[np.int32], params: TraceParams) -> Reach:
    """Time-respecting reach within the params' window, depth and limits."""
    window = time_window(graph, params)
    backward = params.direction == Direction.BACKWARD
    csr = graph.inc if backward else graph.out
    limits = (params.hub_limit or UNLIMITED, ORDER_CODES[params.hub_order])
    if backward:
        window = -window[::-1]
    with graph.workspaces.borrow() as ws:
        nodes, hop, times, edges, grown, truncated = reach_sparse(
            csr.ptr,
            csr.nbr,
            csr.ts,
            csr.amount,
            seeds,
            window,
            params.depth,
            *limits,
            params.max_nodes or UNLIMITED,
            *graph.links(backward),
            ws.arrival,
            ws.hop,
            ws.queued,
            ws.front,
            ws.front_at,
            ws.nxt,
            ws.seen,
            ws.marked,
            ws.node_bits,
            ws.edge_bits,
            csr.edge,
        )
        ws.keep_marked(grown)
    return Reach(nodes, hop, -times if backward else times, edges, bool(truncated))


Reacher = Callable[[TemporalGraph, npt.NDArray[np.int32], TraceParams], Reach]
"""How a trace finds its reach: `reach_from` (the CSR kernel) or one with the same answer."""


def attribute_reach(
    graph: TemporalGraph, seeds: npt.NDArray[np.int32], found: Reach, params: TraceParams
) -> Attribution:
    """Attribute amounts over the reached part of the graph."""
    reached = np.zeros(graph.node_count, bool)
    reached[found.nodes] = True
    backward = params.direction == Direction.BACKWARD
    window = time_window(graph, params)
    return attribute_trace(
        graph, reached, found.edges, seeds, window, params.policy, backward, params.seed_money
    )


def run(
    graph: TemporalGraph, seeds: Seeds, params: TraceParams, reach: Reacher = reach_from
) -> tuple[Reach, Attribution]:
    """Reach (by `reach`) and attribution for the valid seeds."""
    nodes = seeds.nodes
    found = reach(graph, nodes, params)
    return found, attribute_reach(graph, nodes, found, params)
