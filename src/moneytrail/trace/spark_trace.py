"""`moneytrail trace --lake` on Spark beyond memory: the driver holds only the traced part.

Seeds are looked up on Spark; the reach runs there (`spark_reach`) over the lake's
transfers; then the driver collects only what the rest of the trace reads: every transfer
in the window with a reached end (attribution replays them all, inflows from outside the
trace included; traced transfers are among them) and, per reached instrument, the row that
decides its kind and country. A graph of those rows, numbered, named, spanned and
versioned as the whole lake's graph (`graph.build.Part`), gives attribution, sinks, totals,
timeline and exports exactly as on the whole graph.

With a USDT rate (`--crypto`) the table is `combine`'s of the lake's transfers and crypto
transfers, built on Spark (`trace.spark_sources`); Bitcoin addresses resolve as seeds through
their clusters' aliases; the bridges, matched on Spark (`trace.spark_links`), are the reach's
pairs, the part also holds the other leg of every bridge it has a leg of, and its graph gets
the bridges among its rows as `pair`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.graph.build import Part, build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.transfers import InstrumentKind
from moneytrail.trace.api import trace
from moneytrail.trace.bridges import Bridges
from moneytrail.trace.engine import Reach, window_in
from moneytrail.trace.lake_frame import LakeTransfers, lake_transfers
from moneytrail.trace.params import Direction, TraceParams
from moneytrail.trace.result import TraceResult
from moneytrail.trace.seeds import resolve_names
from moneytrail.trace.spark_links import bridge_legs
from moneytrail.trace.spark_reach import Limits, SparkReach, spark_reach
from moneytrail.trace.spark_sources import lake_combined

if TYPE_CHECKING:
    import numpy.typing as npt
    from pyspark.sql import DataFrame, SparkSession


def _lookup(
    lake: LakeTransfers, names: list[str], aliases: dict[str, str]
) -> npt.NDArray[np.int32]:
    """0 where an instrument (or what it is an alias of) is in the transfers, else -1 (what
    `resolve_names` needs); the aliases among `names` are added to `aliases`."""
    from pyspark.sql import functions as fn

    if lake.aliases is not None:
        hits = lake.aliases.where(fn.col("alias").isin(names)).collect()
        aliases.update({str(r[0]): str(r[1]) for r in hits})
    wanted = [aliases.get(n, n) for n in names]
    found = {r[0] for r in lake.nodes.where(fn.col("node").isin(wanted)).select("node").collect()}
    return np.array([0 if n in found else -1 for n in wanted], np.int32)


def _part(
    lake: LakeTransfers,
    reached: DataFrame,
    window: tuple[int, int],
    pairs: DataFrame | None,
) -> tuple[pa.Table, Part]:
    """The rows the trace reads, in table order, with what they keep of the whole table:
    every transfer in the window with a reached end, each reached instrument's deciding row,
    and the other leg of every bridge one of those is a leg of."""
    from pyspark.sql import functions as fn

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
    if pairs is not None:
        legs = [("first", "second"), ("second", "first")]
        others = [
            pairs.join(wanted.withColumnRenamed("edge", a), a, "left_semi").select(
                fn.col(b).alias("edge")
            )
            for a, b in legs
        ]
        wanted = wanted.unionByName(others[0]).unionByName(others[1]).distinct().localCheckpoint()
    rows = lake.rows.join(wanted, "edge", "left_semi").orderBy("edge").toArrow()
    ends = lake.edges.join(wanted, "edge", "left_semi")
    named = ends.select(fn.col("src").alias("node")).union(ends.select("dst")).distinct()
    order = lake.nodes.join(named, "node", "left_semi").orderBy("first").select("node")
    table = rows.select(lake.schema.names).cast(lake.schema)
    edges = np.asarray(rows.column("edge"), np.int64)
    return table, Part(edges, order.toArrow().column("node").combine_chunks(), lake.span)


def _local(graph: TemporalGraph, found: SparkReach) -> Reach:
    """Spark's reach in the part's node and edge ids, as the kernel gives it."""
    names = found.nodes.column("node").cast(pa.string())
    nodes = np.asarray(pc.index_in(names, value_set=graph.ids).fill_null(-1), np.int32)
    edges = np.sort(np.asarray(found.edges.column("edge"), np.int64))
    local = _rows_in(graph, edges)
    if (nodes < 0).any() or (local < 0).any():
        raise RuntimeError("the collected part lacks reached instruments or traced rows")
    order = np.argsort(nodes, kind="stable")
    return Reach(
        nodes[order],
        np.asarray(found.nodes.column("hop"), np.int32)[order],
        np.asarray(found.nodes.column("arrival"), np.int64)[order],
        local,
        found.truncated,
    )


def _rows_in(graph: TemporalGraph, edges: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The part's edge ids of rows of the whole table (-1 where a row is not in the part)."""
    rows = graph.rows if graph.rows is not None else np.arange(graph.edge_count)
    local = np.minimum(np.searchsorted(rows, edges), max(rows.size - 1, 0))
    return np.where(rows[local] == edges if rows.size else False, local, -1)


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
    crypto: float | None = None,
) -> tuple[TemporalGraph, TraceResult, Bridges | None]:
    """Trace the lake's committed transfers on Spark; the graph of the collected part, the
    result (the same as `trace` on the whole lake's graph) and, with `crypto` (tenge per
    USDT), also over the lake's crypto transfers across the bridges matched at that rate
    (`combine` and `match_at_rate` on Spark), the bridges among the part's rows."""
    if crypto is None:
        lake = lake_transfers(session, lake_dir, rates)
    else:
        lake = lake_combined(session, lake_dir, rates)
    try:
        aliases: dict[str, str] = {}
        seeds = resolve_names(lambda names: _lookup(lake, names, aliases), values, tokenizer)
        legs = None if crypto is None else bridge_legs(lake.rows, crypto, lake.span)
        pairs = None if legs is None else legs.pairs(session)
        lo, hi = (int(t) for t in window_in(lake.span, params))
        limits = Limits(params.hub_limit, params.hub_order, params.max_nodes)
        found = spark_reach(
            session,
            lake.edges,
            list(dict.fromkeys(aliases.get(s.instrument, s.instrument) for s in seeds.valid)),
            (lo, hi),
            params.depth,
            params.direction == Direction.BACKWARD,
            pairs,
            _stops(lake),
            limits,
        )
        reached = session.createDataFrame(found.nodes.select(["node"]))
        table, part = _part(lake, reached, (lo, hi), pairs)
    finally:
        lake.release()
    bridges = None if legs is None else legs.within(part.rows)
    pair = None if bridges is None else bridges.pair(table.num_rows)
    graph = build_graph(
        table, rates, data_version=lake.version, part=part, pair=pair, aliases=aliases
    )
    reach = _local(graph, found)
    result = trace(graph, values, params, tokenizer, lambda _g, _s, _p: reach)
    return graph, result, bridges
