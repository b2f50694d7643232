"""Fiat→crypto bridges: a tenge payment to a P2P trader's card, and the USDT it bought.

A trader receives tenge on a card and minutes later sends USDT from a wallet to the address
the payer named, at the day's rate plus a spread: the two legs share no party, account or
amount. A bridge pairs them when the USDT leg follows within `within_minutes` and the payment
exceeds the USDT's value at the day's rate by a margin in the spread band. Each pair has a
confidence, the weighted sum of the named features below; the pairs are then kept one-to-one,
best first, above `min_confidence`. A kept pair becomes a link of the graph (`pair`), so a
trace follows the tenge into the USDT leg and on along the chain, and attributes to the USDT
leg exactly what the tenge payment brought.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.graph.kernels.match import candidates, one_to_one
from moneytrail.model.transfers import MINOR_UNITS, Channel

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
MINUTE_US = 60_000_000
DAY_US = 86_400_000_000
FIAT, COIN = "KZT", "USDT"
EPOCH_DAY = date(1970, 1, 1).toordinal()
WEIGHTS = {"timing": 0.3, "exclusive": 0.2, "recurring": 0.5}
"""Weights of the confidence features; they sum to 1. With the default threshold, a pair
needs its card and wallet to be seen paired again: a one-off coincidence of time and amount
between strangers is not a bridge."""


@dataclass(frozen=True, slots=True)
class BridgeRules:
    """How a payment and a USDT transfer are paired (spread as a fraction of the rate)."""

    within_minutes: int = 60
    spread: tuple[float, float] = (0.0, 0.06)
    utc_offset_hours: int = 5
    min_confidence: float = 0.6


@dataclass(frozen=True, slots=True)
class Bridges:
    """Kept pairs: rows of the fiat payment and of the USDT leg in the table, and why."""

    fiat: I64
    crypto: I64
    confidence: F64
    gap_us: I64
    spread: F64

    def pair(self, rows: int) -> I64:
        """The graph's `pair` array over a table of `rows` rows: USDT leg → fiat payment."""
        out = np.full(rows, -1, np.int64)
        out[self.crypto] = self.fiat
        return out

    def to_table(self, transfers: pa.Table) -> pa.Table:
        """The bridges with the transfer ids of both legs."""
        ids = transfers.column("transfer_id")
        return pa.table(
            {
                "fiat_transfer_id": ids.take(pa.array(self.fiat)),
                "crypto_transfer_id": ids.take(pa.array(self.crypto)),
                "confidence": self.confidence,
                "gap_s": self.gap_us // 1_000_000,
                "spread": self.spread,
            }
        )


def timing(gap_us: I64) -> F64:
    """Traders send within minutes: 1 at once, halving every ten minutes of waiting."""
    return np.asarray(0.5 ** (gap_us / (10 * MINUTE_US)), np.float64)


def exclusive(pays: I64, gots: I64) -> F64:
    """A pairing is surer when neither leg has another candidate: 1 / candidates of the busier
    leg."""
    per_pay = np.bincount(pays)[pays]
    per_got = np.bincount(gots)[gots]
    return 1.0 / np.maximum(per_pay, per_got)


def recurring(card: I64, wallet: I64, kept: I64) -> F64:
    """A trader pays from the same wallets for the cards they are paid on: 0 when this card
    and wallet are not paired elsewhere, 1 when they are paired twice more or more (counted
    over the `kept` pairs of a first, one-to-one pass on timing and exclusivity)."""
    key = card * (int(wallet.max(initial=0)) + 1) + wallet
    values, counts = np.unique(key[kept], return_counts=True)
    if values.size == 0:
        return np.zeros(key.size, np.float64)
    at = np.clip(np.searchsorted(values, key), 0, values.size - 1)
    elsewhere = np.where(values[at] == key, counts[at], 0)
    elsewhere[kept] -= 1
    return np.clip(elsewhere / 2.0, 0.0, 1.0)


def _codes(column: pa.ChunkedArray) -> I64:
    """Integer codes of a string column (null as its own code)."""
    encoded = pc.fill_null(column.cast(pa.string()), "").dictionary_encode().combine_chunks()
    return np.asarray(encoded.indices, np.int64)


def _day_rates(rates: Mapping[date, float], ts: I64, offset_us: int) -> F64:
    """Tenge per USDT on the local day of each time; the nearest earlier known day, else the
    first."""
    known = sorted(rates)
    days = np.array([d.toordinal() - EPOCH_DAY for d in known], np.int64)
    values = np.array([rates[d] for d in known], np.float64)
    local = (ts + offset_us) // DAY_US
    at = np.clip(np.searchsorted(days, local, side="right") - 1, 0, days.size - 1)
    return values[at]


def _legs(transfers: pa.Table) -> tuple[I64, I64]:
    """Rows of the tenge P2P payments and of the USDT transfers."""
    currency, channel = transfers.column("currency"), transfers.column("channel")
    fiat = pc.and_(pc.equal(currency, FIAT), pc.equal(channel, Channel.P2P.value))
    coin = pc.and_(pc.equal(currency, COIN), pc.equal(channel, Channel.CRYPTO_TRANSFER.value))
    return (
        np.flatnonzero(np.asarray(fiat.combine_chunks().fill_null(False))),
        np.flatnonzero(np.asarray(coin.combine_chunks().fill_null(False))),
    )


def match_bridges(
    transfers: pa.Table, rates: Mapping[date, float], rules: BridgeRules | None = None
) -> Bridges:
    """The fiat→crypto bridges of a transfers table (`rates`: tenge per USDT by local day)."""
    rules = rules or BridgeRules()
    if not rates:
        raise ValueError("bridges need the day's USDT rate: no rates given")
    fiat, coin = _legs(transfers)
    ts = np.asarray(transfers.column("ts").cast(pa.timestamp("us", tz="UTC")).cast(pa.int64()))
    minor = np.asarray(transfers.column("amount_minor"), np.int64)
    coin = coin[np.argsort(ts[coin], kind="stable")]
    rate = _day_rates(rates, ts[coin], rules.utc_offset_hours * 3_600_000_000)
    coin_value = minor[coin] / 10 ** MINOR_UNITS[COIN] * rate
    pays, gots = candidates(
        ts[fiat],
        minor[fiat] / 10 ** MINOR_UNITS[FIAT],
        ts[coin],
        coin_value,
        rules.within_minutes * MINUTE_US,
        *rules.spread,
    )
    return _keep(transfers, fiat[pays], coin[gots], pays, gots, ts, coin_value[gots], rules)


def match_at_rate(transfers: pa.Table, usdt_kzt: float) -> Bridges:
    """Bridges with one rate for every day: the spread band widened by 3 points each way for
    the rate's daily moves."""
    rules = BridgeRules(spread=(-0.03, 0.09))
    return match_bridges(transfers, {date(1970, 1, 1): usdt_kzt}, rules)


def _keep(
    transfers: pa.Table,
    fiat: I64,
    coin: I64,
    pays: I64,
    gots: I64,
    ts: I64,
    value: F64,
    rules: BridgeRules,
) -> Bridges:
    """Score the candidates and keep them one-to-one, best first, above the threshold."""
    gap = ts[coin] - ts[fiat]
    cards = _codes(transfers.column("dst_instrument"))[fiat]
    wallets = _codes(transfers.column("src_instrument"))[coin]
    sizes = int(pays.max(initial=-1)) + 1, int(gots.max(initial=-1)) + 1
    features = {"timing": timing(gap), "exclusive": exclusive(pays, gots)}
    first = sum(WEIGHTS[name] * values for name, values in features.items())
    first_pass = one_to_one(pays, gots, np.argsort(-first, kind="stable"), *sizes)
    features["recurring"] = recurring(cards, wallets, first_pass)
    score = np.asarray(first + WEIGHTS["recurring"] * features["recurring"], np.float64)
    order = np.argsort(-score, kind="stable")
    order = order[score[order] >= rules.min_confidence]
    kept = one_to_one(pays, gots, order, *sizes)
    kept = kept[np.argsort(fiat[kept], kind="stable")]
    minor = np.asarray(transfers.column("amount_minor"), np.int64)
    spread = minor[fiat[kept]] / 10 ** MINOR_UNITS[FIAT] / value[kept] - 1.0
    return Bridges(fiat[kept], coin[kept], score[kept], gap[kept], spread)


def traced_bridges(bridges: Bridges, transfers: pa.Table, edges: I64) -> list[dict[str, Any]]:
    """The bridges whose USDT leg a trace followed (`edges`: its traced rows), surest first."""
    kept = np.flatnonzero(np.isin(bridges.crypto, edges))
    kept = kept[np.argsort(-bridges.confidence[kept], kind="stable")]
    table = bridges.to_table(transfers).take(pa.array(kept, pa.int64()))
    return [dict(r) for r in table.to_pylist()]
