"""Each transfer seen from both ends: an outgoing leg for the sender, an incoming for the receiver.

Accounts are instruments (a card, an account, a wallet): that is what a bank blocks.
"""

from __future__ import annotations

from moneytrail.features.engine import Engine, Frame

CRYPTO_CHANNELS = ("crypto_transfer", "exchange_trade")
CRYPTO_KINDS = ("wallet",)
ROUND_MINOR = 100_000
"""A round amount: a whole thousand of a currency with two decimals (1,000 tenge)."""
NIGHT_HOURS = (0, 1, 2, 3, 4, 5)

EPOCH_SECOND = "CAST(FLOOR(UNIX_MICROS(ts) / 1000000) AS BIGINT)"
"""A transfer's time in whole epoch seconds, rounded down on both engines.

Spark's `unix_timestamp` rounds down and DuckDB's cast of its epoch rounds to nearest; both
read microseconds here, and whole seconds are taken by `FLOOR`.
"""


def legs(engine: Engine, transfers: Frame) -> Frame:
    """Up to two rows per transfer: one for each end that is a known instrument."""
    engine.register(transfers, "legs_in")
    return engine.query(legs_sql("legs_in"), "feature_legs")


def legs_sql(source: str) -> str:
    """The query of `legs` over the transfers named `source`."""
    return f"""
        WITH base AS (
          SELECT transfer_id, {EPOCH_SECOND} AS t, CAST(amount_minor AS DOUBLE) AS amount,
            channel, src_instrument, dst_instrument, src_instrument_kind, dst_instrument_kind,
            HOUR(ts) AS hour, CAST(amount_minor % {ROUND_MINOR} = 0 AS INT) AS is_round
          FROM {source})
        {_side("src", "dst", 0)}
        UNION ALL
        {_side("dst", "src", 1)}
    """


def _side(me: str, other: str, incoming: int) -> str:
    return f"""
        SELECT transfer_id, {me}_instrument AS account, {other}_instrument AS cp, t, amount,
          {incoming} AS incoming, is_round,
          CAST(hour IN {_values(NIGHT_HOURS)} AS INT) AS is_night,
          CAST(channel = 'atm_cash_out' AS INT) AS is_atm,
          CAST(channel IN {_values(CRYPTO_CHANNELS)}
               OR {other}_instrument_kind IN {_values(CRYPTO_KINDS)} AS INT) AS is_crypto
        FROM base WHERE {me}_instrument IS NOT NULL
    """


def _values(items: tuple[object, ...]) -> str:
    return "(" + ", ".join(repr(v) for v in items) + ")"
