"""Fiat↔crypto bridges on Spark, the driver holding only the legs of candidate pairs.

A banded time join finds each direction's candidate pairs (`trace.bridge_candidates`: the
second leg at most `within_minutes` after the first, the first's value over the second's by a
margin in the spread band at the day's rate) without a cross product: times fall in buckets
of the window's width, and each first leg meets the second legs of its bucket and the next.
The chance correction of `trace.bridges` counts, per trader (the holder: `party:<id>`, else
the instrument) and wallet of a candidate pair, the pairs of all their legs, both directions,
whose values are in the band, whenever they happened: Spark counts them (`_bands`). The
driver collects the legs of the candidate pairs, in the whole frame's order, and one count
per candidate trader and wallet, and runs `match_bridges` on them with those counts and the
whole frame's time span. Candidates are pairs of legs, so all of them are among the legs
collected; exclusivity, the stable sorts and the one-to-one order read only them and their
order, so the bridges are exactly the whole frame's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA, Channel
from moneytrail.trace.bridge_candidates import (
    COIN,
    DAY_US,
    EPOCH_DAY,
    FIAT,
    MINUTE_US,
    WAYS,
    BridgeRules,
)
from moneytrail.trace.bridges import AT_RATE, Bands, Bridges, match_bridges

if TYPE_CHECKING:
    import numpy.typing as npt
    from pyspark.sql import Column, DataFrame

    I64 = npt.NDArray[np.int64]

COLUMNS = ("transfer_id", "ts", "amount_minor", "currency", "channel")
SIDES = ("src_party", "src_instrument", "dst_party", "dst_instrument")
SLACK = 1e-9
"""How far past the spread band the join looks: the numpy matching on the collected legs
decides exactly, and a leg collected needlessly changes no bridge."""


def _start(value: Column, width: int) -> Column:
    """The start of the bucket of `width` that a long column's value falls in (the largest
    multiple of `width` not above it, also below zero: integers only)."""
    from pyspark.sql import functions as fn

    return value - fn.pmod(value, fn.lit(width))


def _holder(frame: DataFrame, name: str) -> Column:
    """Who holds a side's instrument as `Table.owner` codes it: `party:<id>` where the
    table has the party, else the instrument, else the empty string."""
    from pyspark.sql import functions as fn

    party = f"{name.split('_', 1)[0]}_party"
    named = [fn.concat(fn.lit("party:"), fn.col(party))] if party in frame.columns else []
    return fn.coalesce(*named, fn.col(name), fn.lit(""))


def _with_rate(
    frame: DataFrame, rates: Mapping[date, float], offset_us: int
) -> tuple[DataFrame, Column]:
    """The frame and its rows' tenge per USDT on their local day, as `_day_rates` picks it
    (the nearest earlier known day, else the first): a broadcast table of every day from the
    first known to the last, by the µs its local day starts at."""
    from pyspark.sql import functions as fn

    known = sorted(rates)
    if len(known) == 1:
        return frame, fn.lit(float(rates[known[0]]))
    days = np.array([d.toordinal() - EPOCH_DAY for d in known], np.int64)
    every = np.arange(days[0], days[-1] + 1, dtype=np.int64)
    values = np.array([rates[d] for d in known], np.float64)
    at = np.searchsorted(days, every, side="right") - 1
    table = pa.table({"_day": every * DAY_US, "_rate": values[at]})
    local = _start(fn.unix_micros(fn.col("ts")) + fn.lit(offset_us), DAY_US)
    first, last = (fn.lit(int(d) * DAY_US) for d in (days[0], days[-1]))
    day = fn.greatest(fn.least(local, last), first)
    joined = frame.withColumn("_day", day).join(
        fn.broadcast(frame.sparkSession.createDataFrame(table)), "_day"
    )
    return joined, fn.col("_rate")


def _legs(
    transfers: DataFrame,
    order: str,
    rates: Mapping[date, float],
    rules: BridgeRules,
    services: Sequence[str],
) -> DataFrame:
    """The rows that are a leg of some direction `k` (of `WAYS`): `_order`, `_ts` (µs),
    `_value` (tenge; USDT at the day's rate), whether a tenge leg (`_fiat{k}`) or a USDT leg
    (`_coin{k}`) of direction `k`, its trader (`_card{k}`) and its wallet (`_wallet{k}`)."""
    from pyspark.sql import functions as fn

    currency, channel = fn.col("currency"), fn.col("channel")
    coin = (currency == COIN) & (channel == Channel.CRYPTO_TRANSFER.value)
    columns = [fn.col(order).alias("_order"), fn.unix_micros(fn.col("ts")).alias("_ts")]
    leg = fn.lit(False)
    for k, way in enumerate(WAYS):
        fiat = (currency == FIAT) & channel.isin(*way.fiat_channels)
        service = fn.col(way.wallet_side).isin(*services) if services else fn.lit(False)
        usdt = coin & ~fn.coalesce(service, fn.lit(False))
        kinds = (fn.coalesce(fiat, fn.lit(False)), fn.coalesce(usdt, fn.lit(False)))
        leg = leg | kinds[0] | kinds[1]
        columns += [
            kinds[0].alias(f"_fiat{k}"),
            kinds[1].alias(f"_coin{k}"),
            _holder(transfers, way.card_side).alias(f"_card{k}"),
            fn.coalesce(fn.col(way.wallet_side), fn.lit("")).alias(f"_wallet{k}"),
        ]
    frame, rate = _with_rate(transfers.where(leg), rates, rules.utc_offset_hours * 3_600_000_000)
    minor = fn.col("amount_minor").cast("double")
    fiat_value = minor / fn.lit(float(10 ** MINOR_UNITS[FIAT]))
    coin_value = minor / fn.lit(float(10 ** MINOR_UNITS[COIN])) * rate
    value = fn.when(currency == FIAT, fiat_value).otherwise(coin_value)
    return frame.select(*columns, value.alias("_value"))


def _pairs(legs: DataFrame, k: int, rules: BridgeRules) -> DataFrame:
    """Direction `k`'s candidate pairs (at least; `SLACK`): the trader and wallet of each and
    the `_order` of its legs (`_first`, `_second`); the second leg at most the window after
    the first, the first's value over the second's by a margin in the band
    (`graph.kernels.match.candidates`)."""
    from pyspark.sql import functions as fn

    within = rules.within_minutes * MINUTE_US
    first, second = ("_coin", "_fiat") if WAYS[k].coin_first else ("_fiat", "_coin")
    keys = {"_fiat": f"_card{k}", "_coin": f"_wallet{k}"}
    width = max(within, 1)
    bucket = _start(fn.col("_ts"), width)
    firsts = legs.where(fn.col(f"{first}{k}")).select(
        fn.col("_order").alias("_first"),
        fn.col("_ts").alias("_t1"),
        fn.col("_value").alias("_v1"),
        fn.col(keys[first]).alias(f"{first}_key"),
        fn.explode(fn.array(bucket, bucket + width)).alias("_bucket"),
    )
    seconds = legs.where(fn.col(f"{second}{k}")).select(
        fn.col("_order").alias("_second"),
        fn.col("_ts").alias("_t2"),
        fn.col("_value").alias("_v2"),
        fn.col(keys[second]).alias(f"{second}_key"),
        bucket.alias("_bucket"),
    )
    t1, t2, v1, v2 = (fn.col(c) for c in ("_t1", "_t2", "_v1", "_v2"))
    margin = fn.when(v2 > 0.0, v1 / v2 - 1.0)
    low, high = rules.spread
    found = firsts.join(seconds, "_bucket").where(
        (t2 >= t1) & (t2 <= t1 + within) & margin.between(low - SLACK, high + SLACK)
    )
    card, wallet = fn.col("_fiat_key").alias("card"), fn.col("_coin_key").alias("wallet")
    return found.select(card, wallet, "_first", "_second")


def _bands(legs: DataFrame, keys: DataFrame, rules: BridgeRules) -> DataFrame:
    """Per trader and wallet of `keys`: `band`, their `Candidates.band_pairs` over the whole
    frame, both directions summed. Per direction, each second leg counts once for every first
    leg it is in the band of: a running count, by value, of the second legs of each trader
    (or wallet, whichever leg comes second), taken at each first leg's upper bound (seconds
    at it included) less at its lower bound (seconds at it excluded), as `in_band` counts
    with `searchsorted`; the second legs are not copied per pair, the bounds are."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    low, high = rules.spread
    ordered = Window.partitionBy("_key").orderBy("_at", "_kind")
    running = ordered.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    counts = []
    for k, way in enumerate(WAYS):
        fiat = legs.where(fn.col(f"_fiat{k}")).select(fn.col(f"_card{k}").alias("card"), "_value")
        coin = legs.where(fn.col(f"_coin{k}"))
        coin = coin.select(fn.col(f"_wallet{k}").alias("wallet"), "_value")
        (first, lead), (second, then) = (fiat, "card"), (coin, "wallet")
        if way.coin_first:
            (first, lead), (second, then) = (second, then), (first, lead)
        bounds = first.join(keys, lead)
        seconds = second.join(keys.select(then), then, "left_semi")
        value, other = fn.col("_value"), fn.col(lead).alias("_other")
        events = [
            seconds.select(
                fn.col(then).alias("_key"),
                fn.lit(None).cast("string").alias("_other"),
                value.alias("_at"),
                fn.lit(1).alias("_kind"),
            ),
            *(
                bounds.select(
                    fn.col(then).alias("_key"),
                    other,
                    (value / fn.lit(1.0 + bound)).alias("_at"),
                    fn.lit(kind).alias("_kind"),
                )
                for bound, kind in ((high, 0), (low, 2))
            ),
        ]
        union = events[0].unionByName(events[1]).unionByName(events[2])
        seen = fn.sum((fn.col("_kind") == 1).cast("long")).over(running)
        sign = fn.when(fn.col("_kind") == 2, 1).otherwise(-1)
        counted = union.select("_key", "_other", "_kind", (seen * sign).alias("band"))
        counted = counted.where(fn.col("_kind") != 1)
        counts.append(
            counted.select(fn.col("_key").alias(then), fn.col("_other").alias(lead), "band")
        )
    both = counts[0]
    for more in counts[1:]:
        both = both.unionByName(more)
    return both.groupBy("card", "wallet").agg(fn.sum("band").cast("long").alias("band"))


def _counter(legs: DataFrame, rules: BridgeRules) -> Bands:
    """`match_bridges`'s `bands`, counted on Spark over `legs`; 0 for a pair no first leg
    of which is a leg of its trader or wallet."""

    def bands(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        if not pairs:
            return {}
        cards, wallets = ([p[k] for p in pairs] for k in (0, 1))
        keys = pa.table({"card": pa.array(cards, pa.string()), "wallet": wallets})
        frame = legs.sparkSession.createDataFrame(keys)
        rows = _bands(legs, frame, rules).toArrow().to_pylist()
        counted = {(r["card"], r["wallet"]): int(r["band"]) for r in rows}
        return {pair: counted.get(pair, 0) for pair in pairs}

    return bands


def _check(transfers: DataFrame, order: str) -> None:
    """A `ValueError` naming what the frame lacks."""
    needed = (order, *COLUMNS, "src_instrument", "dst_instrument")
    missing = [c for c in needed if c not in transfers.columns]
    if missing:
        raise ValueError(f"bridges on Spark: the transfers lack {', '.join(missing)}")
    kind = dict(transfers.dtypes)[order]
    if kind not in ("bigint", "int"):
        raise ValueError(f"bridges on Spark: the order column {order!r} is {kind}, not int64")


def _candidate_legs(
    transfers: DataFrame, legs: DataFrame, rules: BridgeRules, order: str
) -> tuple[pa.Table, I64]:
    """The legs of the candidate pairs (the `COLUMNS` and sides of `TRANSFER_SCHEMA`),
    collected in `order` (which must number the rows distinctly: checked on them), and
    their `order` values."""
    from pyspark.sql import functions as fn

    both = fn.explode(fn.array("_first", "_second")).alias("_order")
    ends = [_pairs(legs, k, rules).select(both) for k in range(len(WAYS))]
    needed = ends[0]
    for more in ends[1:]:
        needed = needed.unionByName(more)
    needed = needed.distinct()
    names = [*COLUMNS, *(c for c in SIDES if c in transfers.columns)]
    on = transfers[order].eqNullSafe(needed["_order"])
    rows = transfers.join(needed, on, "left_semi").select(order, *names).toArrow()
    rows = rows.sort_by(order)
    places = np.asarray(rows.column(order).combine_chunks().fill_null(np.iinfo(np.int64).min))
    if rows.column(order).null_count or (np.diff(places) <= 0).any():
        raise ValueError(f"bridges on Spark: {order!r} repeats or is null among the legs")
    fields = [TRANSFER_SCHEMA.field(n) for n in names]
    table = pa.table([rows.column(f.name).cast(f.type) for f in fields], pa.schema(fields))
    return table, places


def span(transfers: DataFrame) -> int:
    """From the frame's first transfer to its last (µs), as `Table.span`."""
    from pyspark.sql import functions as fn

    ts = fn.unix_micros(fn.col("ts"))
    low, high = transfers.agg(fn.min(ts), fn.max(ts)).collect()[0]
    return int(high) - int(low) if low is not None else 0


def _match(
    transfers: DataFrame,
    rates: Mapping[date, float],
    rules: BridgeRules,
    services: Sequence[str],
    order: str,
    span_us: int | None,
) -> tuple[Bridges, pa.Table, I64]:
    """The bridges over the legs of the candidate pairs, those legs and their `order`."""
    if not rates:
        raise ValueError("bridges need the day's USDT rate: no rates given")
    _check(transfers, order)
    legs = _legs(transfers, order, rates, rules, services).persist()
    try:
        table, places = _candidate_legs(transfers, legs, rules, order)
        whole = span(transfers) if span_us is None else span_us
        found = match_bridges(table, rates, rules, services, whole, _counter(legs, rules))
    finally:
        legs.unpersist()
    return found, table, places


def spark_match_bridges(
    transfers: DataFrame,
    rates: Mapping[date, float],
    rules: BridgeRules | None = None,
    services: Sequence[str] = (),
    order: str = "row",
    *,
    span_us: int | None = None,
) -> pa.Table:
    """`match_bridges(whole, rates, rules, services).to_table(whole)`, where `whole` is the
    frame collected in `order`; the driver collects the legs of the candidate pairs and the
    band pairs of the first pass's traders and wallets, counted on Spark. `span_us`: the
    frame's time span where the caller knows it (else one pass finds it)."""
    rules = rules or BridgeRules()
    found, table, _ = _match(transfers, rates, rules, services, order, span_us)
    return found.to_table(table)


def spark_bridges_at_rate(
    transfers: DataFrame, usdt_kzt: float, order: str = "row", *, span_us: int | None = None
) -> Bridges:
    """`match_at_rate(whole_table, usdt_kzt)` (as `spark_match_at_rate`), its legs given by
    their `order` values: the rows of the whole table where `order` numbers them from 0."""
    rates = {date(1970, 1, 1): usdt_kzt}
    found, _, places = _match(transfers, rates, AT_RATE, (), order, span_us)
    return Bridges(
        places[found.fiat],
        places[found.crypto],
        found.to_fiat,
        found.confidence,
        found.gap_us,
        found.spread,
    )


def spark_match_at_rate(
    transfers: DataFrame, usdt_kzt: float, order: str = "row", *, span_us: int | None = None
) -> pa.Table:
    """Columns fiat_transfer_id, crypto_transfer_id, direction, confidence, gap_s, spread
    (as `Bridges.to_table`), the same rows in the same order as
    `match_at_rate(whole_table, usdt_kzt).to_table(whole_table)`, where whole_table is the
    frame collected and sorted by its `order` column (`span_us` as `spark_match_bridges`)."""
    rates = {date(1970, 1, 1): usdt_kzt}
    return spark_match_bridges(transfers, rates, AT_RATE, (), order, span_us=span_us)
