"""Attribution of the traced money to edges and nodes, by policy (see `kernels.flow`).

All transfers in the window that touch a reached node are replayed in time order (ties in
table order): inflows from outside the trace dilute a node's balance (haircut) or queue as
clean lots (FIFO, LIFO). A backward trace replays the same edges reversed, latest first, so
that the seeds' inflows are apportioned to the accounts they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moneytrail.graph.csr import TemporalGraph
from moneytrail.graph.kernels.flow import FIFO, HAIRCUT, LIFO, POISON, attribute
from moneytrail.trace.params import Policy, SeedMoney

POLICY_CODES = {
    Policy.POISON: POISON,
    Policy.HAIRCUT: HAIRCUT,
    Policy.FIFO: FIFO,
    Policy.LIFO: LIFO,
}
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Attributed amounts: per replayed edge id, and per node received and sent."""

    edges: I64
    carried: F64
    received: F64
    sent: F64

    def on(self, edge_ids: I64) -> F64:
        """The attributed amount of each given edge (0 where an edge was not replayed)."""
        pos = np.searchsorted(self.edges, edge_ids)
        hit = pos < self.edges.size
        hit[hit] = self.edges[pos[hit]] == edge_ids[hit]
        out = np.zeros(edge_ids.size, np.float64)
        out[hit] = self.carried[pos[hit]]
        return out


def _replay_order(graph: TemporalGraph, reached: npt.NDArray[np.bool_], window: I64) -> I64:
    """Edge ids in the window touching a reached node, by time then table row."""
    e = graph.edges
    touch = reached[e.src] | reached[e.dst]
    rel = np.flatnonzero(touch & (e.ts >= window[0]) & (e.ts <= window[1]))
    return rel[np.argsort(e.ts[rel], kind="stable")]


def _partners(graph: TemporalGraph, order: I64) -> I64:
    """Per replayed position, the position of its pair's other edge (-1; empty: no pairs)."""
    if graph.pair is None:
        return np.zeros(0, np.int64)
    position = np.full(graph.edge_count, -1, np.int64)
    position[order] = np.arange(order.size, dtype=np.int64)
    partner = np.full(order.size, -1, np.int64)
    second = np.flatnonzero(graph.pair[order] >= 0)
    first = position[graph.pair[order[second]]]
    both = first >= 0
    partner[second[both]] = first[both]
    partner[first[both]] = second[both]
    return partner


def attribute_trace(
    graph: TemporalGraph,
    reached: npt.NDArray[np.bool_],
    traced: I64,
    seeds: npt.NDArray[np.int32],
    window: I64,
    policy: Policy,
    backward: bool,
    seed_money: SeedMoney = SeedMoney.SENT,
) -> Attribution:
    """Replay the window's edges around the reached nodes and attribute by `policy`."""
    order = _replay_order(graph, reached, window)
    if backward:
        order = order[::-1]
    e = graph.edges
    src, dst = (e.dst, e.src) if backward else (e.src, e.dst)
    is_traced = np.zeros(graph.edge_count, np.uint8)
    is_traced[traced] = 1
    is_seed = np.zeros(graph.node_count, np.uint8)
    is_seed[seeds] = 1
    carried, received, sent = attribute(
        src[order],
        dst[order],
        e.amount[order],
        is_traced[order],
        is_seed,
        POLICY_CODES[policy],
        graph.node_count,
        _partners(graph, order),
        np.zeros(0, np.float64) if backward else graph.opening,
        seed_money == SeedMoney.RECEIVED,
    )
    by_id = np.argsort(order)
    return Attribution(order[by_id], carried[by_id], received, sent)
