"""Temporal two- and three-hop patterns: cycles and scatter-gather, as timed events per account.

A path a→m→b counts when the second transfer follows the first within `HORIZON_S`. Each
pattern found becomes an event (account, time, kind, value) at the time it completed, so
that features can look back over events exactly as they look back over legs.
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame

HORIZON_S = 7 * 86_400
KINDS = ("cycle", "scatter_gather")


def edges(engine: Engine, transfers: Frame) -> Frame:
    """Instrument-to-instrument transfers as (src, dst, t), self-loops dropped."""
    fn = engine.fn
    return transfers.where(
        fn.col("src_instrument").isNotNull()
        & fn.col("dst_instrument").isNotNull()
        & (fn.col("src_instrument") != fn.col("dst_instrument"))
    ).select(
        fn.col("src_instrument").alias("src"),
        fn.col("dst_instrument").alias("dst"),
        fn.unix_timestamp(fn.col("ts")).alias("t"),
    )


def two_hops(engine: Engine, e: Frame) -> Frame:
    """Paths a→m→b with t1 ≤ t2 ≤ t1 + horizon, as (a, m, b, t1, t2)."""
    fn = engine.fn
    e1 = e.select(fn.col("src").alias("a"), fn.col("dst").alias("m"), fn.col("t").alias("t1"))
    e2 = e.select(fn.col("src").alias("m2"), fn.col("dst").alias("b"), fn.col("t").alias("t2"))
    cond = (
        (fn.col("m") == fn.col("m2"))
        & (fn.col("t2") >= fn.col("t1"))
        & (fn.col("t2") <= fn.col("t1") + HORIZON_S)
    )
    return e1.join(e2, on=cond, how="inner").select("a", "m", "b", "t1", "t2")


def pattern_events(engine: Engine, e: Frame) -> Frame:
    """Cycle and scatter-gather events as (account, t, kind, value)."""
    e = engine.materialize(e, "path_edges")
    paths = engine.materialize(two_hops(engine, e), "two_hops")
    return _cycles(engine, paths, e).unionByName(_scatter_gather(engine, paths))


def _cycles(engine: Engine, paths: Frame, e: Frame) -> Frame:
    fn = engine.fn
    short = paths.where(fn.col("a") == fn.col("b")).select("a", "m", fn.col("t2").alias("t"))
    closing = e.select(fn.col("src").alias("c_src"), fn.col("dst").alias("c_dst"), "t")
    cond = (
        (fn.col("c_src") == fn.col("b"))
        & (fn.col("c_dst") == fn.col("a"))
        & (fn.col("t") >= fn.col("t2"))
        & (fn.col("t") <= fn.col("t1") + HORIZON_S)
    )
    long = (
        paths.where(fn.col("a") != fn.col("b"))
        .join(closing, on=cond, how="inner")
        .select("a", "m", "b", "t")
    )
    members = [short.select(fn.col(c).alias("account"), "t") for c in ("a", "m")]
    members += [long.select(fn.col(c).alias("account"), "t") for c in ("a", "m", "b")]
    out = members[0]
    for frame in members[1:]:
        out = out.unionByName(frame)
    return out.select("account", "t", fn.lit("cycle").alias("kind"), fn.lit(1.0).alias("value"))


def _scatter_gather(engine: Engine, paths: Frame) -> Frame:
    fn = engine.fn
    pairs = (
        paths.where(fn.col("a") != fn.col("b"))
        .groupBy("a", "b")
        .agg(fn.countDistinct("m").alias("mids"), fn.max("t2").alias("t"))
        .where(fn.col("mids") >= 2)
    )
    ends = [pairs.select(fn.col(c).alias("account"), "t", "mids") for c in ("a", "b")]
    both = ends[0].unionByName(ends[1])
    return both.select(
        "account",
        "t",
        fn.lit("scatter_gather").alias("kind"),
        fn.col("mids").cast("double").alias("value"),
    )
