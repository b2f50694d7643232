"""The same reach on Spark (bounded-hop iterative joins) as with the CSR kernels."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest
from pyspark.sql import SparkSession

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.lake.spark import spark_session
from moneytrail.trace.engine import reach_from, time_window
from moneytrail.trace.params import Direction, HubOrder, TraceParams
from moneytrail.trace.spark_engine import spark_reacher
from moneytrail.trace.spark_reach import Limits, spark_reach
from tests.graph.tables import transfers


@pytest.fixture(scope="module")
def spark() -> SparkSession:
    """The process's local Spark session (shared, so not stopped here; slow to start)."""
    return spark_session("local[1]")


def _random_graph() -> TemporalGraph:
    """A random graph with a few pairs (each second edge at or after its first) and stops."""
    rng = np.random.default_rng(3)
    n, m = 60, 400
    rows = [
        (f"n{a}", f"n{b}", float(h), float(x))
        for a, b, h, x in zip(
            rng.integers(0, n, m),
            rng.integers(0, n, m),
            rng.integers(0, 200, m),
            rng.integers(1, 100, m),
            strict=True,
        )
    ]
    table = transfers(rows)
    ts = np.array([h for _, _, h, _ in rows])
    pair = np.full(m, -1, np.int64)
    for first, second in rng.choice(m, (40, 2), replace=False).tolist():
        a, b = sorted((first, second), key=lambda e: (ts[e], e))
        pair[b] = a
    return build_graph(table, pair=pair, services=["n7", "n8"])


def _edges(g: TemporalGraph, names: list[str]) -> pa.Table:
    return pa.table(
        {
            "edge": np.arange(g.edge_count),
            "src": pa.array(names).take(pa.array(g.edges.src)),
            "dst": pa.array(names).take(pa.array(g.edges.dst)),
            "ts": g.edges.ts,
            "amount": g.edges.amount,
        }
    )


CASES = [
    (Direction.FORWARD, None, HubOrder.EARLIEST, None),
    (Direction.BACKWARD, None, HubOrder.EARLIEST, None),
    (Direction.FORWARD, 2, HubOrder.EARLIEST, None),
    (Direction.BACKWARD, 3, HubOrder.LATEST, None),
    (Direction.FORWARD, 3, HubOrder.LARGEST, 30),
    (Direction.BACKWARD, 3, HubOrder.LARGEST, 25),
    (Direction.FORWARD, None, HubOrder.EARLIEST, 20),
]


@pytest.mark.parametrize(("direction", "hub_limit", "hub_order", "max_nodes"), CASES)
def test_spark_reach_equals_the_kernel(
    spark: SparkSession,
    direction: Direction,
    hub_limit: int | None,
    hub_order: HubOrder,
    max_nodes: int | None,
) -> None:
    """Same nodes, hops, arrivals, traced edges and truncation as the kernel, with and without
    the limits (where they bite: fewer edges, or a cut node set), pairs followed in each."""
    g = _random_graph()
    assert g.pair is not None
    seeds = ["n1", "n2", "n3", "n4"]
    window = (datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 8, tzinfo=UTC))
    params = TraceParams(
        direction=direction,
        depth=4,
        start=window[0],
        end=window[1],
        hub_limit=hub_limit,
        hub_order=hub_order,
        max_nodes=max_nodes,
    )
    found = reach_from(g, g.lookup(seeds), params)
    unlimited = reach_from(g, g.lookup(seeds), replace(params, hub_limit=None, max_nodes=None))
    if hub_limit is not None:
        assert found.edges.size < unlimited.edges.size
    assert found.truncated == (max_nodes is not None)
    if max_nodes is not None:
        assert found.nodes.size == max_nodes < unlimited.nodes.size
    names = g.names(np.arange(g.node_count))
    second = np.flatnonzero(g.pair >= 0)
    pairs = pa.table({"first": g.pair[second], "second": second})
    micros = time_window(g, params)
    theirs = spark_reach(
        spark,
        spark.createDataFrame(_edges(g, names)),
        seeds,
        (int(micros[0]), int(micros[1])),
        params.depth,
        direction == Direction.BACKWARD,
        pairs=spark.createDataFrame(pairs),
        stops=spark.createDataFrame(pa.table({"node": ["n7", "n8"]})),
        limits=Limits(hub_limit, hub_order, max_nodes),
    )
    ours = {
        (names[v], int(h), int(t))
        for v, h, t in zip(found.nodes, found.hop, found.arrival, strict=True)
    }
    spark_nodes = theirs.nodes.to_pylist()
    assert len(ours) > 10
    assert np.isin(second, found.edges).any()  # some pair followed through its link
    assert {(r["node"], r["hop"], r["arrival"]) for r in spark_nodes} == ours
    assert sorted(theirs.edges.column("edge").to_pylist()) == found.edges.tolist()
    assert theirs.truncated == found.truncated


def test_spark_reacher_gives_the_kernels_reach(spark: SparkSession) -> None:
    """On a graph's own arrays (node ids, amounts in the trace unit), as the CLI runs it."""
    g = _random_graph()
    params = TraceParams(
        direction=Direction.BACKWARD,
        depth=3,
        hub_limit=2,
        hub_order=HubOrder.LARGEST,
        max_nodes=15,
    )
    seeds = g.lookup(["n1", "n2", "n3", "n4"])
    ours, theirs = reach_from(g, seeds, params), spark_reacher(spark)(g, seeds, params)
    assert ours.truncated
    assert theirs.truncated
    for name in ("nodes", "hop", "arrival", "edges"):
        assert np.array_equal(getattr(theirs, name), getattr(ours, name)), name
