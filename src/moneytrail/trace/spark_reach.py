"""The trace's reach on Apache Spark, for transfers beyond one machine's memory.

Bounded-hop iterative joins with the semantics of `graph.kernels.reach`: level k joins the
nodes whose earliest arrival improved at level k-1 with their transfers at or after that
arrival and inside the window, and follows the second edge of every pair whose first edge it
followed at level k-1 (a bridge); a node's hop is the level it was first reached at, its
arrival the earliest over at most `depth` transfers; the traced transfers are all those
followed. A stop's transfers and the second edges of pairs are not followed by scanning.
Backward walks the reversed transfers in negated time, pairs from second to first. Hub
limits and node caps are not applied. Attribution then replays the (much smaller) traced
part on one machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True, slots=True)
class SparkReach:
    """Reached instruments (`node`, `hop`, `arrival` in µs) and traced transfer ids."""

    nodes: pa.Table
    edges: pa.Table


def _oriented(edges: DataFrame, window: tuple[int, int], backward: bool) -> DataFrame:
    """`src, dst, ts, edge` in the walking direction, inside the window (negated backward)."""
    from pyspark.sql import functions as fn

    inside = edges.where(fn.col("ts").between(window[0], window[1]))
    if not backward:
        return inside.select("src", "dst", "ts", "edge")
    return inside.select(
        fn.col("dst").alias("src"), fn.col("src").alias("dst"), (-fn.col("ts")).alias("ts"), "edge"
    )


def _links(session: SparkSession, pairs: DataFrame | None, backward: bool) -> DataFrame:
    """`edge` → `then`: the edge followed next (forward first → second; backward reversed)."""
    from pyspark.sql import functions as fn

    if pairs is None:
        return session.createDataFrame([], "edge long, then long")
    lead, gate = ("second", "first") if backward else ("first", "second")
    return pairs.select(fn.col(lead).alias("edge"), fn.col(gate).alias("then"))


def _scannable(walk: DataFrame, links: DataFrame, stops: DataFrame | None) -> DataFrame:
    """The transfers a node's scan may follow: not a pair's gated edge, not from a stop."""
    from pyspark.sql import functions as fn

    out = walk.join(links.select(fn.col("then").alias("edge")), "edge", "left_anti")
    if stops is not None:
        out = out.join(stops.select(fn.col("node").alias("src")), "src", "left_anti")
    return out


def spark_reach(
    session: SparkSession,
    edges: DataFrame,
    seeds: list[str],
    window: tuple[int, int],
    depth: int,
    backward: bool = False,
    pairs: DataFrame | None = None,
    stops: DataFrame | None = None,
) -> SparkReach:
    """Reach from the seeds over `edges` (columns `edge`, `src`, `dst`, `ts` in µs); `pairs`:
    `first`, `second` edge ids; `stops`: a `node` column of instruments a trace stops at."""
    from pyspark.sql import functions as fn

    lo, hi = (-window[1], -window[0]) if backward else window
    walk = _oriented(edges, window, backward).cache()
    links = _links(session, pairs, backward).cache()
    scan = _scannable(walk, links, stops).cache()
    start = session.createDataFrame([(s, lo) for s in dict.fromkeys(seeds)], "node string, at long")
    reached = start.select("node", fn.lit(0).alias("hop"), fn.col("at").alias("arrival"))
    front, pending = start, session.createDataFrame([], "edge long")
    marked = pending
    for level in range(1, depth + 1):
        scanned = front.join(scan, front.node == scan.src).where(scan.ts >= front.at)
        relaxed = scanned.select("edge", "dst", "ts").unionByName(
            pending.join(walk, "edge").select("edge", "dst", "ts")
        )
        relaxed = relaxed.localCheckpoint()
        marked = marked.unionByName(relaxed.select("edge"))
        pending = relaxed.join(links, "edge").select(fn.col("then").alias("edge"))
        best = relaxed.groupBy(fn.col("dst").alias("node")).agg(fn.min("ts").alias("t"))
        merged = best.join(reached, "node", "full_outer").select(
            "node",
            fn.coalesce("hop", fn.lit(level)).alias("hop"),
            fn.least("arrival", "t").alias("arrival"),
            (fn.col("t") < fn.coalesce("arrival", fn.lit(hi + 1))).alias("improved"),
        )
        merged = merged.localCheckpoint()
        reached = merged.drop("improved")
        front = merged.where("improved").select("node", fn.col("arrival").alias("at"))
    nodes = reached.select(
        "node", "hop", (-fn.col("arrival") if backward else fn.col("arrival")).alias("arrival")
    )
    return SparkReach(nodes.toArrow(), marked.distinct().toArrow())
