"""Sliding-window aggregates per account, evaluated at each of its legs.

Each window ends at the leg's own time and includes it (and legs at the same instant).
"""

from __future__ import annotations

from typing import Any

from moneytrail.features.engine import Engine, Frame

WINDOWS: dict[str, int] = {"1h": 3_600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}
"""Window name → length in seconds."""


def windowed(engine: Engine, legs: Frame) -> Frame:
    """Add the sliding-window and running columns to every leg."""
    cols: list[Any] = []
    for name, seconds in WINDOWS.items():
        cols.extend(_window_cols(engine, name, seconds))
    cols.extend(_running_cols(engine))
    return distinct_counterparties(engine, legs.select("*", *cols))


def _window_cols(engine: Engine, name: str, seconds: int) -> list[Any]:
    fn = engine.fn
    w = engine.Window.partitionBy("account").orderBy("t").rangeBetween(-seconds, 0)
    inc = fn.col("incoming") == 1
    out = fn.col("incoming") == 0
    sum_in = fn.sum(fn.when(inc, fn.col("amount")).otherwise(0.0)).over(w)
    sum_out = fn.sum(fn.when(out, fn.col("amount")).otherwise(0.0)).over(w)
    n_all = fn.count(fn.lit(1)).over(w)
    return [
        fn.sum(inc.cast("int")).over(w).alias(f"n_in_{name}"),
        fn.sum(out.cast("int")).over(w).alias(f"n_out_{name}"),
        sum_in.alias(f"sum_in_{name}"),
        sum_out.alias(f"sum_out_{name}"),
        (sum_out / (sum_in + 1.0)).alias(f"pass_through_{name}"),
        (fn.sum("is_round").over(w) / n_all).alias(f"round_share_{name}"),
        (fn.sum("is_night").over(w) / n_all).alias(f"night_share_{name}"),
        (fn.sum(fn.col("is_atm") * fn.col("amount")).over(w) / (sum_out + 1.0)).alias(
            f"atm_share_{name}"
        ),
        (fn.sum("is_crypto").over(w) / n_all).alias(f"crypto_share_{name}"),
        fn.avg("amount").over(w).alias(f"amount_mean_{name}"),
        fn.coalesce(fn.stddev_pop("amount").over(w), fn.lit(0.0)).alias(f"amount_std_{name}"),
    ]


def distinct_counterparties(engine: Engine, legs: Frame) -> Frame:
    """Add distinct senders and receivers per window to every leg.

    A band self-join rather than a distinct window aggregate: DuckDB evaluates
    `COUNT(DISTINCT …) OVER (RANGE …)` row by row, which is quadratic on busy accounts.
    """
    fn = engine.fn
    engine.materialize(legs, "legs_windowed")
    counts = engine.query(_distinct_sql(), "legs_distinct")
    keys = (fn.col("transfer_id") == fn.col("tid")) & (fn.col("incoming") == fn.col("inc"))
    filled = [fn.coalesce(fn.col(c), fn.lit(0)).alias(c) for c in DISTINCT_COLUMNS]
    return legs.join(counts, on=keys, how="left").select(
        *[fn.col(c) for c in legs.columns], *filled
    )


DISTINCT_COLUMNS = [f"{label}_{n}" for n in WINDOWS for label in ("senders", "receivers")]


def _distinct_sql() -> str:
    counts = []
    for name, seconds in WINDOWS.items():
        for label, direction in (("senders", 1), ("receivers", 0)):
            hit = f"s.incoming = {direction} AND s.t >= l.t - {seconds}"
            counts.append(f"COUNT(DISTINCT CASE WHEN {hit} THEN s.cp END) AS {label}_{name}")
    return f"""
        SELECT l.transfer_id AS tid, l.incoming AS inc, {", ".join(counts)}
        FROM legs_windowed l
        JOIN (SELECT DISTINCT account, incoming, cp, t FROM legs_windowed
              WHERE cp IS NOT NULL) s
          ON s.account = l.account AND s.t <= l.t AND s.t >= l.t - {max(WINDOWS.values())}
        GROUP BY l.transfer_id, l.incoming
    """


def _running_cols(engine: Engine) -> list[Any]:
    fn = engine.fn
    win = engine.Window
    ordered = win.partitionBy("account").orderBy("t", "transfer_id", "incoming")
    so_far = ordered.rowsBetween(win.unboundedPreceding, 0)
    last_in = fn.max(fn.when(fn.col("incoming") == 1, fn.col("t"))).over(so_far)
    pair = win.partitionBy("account", "cp", "incoming").orderBy("t", "transfer_id")
    month = win.partitionBy("account").orderBy("t").rangeBetween(-30 * 86_400, 0)
    return [
        (fn.row_number().over(pair) - 1).alias("pair_n"),
        (fn.col("t") - fn.lag("t").over(pair)).alias("pair_gap_s"),
        (fn.col("amount") / (fn.avg("amount").over(month) + 1.0)).alias("amount_ratio"),
        (fn.col("t") - fn.min("t").over(so_far)).alias("age_s"),
        (fn.col("t") - fn.lag("t").over(ordered)).alias("gap_s"),
        fn.when(fn.col("incoming") == 0, fn.col("t") - last_in).alias("dwell_s"),
    ]
