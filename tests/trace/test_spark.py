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
    return build_graph(transfers(rows))


@pytest.mark.parametrize("direction", [Direction.FORWARD, Direction.BACKWARD])
def test_spark_reach_equals_the_kernel(spark: SparkSession, direction: Direction) -> None:
    g = _random_graph()
    seeds = ["n1", "n2", "n3"]
    params = TraceParams(
        direction=direction,
        depth=4,
        start=datetime(2026, 1, 2, tzinfo=UTC),
        end=datetime(2026, 1, 8, tzinfo=UTC),
    )
    found = reach_from(g, g.lookup(seeds), params)
    names = g.names(np.arange(g.node_count))
    edges = pa.table(
        {
            "edge": np.arange(g.edge_count),
            "src": pa.array(names).take(pa.array(g.edges.src)),
            "dst": pa.array(names).take(pa.array(g.edges.dst)),
            "ts": g.edges.ts,
        }
    )
    window = time_window(g, params)
    theirs = spark_reach(
        spark,
        spark.createDataFrame(edges),
        seeds,
        (int(window[0]), int(window[1])),
        params.depth,
        direction == Direction.BACKWARD,
    )
    ours = {
        (names[v], int(h), int(t))
        for v, h, t in zip(found.nodes, found.hop, found.arrival, strict=True)
    }
    spark_nodes = theirs.nodes.to_pylist()
    assert len(ours) > 10
    assert {(r["node"], r["hop"], r["arrival"]) for r in spark_nodes} == ours
    assert sorted(theirs.edges.column("edge").to_pylist()) == found.edges.tolist()
