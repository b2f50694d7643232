"""Sliding-window aggregates per account, evaluated at each of its legs.

Each window ends at the leg's own time and includes it (and legs at the same instant).
"""

from __future__ import annotations

from collections.abc import Callable

from moneytrail.features.engine import Engine, Frame

WINDOWS: dict[str, int] = {"1h": 3_600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}
"""Window name → length in seconds."""

PER_WINDOW = (
    "n_in",
    "n_out",
    "sum_in",
    "sum_out",
    "pass_through",
    "round_share",
    "night_share",
    "atm_share",
    "crypto_share",
    "amount_mean",
    "amount_std",
)
"""The columns `windowed_sql` adds for each window, named `{column}_{window}`."""


def windowed(engine: Engine, legs: Frame) -> Frame:
    """Add the sliding-window, distinct-counterparty and running columns to every leg."""
    engine.register(legs, "windowed_in")
    engine.query(windowed_sql("windowed_in"), "legs_windowed")
    engine.query(distinct_sql("windowed_in"), "legs_distinct")
    filled = ", ".join(f"d.{c}" for c in DISTINCT_COLUMNS)
    joined = f"""
        SELECT w.*, {filled} FROM legs_windowed w JOIN legs_distinct d
          ON w.transfer_id = d.transfer_id AND w.incoming = d.incoming
    """
    return engine.query(joined, "legs_counted")


def windowed_sql(source: str) -> str:
    """Every leg of `source` with its window aggregates and running values.

    Each aggregate is computed once, in the inner query; the shares are divided outside.
    """
    raw = ",\n".join(
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
        WITH agg AS (
          SELECT *, {raw}, {_RUNNING}
          FROM {source})
        SELECT transfer_id, account, cp, t, amount, incoming, is_round, is_night, is_atm,
          is_crypto, {derived},
          pair_n, pair_gap_s, amount / (avg_30d + 1.0) AS amount_ratio, age_s, gap_s,
          CASE WHEN incoming = 0 THEN t - last_in END AS dwell_s
        FROM agg
    """


_AGGREGATES = {
    "n_in": "SUM(CAST(incoming = 1 AS INT))",
    "n_out": "SUM(CAST(incoming = 0 AS INT))",
    "sum_in": "SUM(CASE WHEN incoming = 1 THEN amount ELSE 0.0 END)",
    "sum_out": "SUM(CASE WHEN incoming = 0 THEN amount ELSE 0.0 END)",
    "round": "SUM(is_round)",
    "night": "SUM(is_night)",
    "atm": "SUM(is_atm * amount)",
    "crypto": "SUM(is_crypto)",
    "all": "COUNT(1)",
    "avg": "AVG(amount)",
    "std": "STDDEV_POP(amount)",
}
_FROM_AGGREGATES = {
    "n_in": "n_in_{w}",
    "n_out": "n_out_{w}",
    "sum_in": "sum_in_{w}",
    "sum_out": "sum_out_{w}",
    "pass_through": "sum_out_{w} / (sum_in_{w} + 1.0)",
    "round_share": "round_{w} / all_{w}",
    "night_share": "night_{w} / all_{w}",
    "atm_share": "atm_{w} / (sum_out_{w} + 1.0)",
    "crypto_share": "crypto_{w} / all_{w}",
    "amount_mean": "avg_{w}",
    "amount_std": "COALESCE(std_{w}, 0.0)",
}
_SO_FAR = (
    "PARTITION BY account ORDER BY t, transfer_id, incoming "
    "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
)
_PAIR = "PARTITION BY account, cp, incoming ORDER BY t, transfer_id"
_RUNNING = f"""
    ROW_NUMBER() OVER ({_PAIR}) - 1 AS pair_n,
    t - LAG(t) OVER ({_PAIR}) AS pair_gap_s,
    t - MIN(t) OVER ({_SO_FAR}) AS age_s,
    t - LAG(t) OVER (PARTITION BY account ORDER BY t, transfer_id, incoming) AS gap_s,
    MAX(CASE WHEN incoming = 1 THEN t END) OVER ({_SO_FAR}) AS last_in
"""


def distinct_counterparties(engine: Engine, legs: Frame) -> Frame:
    """Distinct senders and receivers per window at every leg (`transfer_id`, `incoming`).

    Counted as runs rather than with a distinct window aggregate or a band self-join (both
    quadratic on busy accounts): a counterparty is in an account's window at time t when it
    dealt with the account within the window's length before t, so its dealings make
    runs, each [first, last + length]; the distinct count at t is the number of runs open
    at t, a running sum of +1 at each run's start and -1 after its end. A dealing starts a
    run when the one before it is more than a window's length earlier, and ends one when
    the next is more than a window's length later: one pass finds both, for all windows.
    """
    engine.register(legs, "distinct_in")
    return engine.query(distinct_sql("distinct_in"), "legs_distinct")


DISTINCT_COLUMNS = [f"{label}_{n}" for n in WINDOWS for label in ("senders", "receivers")]
_DIRECTIONS = {"senders": 1, "receivers": 0}


def _deltas(value: Callable[[str, int, int], str]) -> str:
    """The eight count columns of one event row, `value(window, seconds, incoming)` each."""
    return ", ".join(
        f"{value(name, seconds, d)} AS {label}_{name}"
        for name, seconds in WINDOWS.items()
        for label, d in _DIRECTIONS.items()
    )


def _ending(window: str) -> Callable[[str, int, int], str]:
    def value(name: str, _: int, incoming: int) -> str:
        return f"CASE WHEN incoming = {incoming} THEN -1 ELSE 0 END" if name == window else "0"

    return value


def distinct_sql(source: str) -> str:
    """The query of `distinct_counterparties` over the legs named `source`."""
    shortest = min(WINDOWS.values())
    starts = _deltas(
        lambda _, s, d: f"CASE WHEN incoming = {d} AND (gap_before IS NULL OR gap_before > {s}) "
        "THEN 1 ELSE 0 END"
    )
    keys = "CAST(NULL AS STRING) AS tid, CAST(NULL AS INT) AS inc"
    ends = [
        f"SELECT account, t + {seconds} AS t, 2 AS ord, "
        + _deltas(_ending(name))
        + f", {keys} FROM gaps WHERE gap_after IS NULL OR gap_after > {seconds}"
        for name, seconds in WINDOWS.items()
    ]
    running = ", ".join(
        f"SUM({c}) OVER (PARTITION BY account ORDER BY t, ord "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {c}"
        for c in DISTINCT_COLUMNS
    )
    union = "\n          UNION ALL ".join(
        [
            f"SELECT account, t, 0 AS ord, {starts}, {keys} FROM gaps "
            f"WHERE gap_before IS NULL OR gap_before > {shortest}",
            *ends,
            f"SELECT account, t, 1 AS ord, {_deltas(lambda *_: '0')}, transfer_id AS tid, "
            f"incoming AS inc FROM {source}",
        ]
    )
    return f"""
        WITH occ AS (SELECT DISTINCT account, incoming, cp, t FROM {source}
                     WHERE cp IS NOT NULL),
        gaps AS (
          SELECT account, incoming, t,
            t - LAG(t) OVER (PARTITION BY account, incoming, cp ORDER BY t) AS gap_before,
            LEAD(t) OVER (PARTITION BY account, incoming, cp ORDER BY t) - t AS gap_after
          FROM occ),
        events AS ({union}),
        counted AS (SELECT ord, tid, inc, {running} FROM events)
        SELECT tid AS transfer_id, inc AS incoming, {", ".join(DISTINCT_COLUMNS)}
        FROM counted WHERE ord = 1
    """
