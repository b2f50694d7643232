"""The trace's reach on Apache Spark, for transfers beyond one machine's memory.

Bounded-hop iterative joins with the semantics of `graph.kernels.reach` (without hub limits,
node caps, pairs or stops): level k joins the nodes whose earliest arrival improved at level
k-1 with their transfers at or after that arrival and inside the window; a node's hop is the
level it was first reached at, its arrival the earliest over at most `depth` transfers. The
traced transfers are those leaving a node at or after its earliest arrival over at most
`depth - 1` transfers. Backward walks the reversed transfers in negated time. Attribution
then replays the (much smaller) traced part on one machine.
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


def spark_reach(
    session: SparkSession,
    edges: DataFrame,
    seeds: list[str],
    window: tuple[int, int],
    depth: int,
    backward: bool = False,
) -> SparkReach:
    """Reach from the seeds over `edges` (columns `edge`, `src`, `dst`, `ts` in µs)."""
    from pyspark.sql import functions as fn

    lo, hi = (-window[1], -window[0]) if backward else window
    walk = _oriented(edges, window, backward).cache()
    start = session.createDataFrame([(s, lo) for s in dict.fromkeys(seeds)], "node string, at long")
    reached = start.select("node", fn.lit(0).alias("hop"), fn.col("at").alias("arrival"))
    front, before_last = start, reached
    for level in range(1, depth + 1):
        if level == depth:
            before_last = reached
        step = front.join(walk, front.node == walk.src).where(walk.ts >= front.at)
        best = step.groupBy(fn.col("dst").alias("node")).agg(fn.min("ts").alias("t"))
        merged = best.join(reached, "node", "full_outer").select(
            "node",
            fn.coalesce("hop", fn.lit(level)).alias("hop"),
            fn.least("arrival", "t").alias("arrival"),
            (fn.col("t") < fn.coalesce("arrival", fn.lit(hi + 1))).alias("improved"),
        )
        merged = merged.localCheckpoint()
        reached = merged.drop("improved")
        front = merged.where("improved").select("node", fn.col("arrival").alias("at"))
    traced = walk.join(before_last, walk.src == before_last.node).where(
        walk.ts >= fn.col("arrival")
    )
    nodes = reached.select(
        "node", "hop", (-fn.col("arrival") if backward else fn.col("arrival")).alias("arrival")
    )
    return SparkReach(nodes.toArrow(), traced.select("edge").distinct().toArrow())
