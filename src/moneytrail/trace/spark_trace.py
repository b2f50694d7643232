"""`moneytrail trace --lake` on Spark beyond memory: the driver holds only the traced part.

Seeds are looked up on Spark; the reach runs there (`spark_reach`) over the lake's
transfers; then the driver collects only what the rest of the trace reads: every transfer
in the window with a reached end (attribution replays them all, inflows from outside the
trace included; traced transfers are among them) and, per reached instrument, the row that
decides its kind and country. A graph of those rows, numbered, named, spanned and
versioned as the whole lake's graph (`graph.build.Part`), gives attribution, sinks, totals,
timeline and exports exactly as on the whole graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from moneytrail.graph.build import Part, build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.lake.tables import table_spec
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.transfers import InstrumentKind
from moneytrail.trace.api import trace
from moneytrail.trace.engine import Reach, window_in
from moneytrail.trace.lake_frame import TABLE, LakeTransfers, lake_transfers
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.result import TraceResult
from moneytrail.trace.seeds import resolve_names
from moneytrail.trace.spark_reach import Limits, SparkReach, spark_reach

if TYPE_CHECKING:
    import numpy.typing as npt
    from pyspark.sql import DataFrame, SparkSession


def _lookup(nodes: DataFrame, names: list[str]) -> npt.NDArray[np.int32]:
    """0 where an instrument is in the lake's transfers, else -1 (what `resolve_names` needs)."""
    from pyspark.sql import functions as fn

    found = {r[0] for r in nodes.where(fn.col("node").isin(names)).select("node").collect()}
    return np.array([0 if n in found else -1 for n in names], np.int32)


def _part(
    session: SparkSession, lake: LakeTransfers, found: SparkReach, window: tuple[int, int]
) -> tuple[pa.Table, Part]:
    """The rows the trace reads, in lake order, with what they keep of the whole lake."""
    from pyspark.sql import functions as fn

    reached = session.createDataFrame(found.nodes.select(["node"]))
    inside = lake.edges.where(fn.col("ts").between(*window))
    wanted = (
        inside.join(reached.withColumnRenamed("node", "src"), "src", "left_semi")
        .select("edge")
        .unionByName(
            inside.join(reached.withColumnRenamed("node", "dst"), "dst", "left_semi").select("edge")
        )
        .unionByName(
            lake.nodes.join(reached, "node", "left_semi").select(fn.col("decides").alias("edge"))
        )
        .distinct()
        .localCheckpoint()
    )
    rows = lake.rows.join(wanted, "edge", "left_semi").orderBy("edge").toArrow()
    ends = lake.edges.join(wanted, "edge", "left_semi")
    named = ends.select(fn.col("src").alias("node")).union(ends.select("dst")).distinct()
    order = lake.nodes.join(named, "node", "left_semi").orderBy("first").select("node")
    spec = table_spec(TABLE)
    table = rows.select(spec.lake_schema.names).cast(spec.lake_schema)
    edges = np.asarray(rows.column("edge"), np.int64)
    return table, Part(edges, order.toArrow().column("node").combine_chunks(), lake.span)


def _local(graph: TemporalGraph, found: SparkReach) -> Reach:
    """Spark's reach in the part's node and edge ids, as the kernel gives it."""
    nodes = graph.lookup([str(n) for n in found.nodes.column("node").to_pylist()])
    edges = np.sort(np.asarray(found.edges.column("edge"), np.int64))
    rows = graph.rows if graph.rows is not None else np.arange(graph.edge_count)
    local = np.minimum(np.searchsorted(rows, edges), max(rows.size - 1, 0))
    if (nodes < 0).any() or not np.array_equal(rows[local], edges):
        raise RuntimeError("the collected part lacks reached instruments or traced rows")
    order = np.argsort(nodes, kind="stable")
    return Reach(
        nodes[order],
        np.asarray(found.nodes.column("hop"), np.int32)[order],
        np.asarray(found.nodes.column("arrival"), np.int64)[order],
        local,
        found.truncated,
    )


def _stops(lake: LakeTransfers) -> DataFrame:
    """Instruments a trace stops at: those whose kind is cash (an ATM)."""
    from pyspark.sql import functions as fn

    return lake.nodes.where(fn.col("kind") == InstrumentKind.CASH.value).select("node")


def spark_trace(
    session: SparkSession,
    lake_dir: Path,
    values: list[str],
    params: TraceParams,
    tokenizer: Tokenizer | None,
    rates: Mapping[str, float] | None = None,
) -> tuple[TemporalGraph, TraceResult]:
    """Trace the lake's committed transfers on Spark; the graph of the collected part and
    the result (the same as `trace` on the whole lake's graph)."""
    lake = lake_transfers(session, lake_dir, rates)
    try:
        seeds = resolve_names(lambda names: _lookup(lake.nodes, names), values, tokenizer)
        lo, hi = (int(t) for t in window_in(lake.span, params))
        limits = Limits(params.hub_limit, params.hub_order, params.max_nodes)
        found = spark_reach(
            session,
            lake.edges,
            [s.instrument for s in seeds.valid],
            (lo, hi),
            params.depth,
            params.direction == Direction.BACKWARD,
            None,
            _stops(lake),
            limits,
        )
        table, part = _part(session, lake, found, (lo, hi))
    finally:
        lake.release()
    graph = build_graph(table, rates, data_version=lake.version, part=part)
    reach = _local(graph, found)
    return graph, trace(graph, values, params, tokenizer, lambda _g, _s, _p: reach)
