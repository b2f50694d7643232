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


def legs(engine: Engine, transfers: Frame) -> Frame:
    """Up to two rows per transfer: one for each end that is a known instrument."""
    fn = engine.fn
    base = transfers.select(
        "transfer_id",
        fn.unix_timestamp(fn.col("ts")).alias("t"),
        fn.col("amount_minor").cast("double").alias("amount"),
        fn.col("channel"),
        fn.col("src_instrument"),
        fn.col("dst_instrument"),
        fn.col("src_instrument_kind"),
        fn.col("dst_instrument_kind"),
        fn.hour(fn.col("ts")).alias("hour"),
        (fn.col("amount_minor") % ROUND_MINOR == 0).cast("int").alias("is_round"),
    )
    out = _side(engine, base, "src", "dst", 0)
    inc = _side(engine, base, "dst", "src", 1)
    return out.unionByName(inc)


def _side(engine: Engine, base: Frame, me: str, other: str, incoming: int) -> Frame:
    fn = engine.fn
    crypto = fn.col("channel").isin(*CRYPTO_CHANNELS) | fn.col(f"{other}_instrument_kind").isin(
        *CRYPTO_KINDS
    )
    return base.where(fn.col(f"{me}_instrument").isNotNull()).select(
        "transfer_id",
        fn.col(f"{me}_instrument").alias("account"),
        fn.col(f"{other}_instrument").alias("cp"),
        "t",
        "amount",
        fn.lit(incoming).alias("incoming"),
        "is_round",
        fn.col("hour").isin(*NIGHT_HOURS).cast("int").alias("is_night"),
        (fn.col("channel") == fn.lit("atm_cash_out")).cast("int").alias("is_atm"),
        crypto.cast("int").alias("is_crypto"),
    )
