"""The feature pipeline: transfers in, one row of named features per transfer out.

Every transfer gets the features of its sender's account (`src_…`) and of its receiver's
(`dst_…`), as they stood at the transfer's time, plus a few of its own.

Each stage is one Spark SQL query over the tables of the stages before it (see
`Engine.query`): legs, their windows, pattern events and proximity flags each get a
table keyed by the leg (`transfer_id`, `incoming`), joined once in `account_legs`.
"""

from __future__ import annotations

from moneytrail.features.catalog import ACCOUNT_FEATURES, TRANSFER_FEATURES
from moneytrail.features.engine import Engine, Frame
from moneytrail.features.legs import ROUND_MINOR, legs_sql
from moneytrail.features.paths import EVENTS, TWO_HOPS, edges_sql
from moneytrail.features.proximity import KNOWN_COLUMNS, LINK_KINDS, known_sql, shared_sql
from moneytrail.features.windows import windowed_sql

EVENT_WINDOW_S = 30 * 86_400


def account_legs(
    engine: Engine, transfers: Frame, known: Frame | None = None, links: Frame | None = None
) -> Frame:
    """Every leg with its account's features at that moment (columns `ACCOUNT_FEATURES`)."""
    engine.register(transfers, "feature_transfers")
    if known is not None:
        engine.register(known, "feature_known")
    if links is not None:
        engine.register(links, "feature_links")
    q = engine.query
    q(legs_sql("feature_transfers"), "feature_legs")
    q(windowed_sql("feature_legs"), "legs_windowed")
    q(edges_sql("feature_transfers"), "path_edges")
    q(TWO_HOPS.format(edges="path_edges"), "two_hops")
    q(EVENTS.format(edges="path_edges", paths="two_hops"), "pattern_events")
    q(_EVENT_COUNTS, "legs_events")
    q(known_sql("feature_legs", None if known is None else "feature_known"), "legs_known")
    q(shared_sql("feature_transfers", None if links is None else "feature_links"), "shared_ids")
    return engine.view(_account_legs_sql(), "account_legs")


def transfer_features(
    engine: Engine, transfers: Frame, known: Frame | None = None, links: Frame | None = None
) -> Frame:
    """One row per transfer: `transfer_id`, its own features, and both accounts' features."""
    account_legs(engine, transfers, known, links)
    sides = ", ".join(
        f"{side}.{n} AS {side}_{n}" for side in ("src", "dst") for n in ACCOUNT_FEATURES
    )
    return engine.view(
        f"""
        SELECT t.transfer_id, CAST(t.amount_minor AS DOUBLE) AS amount,
          CAST(t.amount_minor % {ROUND_MINOR} = 0 AS INT) AS is_round, HOUR(t.ts) AS hour,
          {sides}
        FROM feature_transfers t
        LEFT JOIN account_legs src ON src.transfer_id = t.transfer_id AND src.incoming = 0
        LEFT JOIN account_legs dst ON dst.transfer_id = t.transfer_id AND dst.incoming = 1
        """,
        "transfer_features",
    )


def feature_names() -> list[str]:
    """The model's input columns, in order."""
    sides = [f"{s}_{n}" for s in ("src", "dst") for n in ACCOUNT_FEATURES]
    return [*TRANSFER_FEATURES, *sides]


_EVENT_COUNTS = f"""
    WITH stream AS (
      SELECT account, t, transfer_id, incoming, CAST(NULL AS STRING) AS kind,
        CAST(NULL AS DOUBLE) AS value FROM feature_legs
      UNION ALL
      SELECT account, t, CAST(NULL AS STRING), CAST(NULL AS INT), kind, value FROM pattern_events),
    counted AS (
      SELECT transfer_id, incoming,
        CAST(COALESCE(SUM(CAST(kind = 'cycle' AS INT)) OVER w, 0) AS BIGINT) AS cycles_30d,
        COALESCE(MAX(CASE WHEN kind = 'scatter_gather' THEN value END) OVER w, 0.0)
          AS scatter_gather_30d
      FROM stream
      WINDOW w AS (PARTITION BY account ORDER BY t
                   RANGE BETWEEN {EVENT_WINDOW_S} PRECEDING AND CURRENT ROW))
    SELECT * FROM counted WHERE transfer_id IS NOT NULL
"""
"""Pattern events in the 30 days up to each leg: cycles counted, scatter-gather's widest."""

_DERIVED = {
    "spike_24h": "(w.n_in_24h + w.n_out_24h) / ((w.n_in_30d + w.n_out_30d) / 30.0D + 1.0D)",
    "gather_scatter_7d": "LEAST(w.senders_7d, w.receivers_7d)",
}


def _account_legs_sql() -> str:
    """Every leg's account features, from the stages' tables."""
    stage = {
        **dict.fromkeys(("cycles_30d", "scatter_gather_30d"), "e"),
        **dict.fromkeys(KNOWN_COLUMNS, "k"),
        **{f"shared_{kind}": "s" for kind in LINK_KINDS},
    }
    cols = ", ".join(
        f"{_DERIVED[n]} AS {n}" if n in _DERIVED else f"{stage.get(n, 'w')}.{n}"
        for n in ACCOUNT_FEATURES
    )
    return f"""
        SELECT w.transfer_id, w.incoming, w.account, w.t, {cols}
        FROM legs_windowed w
        JOIN legs_events e ON e.transfer_id = w.transfer_id AND e.incoming = w.incoming
        JOIN legs_known k ON k.transfer_id = w.transfer_id AND k.incoming = w.incoming
        LEFT JOIN shared_ids s ON s.account = w.account
    """
