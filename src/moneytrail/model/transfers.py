"""The canonical transfer: one movement of value, fiat or crypto, as an Arrow schema.

Every reader lands transfers in this shape and every engine reads it. Amounts are integers
in minor units of the currency or asset (`MINOR_UNITS` gives the exponent), so sums are exact.
"""

from __future__ import annotations

from enum import StrEnum

import pyarrow as pa


class Channel(StrEnum):
    """How value moved."""

    CARD_PAYMENT = "card_payment"
    P2P = "p2p"
    BANK_TRANSFER = "bank_transfer"
    ATM_CASH_OUT = "atm_cash_out"
    CASH_DEPOSIT = "cash_deposit"
    CRYPTO_TRANSFER = "crypto_transfer"
    EXCHANGE_TRADE = "exchange_trade"


class InstrumentKind(StrEnum):
    """What a transfer leaves from or arrives at."""

    CARD = "card"
    ACCOUNT = "account"
    PHONE = "phone"
    WALLET = "wallet"
    CASH = "cash"
    MERCHANT = "merchant"
    EXTERNAL = "external"


MINOR_UNITS: dict[str, int] = {
    "KZT": 2,
    "RUB": 2,
    "KGS": 2,
    "UZS": 2,
    "USD": 2,
    "EUR": 2,
    "CNY": 2,
    "TRY": 2,
    "AED": 2,
    "USDT": 6,
    "BTC": 8,
    "ETH": 9,  # gwei: wei would overflow int64 above 9 ETH
}


def to_minor(amount: float, currency: str) -> int:
    """A decimal amount in minor units, rounded half to even."""
    return round(amount * 10.0 ** MINOR_UNITS[currency])


def from_minor(amount_minor: int, currency: str) -> float:
    """Minor units back to a decimal amount (for display only)."""
    return amount_minor / 10.0 ** MINOR_UNITS[currency]


def _side(prefix: str) -> list[pa.Field]:
    return [
        pa.field(f"{prefix}_party", pa.string(), nullable=True),
        pa.field(f"{prefix}_instrument", pa.string(), nullable=True),
        pa.field(f"{prefix}_instrument_kind", pa.string(), nullable=True),
        pa.field(f"{prefix}_bank", pa.string(), nullable=True),
        pa.field(f"{prefix}_country", pa.string(), nullable=True),
    ]


TRANSFER_SCHEMA = pa.schema(
    [
        pa.field("transfer_id", pa.string(), nullable=False),
        pa.field("ts", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("amount_minor", pa.int64(), nullable=False),
        pa.field("currency", pa.string(), nullable=False),
        pa.field("chain", pa.string(), nullable=True),
        pa.field("channel", pa.string(), nullable=False),
        *_side("src"),
        *_side("dst"),
        pa.field("mcc", pa.string(), nullable=True),
        pa.field("reference", pa.string(), nullable=True),
        pa.field("source", pa.string(), nullable=False),
        pa.field("file", pa.string(), nullable=True),
        pa.field("row", pa.int64(), nullable=True),
    ],
    metadata={"moneytrail.schema": "transfer", "moneytrail.version": "1"},
)
"""Instruments are never clear card numbers: a card is its keyed token (`card:<hex>`)."""
