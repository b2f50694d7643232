"""Per-account daily activity with rolling windows: one pipeline, run on either engine.

For every account (an instrument that is not `external`) and every day it moved money:
transfers and amounts out and in that day, the same summed over the last `days` days
(a range window over day numbers), the distinct counterparties over those days, and the
days since its previous active day. Amounts are in minor units of whatever currencies the
transfers carry, so the sums are meaningful only within one currency.
"""

from __future__ import annotations

from moneytrail.lake.engine import Engine, Frame

EXTERNAL = "external"
COLUMNS = (
    *("account", "day", "n_out", "sum_out", "n_in", "sum_in"),
    *("n_out_7d", "sum_out_7d", "n_in_7d", "sum_in_7d", "counterparties_7d", "gap_days"),
)


def _legs(engine: Engine) -> Frame:
    """Each transfer twice: as the sender's outgoing leg and the receiver's incoming one."""
    F = engine.functions  # noqa: N806 - PySpark's own name for it
    transfers = engine.table("transfers").select(
        *("src_instrument", "src_instrument_kind", "dst_instrument", "dst_instrument_kind"),
        F.col("amount_minor").cast("long").alias("amount"),
        F.to_date(F.col("ts")).alias("day"),
    )
    epoch = F.lit("1970-01-01").cast("date")
    transfers = transfers.withColumn("day_no", F.datediff(F.col("day"), epoch).cast("long"))

    def side(me: str, other: str, out: int) -> Frame:
        mine = F.col(f"{me}_instrument").isNotNull() & (F.col(f"{me}_instrument_kind") != EXTERNAL)
        return transfers.where(mine).select(
            F.col(f"{me}_instrument").alias("account"),
            F.col(f"{other}_instrument").alias("counterparty"),
            "day",
            "day_no",
            "amount",
            F.lit(out).alias("out"),
        )

    return side("src", "dst", 1).unionByName(side("dst", "src", 0))


def account_days(engine: Engine, days: int = 7) -> Frame:
    """One row per account and active day (`COLUMNS`), ordered by account and day."""
    F, W = engine.functions, engine.window  # noqa: N806 - PySpark's own names
    legs = engine.cache(_legs(engine))
    out, inbound = F.col("out") == 1, F.col("out") == 0
    daily = legs.groupBy("account", "day", "day_no").agg(
        F.sum(F.when(out, 1).otherwise(0)).cast("long").alias("n_out"),
        F.sum(F.when(out, F.col("amount")).otherwise(0)).cast("long").alias("sum_out"),
        F.sum(F.when(inbound, 1).otherwise(0)).cast("long").alias("n_in"),
        F.sum(F.when(inbound, F.col("amount")).otherwise(0)).cast("long").alias("sum_in"),
    )
    recent = W.partitionBy("account").orderBy("day_no").rangeBetween(-(days - 1), 0)
    previous = W.partitionBy("account").orderBy("day")
    rolling = daily.select(
        *("account", "day", "n_out", "sum_out", "n_in", "sum_in"),
        *(F.sum(c).over(recent).cast("long").alias(f"{c}_7d") for c in _SUMMED),
        F.datediff(F.col("day"), F.lag("day").over(previous)).cast("long").alias("gap_days"),
    )
    pairs = legs.where(F.col("counterparty").isNotNull())
    pairs = pairs.select("account", "day", "day_no", "counterparty").distinct()
    seen = F.size(F.array_distinct(F.collect_list("counterparty").over(recent))).cast("long")
    spread = pairs.select("account", "day", seen.alias("seen")).groupBy("account", "day")
    spread = spread.agg(F.max("seen").alias("counterparties_7d"))
    joined = rolling.join(spread, on=["account", "day"], how="left")
    return joined.select(*COLUMNS).orderBy("account", "day")


_SUMMED = ("n_out", "sum_out", "n_in", "sum_in")
