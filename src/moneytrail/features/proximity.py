"""Closeness to requisites already known to be a shop's, and identifiers shared across accounts.

`known` holds (instrument, since): an instrument counts as known from `since` (epoch seconds)
on, so a leg never sees a flag raised after it. `links` holds (instrument, kind, value) for
phones, devices and IINs attached to accounts.
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame
from moneytrail.features.windows import WINDOWS

LINK_KINDS = ("phone", "device", "iin")
KNOWN_WINDOW_S = 30 * 86_400
KNOWN_COLUMNS = (
    "known_self",
    "known_cp",
    "known_cp2",
    "known_any",
    "known_cp_30d",
    "known_payers_7d",
)
"""The columns `known_sql` gives each leg besides its keys."""


def with_known(engine: Engine, legs: Frame, known: Frame) -> Frame:
    """Flags per leg (`transfer_id`, `incoming`): the account itself, its counterparty, or a
    counterparty's counterparty known, transfers with known counterparties in 30 days, and
    the share of its payers in 7 days one hop from a known requisite."""
    engine.register(legs, "known_legs")
    engine.register(known, "known_in")
    return engine.query(known_sql("known_legs", "known_in"), "legs_known")


def known_sql(legs: str, known: str | None) -> str:
    """The query of `with_known` over the legs and known instruments so named (none: None)."""
    source = (
        f"SELECT instrument, since FROM {known}"
        if known is not None
        else "SELECT CAST(NULL AS STRING) AS instrument, CAST(NULL AS BIGINT) AS since WHERE 1 = 0"
    )
    return f"""
        WITH k AS (SELECT instrument, MIN(since) AS since FROM ({source}) AS known
                   GROUP BY instrument),
        hop1 AS (
          SELECT l.account AS instrument, MIN(l.t) AS since
          FROM {legs} l JOIN k ON l.cp = k.instrument AND k.since <= l.t
          GROUP BY l.account),
        flags AS (
          SELECT l.transfer_id, l.incoming, l.account, l.t,
            CASE WHEN ks.instrument IS NOT NULL THEN 1 ELSE 0 END AS known_self,
            CASE WHEN kc.instrument IS NOT NULL THEN 1 ELSE 0 END AS known_cp,
            CASE WHEN h.instrument IS NOT NULL THEN 1 ELSE 0 END AS known_cp2
          FROM {legs} l
          LEFT JOIN k ks ON l.account = ks.instrument AND ks.since <= l.t
          LEFT JOIN k kc ON l.cp = kc.instrument AND kc.since <= l.t
          LEFT JOIN hop1 h ON l.cp = h.instrument AND h.since <= l.t)
        SELECT transfer_id, incoming, known_self, known_cp, known_cp2,
          GREATEST(known_self, known_cp, known_cp2) AS known_any,
          CAST(SUM(known_cp) OVER (PARTITION BY account ORDER BY t
                                   RANGE BETWEEN {KNOWN_WINDOW_S} PRECEDING AND CURRENT ROW)
               AS BIGINT) AS known_cp_30d,
          SUM(known_cp2 * incoming) OVER ({_PAYERS}) / (SUM(incoming) OVER ({_PAYERS}) + 1.0)
            AS known_payers_7d
        FROM flags
    """


PAYERS_WINDOW_S = WINDOWS["7d"]
_PAYERS = (
    f"PARTITION BY account ORDER BY t RANGE BETWEEN {PAYERS_WINDOW_S} PRECEDING AND CURRENT ROW"
)
"""`known_payers_7d`: incoming transfers in 7 days whose sender had already dealt with a known
requisite, per incoming transfer (plus one). A shop's buyers follow it to each new drop card,
so a card most of whose payers have paid known requisites is likely the shop's next one."""


def shared_counts(engine: Engine, transfers: Frame, links: Frame | None) -> Frame:
    """Per instrument: how many other instruments share its holder (IIN), phone or device."""
    engine.register(transfers, "shared_in")
    if links is not None:
        engine.register(links, "links_in")
    return engine.query(
        shared_sql("shared_in", None if links is None else "links_in"), "shared_ids"
    )


def shared_sql(transfers: str, links: str | None) -> str:
    """The query of `shared_counts` over the transfers and links so named."""
    linked = f"UNION ALL SELECT instrument, kind, value FROM {links}" if links else ""
    counts = ", ".join(
        f"MAX(CASE WHEN p.kind = '{kind}' THEN s.n - 1 ELSE 0 END) AS shared_{kind}"
        for kind in LINK_KINDS
    )
    return f"""
        WITH holders AS (
          SELECT src_instrument AS instrument, 'iin' AS kind, src_party AS value
          FROM {transfers} WHERE src_instrument IS NOT NULL
          UNION ALL
          SELECT dst_instrument, 'iin', dst_party FROM {transfers}
          WHERE dst_instrument IS NOT NULL),
        pairs AS (
          SELECT DISTINCT instrument, kind, value
          FROM (SELECT * FROM holders {linked}) AS linked WHERE value IS NOT NULL),
        sizes AS (SELECT kind, value, COUNT(1) AS n FROM pairs GROUP BY kind, value)
        SELECT p.instrument AS account, {counts}
        FROM pairs p JOIN sizes s ON p.kind = s.kind AND p.value = s.value
        GROUP BY p.instrument
    """
