"""Sliding-window aggregates per account, evaluated at each of its legs.

Each window ends at the leg's own time and includes it (and legs at the same instant).
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame

WINDOWS: dict[str, int] = {"1h": 3_600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}
"""Window name → length in seconds."""


def windowed(engine: Engine, legs: Frame) -> Frame:
    """Add the sliding-window, distinct-counterparty and running columns to every leg."""
    engine.register(legs, "windowed_in")
    return engine.query(windowed_sql("windowed_in"), "legs_windowed")


def windowed_sql(source: str) -> str:
    """Every leg of `source` with its window aggregates, distinct counts and running values.

    Each aggregate is computed once, in the inner query; the shares are divided outside.
    """
    per_window = ",\n".join(
        f"{agg} OVER (PARTITION BY account ORDER BY t "
        f"RANGE BETWEEN {seconds} PRECEDING AND CURRENT ROW) AS {col}_{name}"
        for name, seconds in WINDOWS.items()
        for col, agg in _AGGREGATES.items()
    )
    derived = ",\n".join(
        f"{expr.format(w=name)} AS {col}_{name}"
        for name in WINDOWS
        for col, expr in _FROM_AGGREGATES.items()
    )
    return f"""
        WITH paired AS (
          SELECT *, ROW_NUMBER() OVER ({_PAIR}) - 1 AS pair_n,
            t - LAG(t) OVER ({_PAIR}) AS pair_gap_s, LEAD(t) OVER ({_PAIR}) - t AS pair_next_s
          FROM {source}),
        flagged AS (SELECT *, {_run_flags()} FROM paired),
        agg AS (SELECT *, {per_window}, {_run_counts()}, {_RUNNING} FROM flagged),
        fast AS (SELECT *, {_fast_counts()} FROM (SELECT *, {_IS_FAST} FROM agg) AS a)
        SELECT transfer_id, account, cp, t, amount, incoming, is_round, is_night, is_atm,
          is_crypto, {derived}, {_distinct()},
          pair_n, pair_gap_s, amount / (avg_30d + 1.0) AS amount_ratio, age_s, gap_s,
          CASE WHEN incoming = 0 THEN t - last_in END AS dwell_s, {_fast_shares()}
        FROM fast
    """


FAST_S = 7_200
"""An outgoing transfer is fast when it leaves within this many seconds after money came in."""
FAST_WINDOWS = ("7d", "30d")
_IS_FAST = (
    "CASE WHEN incoming = 0 AND t - last_in > 0 AND t - last_in <= "
    f"{FAST_S} THEN 1 ELSE 0 END AS is_fast"
)
"""A dwell of 0 (money in and out in the same second) is not counted: there the data give no
order between the two legs, and day-stamped data (AMLGentex) give 0 for every same-day pair."""


def _fast_counts() -> str:
    return ", ".join(
        f"SUM(is_fast) OVER (PARTITION BY account ORDER BY t "
        f"RANGE BETWEEN {WINDOWS[w]} PRECEDING AND CURRENT ROW) AS fast_{w}"
        for w in FAST_WINDOWS
    )


def _fast_shares() -> str:
    """Fast outgoing transfers per outgoing transfer of the window (plus one, so one fast
    transfer alone is not a certainty)."""
    return ", ".join(f"fast_{w} / (n_out_{w} + 1.0) AS fast_out_{w}" for w in FAST_WINDOWS)


DISTINCT_COLUMNS = [f"{label}_{n}" for n in WINDOWS for label in ("senders", "receivers")]
"""Distinct senders and receivers per window.

Counted as runs rather than with a distinct window aggregate or a band self-join (both
quadratic on busy accounts): a counterparty is in an account's window at time t when it
dealt with the account within the window's length before t, so its dealings with the
account make runs, each broken by a pause longer than the window. The counterparties in
the window at t are the runs open at t: those started by t, less those whose last dealing
was more than a window's length before t. Both are running counts over the account's legs;
a leg starts a run when the pair's leg before it is more than a window's length earlier,
and ends one when the pair's next is more than a window's length later.
"""
_DIRECTIONS = {"senders": 1, "receivers": 0}


def _run_flags() -> str:
    """Per leg, window and direction: does it start a run (`open_…`), end one (`close_…`)."""
    flags = []
    for name, seconds in WINDOWS.items():
        for label, incoming in _DIRECTIONS.items():
            mine = f"cp IS NOT NULL AND incoming = {incoming}"
            flags.append(
                f"CASE WHEN {mine} AND (pair_gap_s IS NULL OR pair_gap_s > {seconds}) "
                f"THEN 1 ELSE 0 END AS open_{label}_{name}"
            )
            flags.append(
                f"CASE WHEN {mine} AND (pair_next_s IS NULL OR pair_next_s > {seconds}) "
                f"THEN 1 ELSE 0 END AS close_{label}_{name}"
            )
    return ", ".join(flags)


def _run_counts() -> str:
    """Runs started by each leg's time, and runs ended more than a window before it."""
    counts = []
    for name, seconds in WINDOWS.items():
        for label in _DIRECTIONS:
            col = f"{label}_{name}"
            counts.append(
                f"SUM(open_{col}) OVER (PARTITION BY account ORDER BY t "
                f"RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS opened_{col}"
            )
            counts.append(
                f"SUM(close_{col}) OVER (PARTITION BY account ORDER BY t "
                f"RANGE BETWEEN UNBOUNDED PRECEDING AND {seconds + 1} PRECEDING) AS closed_{col}"
            )
    return ", ".join(counts)


def _distinct() -> str:
    return ", ".join(
        f"CAST(opened_{c} - COALESCE(closed_{c}, 0) AS BIGINT) AS {c}" for c in DISTINCT_COLUMNS
    )


_AGGREGATES = {
    "n_in": "SUM(CAST(incoming = 1 AS INT))",
    "n_out": "SUM(CAST(incoming = 0 AS INT))",
    "sum_in": "SUM(CASE WHEN incoming = 1 THEN amount ELSE 0.0 END)",
    "sum_out": "SUM(CASE WHEN incoming = 0 THEN amount ELSE 0.0 END)",
    "round": "SUM(is_round)",
    "night": "SUM(is_night)",
    "atm": "SUM(CASE WHEN incoming = 0 THEN is_atm * amount ELSE 0.0 END)",
    "crypto": "SUM(is_crypto)",
    "avg": "AVG(amount)",
    "std": "STDDEV_POP(amount)",
}
_FROM_AGGREGATES = {
    "n_in": "CAST(n_in_{w} AS BIGINT)",
    "n_out": "CAST(n_out_{w} AS BIGINT)",
    "sum_in": "sum_in_{w}",
    "sum_out": "sum_out_{w}",
    "pass_through": "sum_out_{w} / (sum_in_{w} + 1.0)",
    "round_share": "round_{w} / (n_in_{w} + n_out_{w})",
    "night_share": "night_{w} / (n_in_{w} + n_out_{w})",
    "atm_share": "atm_{w} / (sum_out_{w} + 1.0)",
    "crypto_share": "crypto_{w} / (n_in_{w} + n_out_{w})",
    "amount_mean": "avg_{w}",
    "amount_std": "COALESCE(std_{w}, 0.0)",
}
_SO_FAR = (
    "PARTITION BY account ORDER BY t, transfer_id, incoming "
    "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
)
_PAIR = "PARTITION BY account, cp, incoming ORDER BY t, transfer_id"
_RUNNING = f"""
    t - MIN(t) OVER ({_SO_FAR}) AS age_s,
    t - LAG(t) OVER (PARTITION BY account ORDER BY t, transfer_id, incoming) AS gap_s,
    MAX(CASE WHEN incoming = 1 THEN t END) OVER ({_SO_FAR}) AS last_in
"""
