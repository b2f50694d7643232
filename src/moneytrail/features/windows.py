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

    Counted as runs rather than with a distinct window aggregate or a band self-join (both
    quadratic on busy accounts): a counterparty is in an account's window at time t when it
    dealt with the account within the window's length before t, so its dealings make
    runs, each [first, last + length]; the distinct count at t is the number of runs open
    at t, a running sum of +1 at each run's start and -1 after its end.
    """
    fn = engine.fn
    legs = engine.materialize(legs, "legs_windowed")
    counts = engine.query(_distinct_sql(), "legs_distinct")
    keys = (fn.col("transfer_id") == fn.col("tid")) & (fn.col("incoming") == fn.col("inc"))
    filled = [fn.coalesce(fn.col(c), fn.lit(0)).alias(c) for c in DISTINCT_COLUMNS]
    return legs.join(counts, on=keys, how="left").select(
        *[fn.col(c) for c in legs.columns], *filled
    )


DISTINCT_COLUMNS = [f"{label}_{n}" for n in WINDOWS for label in ("senders", "receivers")]
_DIRECTIONS = {"senders": 1, "receivers": 0}


def _distinct_sql() -> str:
    windows = ", ".join(f"('{name}', {seconds})" for name, seconds in WINDOWS.items())
    running = ", ".join(
        f"SUM(CASE WHEN w = '{name}' AND dir = {d} THEN delta ELSE 0 END) OVER ("
        "PARTITION BY account ORDER BY t, ord ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
        f") AS {label}_{name}"
        for name in WINDOWS
        for label, d in _DIRECTIONS.items()
    )
    run_key = "w, account, incoming, cp"
    return f"""
        WITH win AS (SELECT * FROM VALUES {windows} AS win(w, len)),
        occ AS (SELECT DISTINCT account, incoming, cp, t FROM legs_windowed
                WHERE cp IS NOT NULL),
        flagged AS (
          SELECT o.*, win.w, win.len,
            CASE WHEN o.t - LAG(o.t) OVER (PARTITION BY {run_key} ORDER BY o.t) <= win.len
                 THEN 0 ELSE 1 END AS starts
          FROM occ o CROSS JOIN win),
        runs AS (
          SELECT *, SUM(starts) OVER (PARTITION BY {run_key} ORDER BY t
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
          FROM flagged),
        spans AS (
          SELECT w, account, incoming, MIN(t) AS t0, MAX(t) + MAX(len) AS t1
          FROM runs GROUP BY {run_key}, run),
        events AS (
          SELECT w, account, incoming AS dir, t0 AS t, 0 AS ord, 1 AS delta,
                 CAST(NULL AS STRING) AS tid, CAST(NULL AS INT) AS inc FROM spans
          UNION ALL
          SELECT w, account, incoming, t1, 2, -1, CAST(NULL AS STRING), CAST(NULL AS INT)
          FROM spans
          UNION ALL
          SELECT CAST(NULL AS STRING), account, CAST(NULL AS INT), t, 1, 0, transfer_id, incoming
          FROM legs_windowed),
        counted AS (SELECT ord, tid, inc, {running} FROM events)
        SELECT tid, inc, {", ".join(DISTINCT_COLUMNS)} FROM counted WHERE ord = 1
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
