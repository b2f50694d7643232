"""Temporal two- and three-hop patterns: cycles and scatter-gather, as timed events per account.

A path a→m→b counts when the second transfer follows the first within `HORIZON_S`. Each
pattern found becomes an event (account, time, kind, value) at the time it completed, so
that features can look back over events exactly as they look back over legs.
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame
from moneytrail.features.legs import EPOCH_SECOND

HORIZON_S = 7 * 86_400
KINDS = ("cycle", "scatter_gather")


def edges(engine: Engine, transfers: Frame) -> Frame:
    """Instrument-to-instrument transfers as (src, dst, t), self-loops dropped."""
    engine.register(transfers, "edges_in")
    return engine.query(edges_sql("edges_in"), "path_edges")


def edges_sql(source: str) -> str:
    """The query of `edges` over the transfers named `source`."""
    return f"""
        SELECT src_instrument AS src, dst_instrument AS dst, {EPOCH_SECOND} AS t
        FROM {source}
        WHERE src_instrument IS NOT NULL AND dst_instrument IS NOT NULL
          AND src_instrument != dst_instrument
    """


def pattern_events(engine: Engine, e: Frame) -> Frame:
    """Cycle and scatter-gather events as (account, t, kind, value)."""
    engine.register(e, "events_in")
    engine.query(TWO_HOPS.format(edges="events_in"), "two_hops")
    return engine.query(EVENTS.format(edges="events_in", paths="two_hops"), "pattern_events")


TWO_HOPS = f"""
    SELECT e1.src AS a, e1.dst AS m, e2.dst AS b, e1.t AS t1, e2.t AS t2
    FROM {{edges}} e1 JOIN {{edges}} e2
      ON e1.dst = e2.src AND e2.t >= e1.t AND e2.t <= e1.t + {HORIZON_S}
"""
"""Paths a→m→b with t1 ≤ t2 ≤ t1 + horizon, as (a, m, b, t1, t2)."""

EVENTS = f"""
    WITH short AS (SELECT a, m, t2 AS t FROM {{paths}} WHERE a = b),
    long AS (
      SELECT p.a, p.m, p.b, c.t FROM {{paths}} p JOIN {{edges}} c
        ON c.src = p.b AND c.dst = p.a AND c.t >= p.t2 AND c.t <= p.t1 + {HORIZON_S}
      WHERE p.a != p.b),
    pairs AS (
      SELECT a, b, COUNT(DISTINCT m) AS mids, MAX(t2) AS t FROM {{paths}}
      WHERE a != b GROUP BY a, b HAVING COUNT(DISTINCT m) >= 2)
    SELECT a AS account, t, 'cycle' AS kind, CAST(1 AS DOUBLE) AS value FROM short
    UNION ALL SELECT m, t, 'cycle', CAST(1 AS DOUBLE) FROM short
    UNION ALL SELECT a, t, 'cycle', CAST(1 AS DOUBLE) FROM long
    UNION ALL SELECT m, t, 'cycle', CAST(1 AS DOUBLE) FROM long
    UNION ALL SELECT b, t, 'cycle', CAST(1 AS DOUBLE) FROM long
    UNION ALL SELECT a, t, 'scatter_gather', CAST(mids AS DOUBLE) FROM pairs
    UNION ALL SELECT b, t, 'scatter_gather', CAST(mids AS DOUBLE) FROM pairs
"""
"""Events from the two-hop paths: every member of a cycle closed within the horizon (a→m→a,
or a→m→b→a), and both ends of a sender-receiver pair joined by two or more intermediaries."""
