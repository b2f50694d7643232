"""Closeness to requisites already known to be a shop's, and identifiers shared across accounts.

`known` holds (instrument, since): an instrument counts as known from `since` (epoch seconds)
on, so a leg never sees a flag raised after it. `links` holds (instrument, kind, value) for
phones, devices and IINs attached to accounts.
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame

LINK_KINDS = ("phone", "device", "iin")


def with_known(engine: Engine, legs: Frame, known: Frame) -> Frame:
    """Add flags: the account itself, its counterparty, or a counterparty's counterparty known."""
    fn = engine.fn
    hop1 = _hop1(engine, legs, known)
    out = _flag(engine, legs, known, "account", "known_self")
    out = _flag(engine, out, known, "cp", "known_cp")
    return _flag(engine, out, hop1, "cp", "known_cp2").withColumn(
        "known_any", fn.greatest("known_self", "known_cp", "known_cp2")
    )


def _flag(engine: Engine, legs: Frame, known: Frame, key: str, name: str) -> Frame:
    fn = engine.fn
    k = known.select(fn.col("instrument").alias(f"{name}_i"), fn.col("since").alias(f"{name}_s"))
    cond = (fn.col(key) == fn.col(f"{name}_i")) & (fn.col(f"{name}_s") <= fn.col("t"))
    joined = legs.join(k, on=cond, how="left")
    flag = fn.when(fn.col(f"{name}_i").isNotNull(), 1).otherwise(0).alias(name)
    return joined.select(*[fn.col(c) for c in legs.columns], flag)


def _hop1(engine: Engine, legs: Frame, known: Frame) -> Frame:
    """Accounts that dealt with a known instrument, from the first such moment."""
    fn = engine.fn
    k = known.select(fn.col("instrument").alias("k_i"), fn.col("since").alias("k_s"))
    cond = (fn.col("cp") == fn.col("k_i")) & (fn.col("k_s") <= fn.col("t"))
    touched = legs.join(k, on=cond, how="inner")
    return touched.groupBy(fn.col("account").alias("instrument")).agg(fn.min("t").alias("since"))


def shared_counts(engine: Engine, transfers: Frame, links: Frame | None) -> Frame:
    """Per instrument: how many other instruments share its holder (IIN), phone or device."""
    fn = engine.fn
    pairs = _holder_links(engine, transfers)
    if links is not None:
        pairs = pairs.unionByName(links.select("instrument", "kind", "value"))
    pairs = pairs.where(fn.col("value").isNotNull()).distinct()
    sizes = pairs.groupBy("kind", "value").agg(fn.count(fn.lit(1)).alias("n"))
    joined = pairs.join(sizes, on=["kind", "value"], how="inner")
    aggs = [
        fn.max(fn.when(fn.col("kind") == kind, fn.col("n") - 1).otherwise(0)).alias(
            f"shared_{kind}"
        )
        for kind in LINK_KINDS
    ]
    return joined.groupBy(fn.col("instrument").alias("account")).agg(*aggs)


def _holder_links(engine: Engine, transfers: Frame) -> Frame:
    fn = engine.fn
    sides = [
        transfers.select(
            fn.col(f"{s}_instrument").alias("instrument"),
            fn.lit("iin").alias("kind"),
            fn.col(f"{s}_party").alias("value"),
        )
        for s in ("src", "dst")
    ]
    return sides[0].unionByName(sides[1]).where(fn.col("instrument").isNotNull())
