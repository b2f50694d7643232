"""The trace's reach on Apache Spark, for transfers beyond one machine's memory.

Bounded-hop iterative joins with the semantics of `graph.kernels.reach`, limits included:
level k joins the nodes whose earliest arrival improved at level k-1 with their transfers at
or after that arrival and inside the window, keeps at most `hub_limit` of each node's (in
`hub_order`, counting the ones it may not scan), and follows the second edge of every pair
whose first edge it followed at level k-1 (a bridge); a node's hop is the level it was first
reached at, its arrival the earliest over at most `depth` transfers; the traced transfers are
all those followed. A stop's transfers and the second edges of pairs are not followed by
scanning. Backward walks the reversed transfers in negated time, pairs from second to first.

Which nodes a node cap (`max_nodes`) lets in depends on the order the kernel relaxes edges
in: the links queued by the level before (in the order their first edges were followed),
then the frontier's nodes (in the order their arrival first improved), each node's edges by
time, then edge id. With a cap every level numbers its edges in that order (a global sort of
the level's edges, so one partition: a capped trace is small by design) and lets in the
first new nodes; the edges into the others are dropped and the result is `truncated`.
Attribution then replays the (much smaller) traced part on one machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from moneytrail.trace.params import HubOrder

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession


@dataclass(frozen=True, slots=True)
class SparkReach:
    """Reached instruments (`node`, `hop`, `arrival` in µs), traced transfer ids (`edge`),
    and whether the node cap left nodes out."""

    nodes: pa.Table
    edges: pa.Table
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Limits:
    """Per node and step at most `hub_limit` edges, chosen in `hub_order`; at most
    `max_nodes` nodes reached (the seeds count; they are always in)."""

    hub_limit: int | None = None
    hub_order: HubOrder = HubOrder.EARLIEST
    max_nodes: int | None = None


def _oriented(edges: DataFrame, window: tuple[int, int], backward: bool) -> DataFrame:
    """`src, dst, ts, edge, amount` in the walking direction, inside the window (negated
    backward); `amount` 0 where `edges` has none."""
    from pyspark.sql import functions as fn

    inside = edges.where(fn.col("ts").between(window[0], window[1]))
    amount = fn.col("amount") if "amount" in edges.columns else fn.lit(0.0).alias("amount")
    if not backward:
        return inside.select("src", "dst", "ts", "edge", amount)
    return inside.select(
        fn.col("dst").alias("src"),
        fn.col("src").alias("dst"),
        (-fn.col("ts")).alias("ts"),
        "edge",
        amount,
    )


def _links(session: SparkSession, pairs: DataFrame | None, backward: bool) -> DataFrame:
    """`edge` → `then`: the edge followed next (forward first → second; backward reversed)."""
    from pyspark.sql import functions as fn

    if pairs is None:
        return session.createDataFrame([], "edge long, then long")
    lead, gate = ("second", "first") if backward else ("first", "second")
    return pairs.select(fn.col(lead).alias("edge"), fn.col(gate).alias("then"))


def _gated(walk: DataFrame, links: DataFrame, stops: DataFrame | None) -> DataFrame:
    """The `edge`s a node's scan may not follow: a pair's gated edge, a stop's transfers."""
    from pyspark.sql import functions as fn

    gated = links.select(fn.col("then").alias("edge"))
    if stops is not None:
        from_stops = walk.join(stops.select(fn.col("node").alias("src")), "src")
        gated = gated.unionByName(from_stops.select("edge"))
    return gated.distinct()


def _position(order: HubOrder) -> list[Column]:
    """A node's edges in the order a hub keeps them (the CSR holds them by time, then id)."""
    from pyspark.sql import functions as fn

    if order == HubOrder.LATEST:
        return [fn.col("ts").desc(), fn.col("edge").desc()]
    if order == HubOrder.LARGEST:
        return [fn.col("amount").desc(), fn.col("ts"), fn.col("edge")]
    return [fn.col("ts"), fn.col("edge")]


def _scan(front: DataFrame, walk: DataFrame, gated: DataFrame, limits: Limits) -> DataFrame:
    """The frontier's transfers at or after its arrival (`edge, dst, ts`, the node's `key`):
    at most `hub_limit` per node, counting gated ones, which are then left out."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    found = front.join(walk, front.node == walk.src).where(walk.ts >= front.at)
    if limits.hub_limit is not None:
        by_node = Window.partitionBy("src").orderBy(*_position(limits.hub_order))
        found = found.withColumn("k", fn.row_number().over(by_node)).where(
            fn.col("k") <= limits.hub_limit
        )
    found = found.join(gated, "edge", "left_anti")
    return found.select("edge", "dst", "ts", fn.lit(1).alias("kind"), "key")


def _ranked(gathered: DataFrame) -> DataFrame:
    """Each edge's `rank` in the kernel's relaxing order: links first, frontier after."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    order = Window.orderBy("kind", "key", "ts", "edge")
    return gathered.withColumn("rank", fn.row_number().over(order))


def _capped(gathered: DataFrame, reached: DataFrame, room: int) -> tuple[DataFrame, int, bool]:
    """The gathered edges the node cap keeps (those into the first `room` new nodes, by
    rank, and into nodes already reached), how many new nodes that lets in, truncated?"""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    fresh = (
        gathered.join(reached.select(fn.col("node").alias("dst")), "dst", "left_anti")
        .groupBy("dst")
        .agg(fn.min("rank").alias("first"))
        .localCheckpoint()
    )
    count, room = fresh.count(), max(room, 0)
    if count <= room:
        return gathered, count, False
    ranked = fresh.withColumn("k", fn.row_number().over(Window.orderBy("first")))
    refused = ranked.where(fn.col("k") > room).select("dst")
    return gathered.join(refused, "dst", "left_anti"), room, True


def spark_reach(
    session: SparkSession,
    edges: DataFrame,
    seeds: list[str] | list[int],
    window: tuple[int, int],
    depth: int,
    backward: bool = False,
    pairs: DataFrame | None = None,
    stops: DataFrame | None = None,
    limits: Limits | None = None,
) -> SparkReach:
    """Reach from the seeds over `edges` (columns `edge`, `src`, `dst`, `ts` in µs, and
    `amount` for `HubOrder.LARGEST`); `pairs`: `first`, `second` edge ids; `stops`: a `node`
    column of instruments a trace stops at; seeds in the type of `src`."""
    from pyspark.sql import functions as fn

    limits = limits or Limits()
    capped = limits.max_nodes is not None
    lo, hi = (-window[1], -window[0]) if backward else window
    walk = _oriented(edges, window, backward).cache()
    links = _links(session, pairs, backward).cache()
    gated = _gated(walk, links, stops).cache()
    node_type = edges.schema["src"].dataType.simpleString()
    distinct = list(dict.fromkeys(seeds))
    start = session.createDataFrame(
        [(s, lo, k) for k, s in enumerate(distinct)], f"node {node_type}, at long, key long"
    )
    reached = start.select("node", fn.lit(0).alias("hop"), fn.col("at").alias("arrival"))
    front = start
    pending = session.createDataFrame([], "edge long, key long")
    marked = session.createDataFrame([], "edge long")
    count, truncated = len(distinct), False
    for level in range(1, depth + 1):
        linked = pending.join(walk, "edge").select(
            "edge", "dst", "ts", fn.lit(0).alias("kind"), "key"
        )
        gathered = _scan(front, walk, gated, limits).unionByName(linked)
        gathered = (_ranked(gathered) if capped else gathered).localCheckpoint()
        kept = gathered
        if limits.max_nodes is not None:
            kept, admitted, cut = _capped(gathered, reached, limits.max_nodes - count)
            count, truncated = count + admitted, truncated or cut
        marked = marked.unionByName(kept.select("edge"))
        key = fn.col("rank") if capped else fn.lit(0).cast("long")
        pending = gathered.join(links, "edge").select(
            fn.col("then").alias("edge"), key.alias("key")
        )
        before = reached.select(fn.col("node").alias("dst"), "arrival")
        better = kept.join(before, "dst", "left").where(
            fn.col("ts") < fn.coalesce("arrival", fn.lit(hi + 1))
        )
        best = (
            better.groupBy(fn.col("dst").alias("node"))
            .agg(fn.min("ts").alias("at"), fn.min(key).alias("key"))
            .localCheckpoint()
        )
        reached = (
            best.join(reached, "node", "full_outer")
            .select(
                "node",
                fn.coalesce("hop", fn.lit(level)).alias("hop"),
                fn.coalesce("at", "arrival").alias("arrival"),
            )
            .localCheckpoint()
        )
        front = best
        if best.isEmpty() and pending.isEmpty():
            break  # nothing left to relax: the levels after would change nothing
    nodes = reached.select(
        "node", "hop", (-fn.col("arrival") if backward else fn.col("arrival")).alias("arrival")
    )
    found = SparkReach(nodes.toArrow(), marked.distinct().toArrow(), truncated)
    for kept in (walk, links, gated):
        kept.unpersist()
    return found
