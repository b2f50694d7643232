"""`reach_sparse` in a reused workspace gives what `reach` gives with fresh arrays, and leaves
the workspace clean for the next trace."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.graph.csr import NO_LINKS
from moneytrail.graph.kernels.reach import EARLIEST, LARGEST, LATEST, NEVER, reach, reach_sparse
from moneytrail.graph.workspace import Workspace
from tests.graph.reference import Edge
from tests.graph.test_properties import _graph, edge_lists

UNLIMITED = np.iinfo(np.int64).max
calls = st.lists(
    st.tuples(
        st.lists(st.integers(0, 6), min_size=1, max_size=3),  # seeds
        st.integers(1, 4),  # depth
        st.sampled_from([UNLIMITED, 1, 2]),  # hub limit
        st.sampled_from([EARLIEST, LATEST, LARGEST]),  # hub order
        st.sampled_from([UNLIMITED, 2, 4]),  # node cap
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150)
@given(edge_lists, calls)
def test_a_reused_workspace_traces_as_fresh_arrays(
    edges: list[Edge], runs: list[tuple[list[int], int, int, int, int]]
) -> None:
    g = _graph(edges)
    c = g.out
    ws = Workspace.fresh(g.node_count, g.edge_count)
    window = np.array([0, 20], np.int64)
    for seeds_list, depth, limit, order, cap in runs:
        seeds = np.array([s for s in seeds_list if s < g.node_count] or [0], np.int32)
        arrival, hop, marked, truncated = reach(
            c.ptr, c.nbr, c.ts, c.amount, seeds, window, depth, limit, order, cap, *NO_LINKS
        )
        nodes, hops, times, edge_ids, grown, cut = reach_sparse(
            c.ptr, c.nbr, c.ts, c.amount, seeds, window, depth, limit, order, cap, *NO_LINKS,
            ws.arrival, ws.hop, ws.queued, ws.front, ws.front_at, ws.nxt, ws.seen, ws.marked,
            ws.node_bits, ws.edge_bits, c.edge,
        )  # fmt: skip
        ws.keep_marked(grown)
        expected = np.flatnonzero(hop >= 0)
        assert nodes.tolist() == expected.tolist()
        assert hops.tolist() == hop[expected].tolist()
        assert times.tolist() == arrival[expected].tolist()
        assert edge_ids.tolist() == sorted(set(c.edge[marked].tolist()))
        assert bool(cut) == bool(truncated)
        assert (ws.arrival == NEVER).all()
        assert (ws.hop == -1).all()
        assert not ws.queued.any()
        assert not ws.node_bits.any()
        assert not ws.edge_bits.any()
