"""The compiled kernels agree with slow references and networkx on random temporal graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import NO_LINKS, TemporalGraph
from moneytrail.graph.kernels.flow import attribute
from moneytrail.graph.kernels.reach import EARLIEST, NEVER, reach
from moneytrail.graph.paths import shortest_path
from tests.graph.reference import Edge, fewest_hops, reach_by_paths, replay
from tests.graph.tables import transfers

UNLIMITED = np.iinfo(np.int64).max
POLICIES = {"poison": 0, "haircut": 1, "fifo": 2, "lifo": 3}
edge_lists = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 20), st.integers(1, 50)),
    min_size=1,
    max_size=25,
)


def _graph(edges: list[Edge]) -> TemporalGraph:
    rows = [(f"n{a}", f"n{b}", float(t), float(x)) for a, b, t, x in edges]
    return build_graph(transfers(rows))


def _as_built(g: TemporalGraph) -> list[Edge]:
    e = g.edges
    return [
        (int(a), int(b), int(t), float(x))
        for a, b, t, x in zip(e.src, e.dst, e.ts, e.amount, strict=True)
    ]


def _reach(
    g: TemporalGraph, seeds: list[int], window: tuple[int, int], depth: int
) -> tuple[dict[int, int], set[int]]:
    c = g.out
    arrival, hop, marked, _ = reach(
        c.ptr,
        c.nbr,
        c.ts,
        c.amount,
        np.array(seeds, np.int32),
        np.array(window),
        depth,
        UNLIMITED,
        EARLIEST,
        UNLIMITED,
        *NO_LINKS,
    )
    nodes = np.flatnonzero(hop >= 0).tolist()
    return {v: int(arrival[v]) for v in nodes}, set(c.edge[marked].tolist())


@settings(max_examples=150)
@given(edge_lists, st.integers(1, 4), st.integers(0, 10), st.integers(10, 20))
def test_reach_matches_path_enumeration(raw: list[Edge], depth: int, lo: int, hi: int) -> None:
    g = _graph(raw)
    edges = _as_built(g)
    t0 = int(g.edges.ts.min()) - int(g.edges.ts.min()) % 3_600_000_000
    window = (t0 + lo * 3_600_000_000, t0 + hi * 3_600_000_000)
    seeds = [int(g.edges.src[0])]
    assert _reach(g, seeds, window, depth) == reach_by_paths(edges, set(seeds), window, depth)


@settings(max_examples=100)
@given(edge_lists)
def test_unbounded_reach_is_networkx_descendants_when_time_allows_all(raw: list[Edge]) -> None:
    flat = [(a, b, 0, x) for a, b, _, x in raw]
    g = _graph(flat)
    seed = int(g.edges.src[0])
    nxg: nx.MultiDiGraph[int] = nx.MultiDiGraph(
        (int(a), int(b)) for a, b in zip(g.edges.src, g.edges.dst, strict=True)
    )
    found, _ = _reach(g, [seed], (int(g.edges.ts[0]), int(g.edges.ts[0])), g.node_count)
    assert set(found) == nx.descendants(nxg, seed) | {seed}


@settings(max_examples=100)
@given(edge_lists, st.integers(1, 5))
def test_shortest_path_has_the_fewest_hops_and_respects_time(raw: list[Edge], depth: int) -> None:
    g = _graph(raw)
    edges = _as_built(g)
    window = (int(g.edges.ts.min()), int(g.edges.ts.max()))
    source, target = int(g.edges.src[0]), int(g.edges.dst[-1])
    path = shortest_path(g, source, target, np.array(window), depth)
    expected = fewest_hops(edges, source, target, window, depth) if source != target else 0
    assert (None if path is None else len(path)) == expected
    if path:
        times = [edges[i][2] for i in path]
        assert times == sorted(times)
        assert edges[path[0]][0] == source
        assert edges[path[-1]][1] == target
        assert all(edges[a][1] == edges[b][0] for a, b in itertools.pairwise(path))


@settings(max_examples=150)
@given(edge_lists, st.sampled_from(sorted(POLICIES)), st.sets(st.integers(0, 24), max_size=25))
def test_attribution_matches_the_python_replay(raw: list[Edge], policy: str, cut: set[int]) -> None:
    g = _graph(raw)
    edges = _as_built(g)
    traced = {i for i in range(len(edges)) if i not in cut}
    seeds = {int(g.edges.src[0])}
    order = np.lexsort((np.arange(len(edges)), g.edges.ts))
    is_traced = np.array([i in traced for i in range(len(edges))], np.uint8)
    is_seed = np.array([v in seeds for v in range(g.node_count)], np.uint8)
    carried, _, _ = attribute(
        g.edges.src[order],
        g.edges.dst[order],
        g.edges.amount[order],
        is_traced[order],
        is_seed,
        POLICIES[policy],
        g.node_count,
        NO_LINKS[0],
        np.zeros(0),
        False,
    )
    got = np.zeros(len(edges))
    got[order] = carried
    assert np.allclose(got, replay(edges, traced, seeds, policy), atol=1e-6)


def test_never_is_the_unreached_arrival() -> None:
    g = build_graph(transfers([("A", "B", 1, 1)]))
    c = g.out
    arrival, *_ = reach(
        c.ptr,
        c.nbr,
        c.ts,
        c.amount,
        g.lookup(["B"]),
        np.array([0, 2**62]),
        3,
        UNLIMITED,
        EARLIEST,
        UNLIMITED,
        *NO_LINKS,
    )
    assert int(arrival[int(g.lookup(["A"])[0])]) == NEVER
