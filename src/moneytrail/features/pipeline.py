"""The feature pipeline: transfers in, one row of named features per transfer out.

Every transfer gets the features of its sender's account (`src_…`) and of its receiver's
(`dst_…`), as they stood at the transfer's time, plus a few of its own.
"""

from __future__ import annotations

from typing import Any

from moneytrail.features.catalog import ACCOUNT_FEATURES, TRANSFER_FEATURES
from moneytrail.features.engine import Engine, Frame
from moneytrail.features.legs import legs as make_legs
from moneytrail.features.paths import edges, pattern_events
from moneytrail.features.proximity import shared_counts, with_known
from moneytrail.features.windows import windowed

EVENT_WINDOW_S = 30 * 86_400


def account_legs(
    engine: Engine, transfers: Frame, known: Frame | None = None, links: Frame | None = None
) -> Frame:
    """Every leg with its account's features at that moment (columns `ACCOUNT_FEATURES`)."""
    fn = engine.fn
    legs = windowed(engine, make_legs(engine, transfers))
    legs = engine.materialize(legs, "legs_counted")
    events = engine.materialize(pattern_events(engine, edges(engine, transfers)), "events")
    legs = engine.materialize(_with_events(engine, legs, events), "legs_events")
    if known is None:
        known = engine.session.createDataFrame([("", 0)], ["instrument", "since"]).limit(0)
    known = known.groupBy("instrument").agg(fn.min("since").alias("since"))
    legs = engine.materialize(with_known(engine, legs, known), "legs_known")
    legs = legs.join(shared_counts(engine, transfers, links), on="account", how="left")
    out = legs.select("transfer_id", "incoming", "account", "t", *_derived(engine))
    return engine.materialize(out, "account_legs")


def transfer_features(
    engine: Engine, transfers: Frame, known: Frame | None = None, links: Frame | None = None
) -> Frame:
    """One row per transfer: `transfer_id`, its own features, and both accounts' features."""
    fn = engine.fn
    legs = account_legs(engine, transfers, known, links)
    sides = []
    for side, incoming in (("src", 0), ("dst", 1)):
        picked = legs.where(fn.col("incoming") == incoming)
        sides.append(
            picked.select(
                "transfer_id", *[fn.col(n).alias(f"{side}_{n}") for n in ACCOUNT_FEATURES]
            )
        )
    own = transfers.select(
        "transfer_id",
        fn.col("amount_minor").cast("double").alias("amount"),
        (fn.col("amount_minor") % 100_000 == 0).cast("int").alias("is_round"),
        fn.hour(fn.col("ts")).alias("hour"),
    )
    out = own.join(sides[0], on="transfer_id", how="left")
    return out.join(sides[1], on="transfer_id", how="left")


def feature_names() -> list[str]:
    """The model's input columns, in order."""
    sides = [f"{s}_{n}" for s in ("src", "dst") for n in ACCOUNT_FEATURES]
    return [*TRANSFER_FEATURES, *sides]


def _with_events(engine: Engine, legs: Frame, events: Frame) -> Frame:
    fn = engine.fn
    keys = legs.select(
        "account",
        "t",
        "transfer_id",
        "incoming",
        fn.lit(None).cast("string").alias("kind"),
        fn.lit(None).cast("double").alias("value"),
    )
    ev = events.select(
        "account",
        "t",
        fn.lit(None).cast("string").alias("transfer_id"),
        fn.lit(None).cast("int").alias("incoming"),
        "kind",
        "value",
    )
    w = engine.Window.partitionBy("account").orderBy("t").rangeBetween(-EVENT_WINDOW_S, 0)
    is_cycle = (fn.col("kind") == "cycle").cast("int")
    sg = fn.when(fn.col("kind") == "scatter_gather", fn.col("value"))
    counted = (
        keys.unionByName(ev)
        .select(
            "transfer_id",
            "incoming",
            fn.coalesce(fn.sum(is_cycle).over(w), fn.lit(0)).alias("cycles_30d"),
            fn.coalesce(fn.max(sg).over(w), fn.lit(0.0)).alias("scatter_gather_30d"),
        )
        .where(fn.col("transfer_id").isNotNull())
    )
    return legs.join(counted, on=["transfer_id", "incoming"], how="left")


def _derived(engine: Engine) -> list[Any]:
    fn = engine.fn
    plain = [n for n in ACCOUNT_FEATURES if n not in ("spike_24h", "gather_scatter_7d")]
    known_30d = engine.Window.partitionBy("account").orderBy("t").rangeBetween(-EVENT_WINDOW_S, 0)
    cols: list[Any] = [fn.col(n) for n in plain if n != "known_cp_30d"]
    cols.append(fn.sum("known_cp").over(known_30d).alias("known_cp_30d"))
    recent = fn.col("n_in_24h") + fn.col("n_out_24h")
    usual = (fn.col("n_in_30d") + fn.col("n_out_30d")) / 30.0 + 1.0
    cols.append((recent / usual).alias("spike_24h"))
    cols.append(fn.least("senders_7d", "receivers_7d").alias("gather_scatter_7d"))
    return cols
