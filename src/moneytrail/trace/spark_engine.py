"""A trace's reach computed on Spark over a graph's transfers (`MONEYTRAIL_ENGINE=spark`).

`spark_reacher(session)` is a `Reacher`: it hands the graph's edges (node ids, times, amounts
in the trace unit), pairs and stops to `spark_reach` with the trace's window, depth and
limits, and returns the answer as the CSR kernel's `Reach`, so that attribution, sinks,
totals, timeline and exports follow from it unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.engine import Reach, Reacher, time_window
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.spark_reach import Limits, SparkReach, spark_reach

if TYPE_CHECKING:
    import numpy.typing as npt
    from pyspark.sql import DataFrame, SparkSession


def graph_frames(
    session: SparkSession, graph: TemporalGraph
) -> tuple[DataFrame, DataFrame | None, DataFrame | None]:
    """The graph's edges (`edge, src, dst, ts, amount`, node ids as ints), its pairs
    (`first, second`) and its stops (`node`) as Spark DataFrames (None when it has none)."""
    e = graph.edges
    edges = pa.table(
        {
            "edge": pa.array(np.arange(graph.edge_count, dtype=np.int64)),
            "src": pa.array(e.src),
            "dst": pa.array(e.dst),
            "ts": pa.array(e.ts),
            "amount": pa.array(e.amount),
        }
    )
    pairs = stops = None
    if graph.pair is not None:
        second = np.flatnonzero(graph.pair >= 0).astype(np.int64)
        first = graph.pair[second].astype(np.int64)
        pairs = session.createDataFrame(pa.table({"first": first, "second": second}))
    if graph.stop is not None:
        nodes = np.flatnonzero(graph.stop).astype(np.int32)
        stops = session.createDataFrame(pa.table({"node": nodes}))
    return session.createDataFrame(edges), pairs, stops


def as_reach(found: SparkReach) -> Reach:
    """Spark's answer as the kernel's: nodes ascending with hop and arrival, edges ascending."""
    nodes = np.asarray(found.nodes.column("node"), np.int32)
    order = np.argsort(nodes, kind="stable")
    return Reach(
        nodes[order],
        np.asarray(found.nodes.column("hop"), np.int32)[order],
        np.asarray(found.nodes.column("arrival"), np.int64)[order],
        np.sort(np.asarray(found.edges.column("edge"), np.int64)),
        found.truncated,
    )


def spark_reacher(session: SparkSession) -> Reacher:
    """A `Reacher` that computes the reach on `session`."""

    def reach(graph: TemporalGraph, seeds: npt.NDArray[np.int32], params: TraceParams) -> Reach:
        edges, pairs, stops = graph_frames(session, graph)
        window = time_window(graph, params)
        limits = Limits(params.hub_limit, params.hub_order, params.max_nodes)
        found = spark_reach(
            session,
            edges,
            [int(s) for s in seeds],
            (int(window[0]), int(window[1])),
            params.depth,
            params.direction == Direction.BACKWARD,
            pairs,
            stops,
            limits,
        )
        return as_reach(found)

    return reach
