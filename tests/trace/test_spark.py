"""The same reach on Spark (bounded-hop iterative joins) as with the CSR kernels."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest
from pyspark.sql import SparkSession

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.lake.spark import spark_session
from moneytrail.trace.engine import reach_from, time_window
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.spark_reach import spark_reach
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
        }
    )


@pytest.mark.parametrize("direction", [Direction.FORWARD, Direction.BACKWARD])
def test_spark_reach_equals_the_kernel(spark: SparkSession, direction: Direction) -> None:
    g = _random_graph()
    assert g.pair is not None
    seeds = ["n1", "n2", "n3"]
    params = TraceParams(
        direction=direction,
        depth=4,
        start=datetime(2026, 1, 2, tzinfo=UTC),
        end=datetime(2026, 1, 8, tzinfo=UTC),
    )
    found = reach_from(g, g.lookup(seeds), params)
    names = g.names(np.arange(g.node_count))
    second = np.flatnonzero(g.pair >= 0)
    pairs = pa.table({"first": g.pair[second], "second": second})
    window = time_window(g, params)
    theirs = spark_reach(
        spark,
        spark.createDataFrame(_edges(g, names)),
        seeds,
        (int(window[0]), int(window[1])),
        params.depth,
        direction == Direction.BACKWARD,
        pairs=spark.createDataFrame(pairs),
        stops=spark.createDataFrame(pa.table({"node": ["n7", "n8"]})),
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
