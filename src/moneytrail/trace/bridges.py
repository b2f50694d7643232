"""Bridges: a tenge leg and a USDT leg that a P2P trader made of one movement of money.

Fiat→crypto: a trader receives tenge on a card and minutes later sends USDT from a wallet to
the address the payer named, at the day's rate plus a spread. Crypto→fiat (cash-out): a trader
receives USDT on a wallet and minutes later pays tenge (P2P or by bank transfer) to the card or
account the seller named, at the day's rate minus a spread. The two legs share no party,
account or amount. A bridge pairs them when the second leg follows the first within
`within_minutes` and the leg in exceeds the leg out (valued in tenge at the day's rate) by a
margin in the spread band. Each pair has a confidence, the weighted sum of the named features
below; the pairs are then kept one-to-one, best first, above `min_confidence`. A kept pair
becomes a link of the graph (`pair`), so a trace follows the money from the first leg into the
second, forward and backward, and attributes to the second leg exactly what the first brought.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from moneytrail.graph.kernels.match import one_to_one
from moneytrail.trace.bridge_candidates import (
    MINUTE_US,
    WAYS,
    BridgeRules,
    Candidates,
    Table,
    direction_candidates,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]
Bands = Callable[[list[tuple[str, str]]], Mapping[tuple[str, str], int]]
"""Given (trader, wallet) names, the band pairs of each over the whole data
(`Candidates.band_pairs`, both directions summed)."""
TO_CRYPTO, TO_FIAT = "fiat_to_crypto", "crypto_to_fiat"
WEIGHTS = {"timing": 0.3, "exclusive": 0.2, "recurring": 0.5}
"""Weights of the confidence features; they sum to 1. With the default threshold, a pair
needs its card and wallet to be seen paired again: a one-off coincidence of time and amount
between strangers is not a bridge."""


@dataclass(frozen=True, slots=True)
class Bridges:
    """Kept pairs: rows of the tenge leg and of the USDT leg in the table, the direction
    (`to_fiat`: the USDT leg came first), and why (gap from first to second leg; spread:
    the trader's margin over the USDT's tenge value at the day's rate)."""

    fiat: I64
    crypto: I64
    to_fiat: B
    confidence: F64
    gap_us: I64
    spread: F64

    def pair(self, rows: int) -> I64:
        """The graph's `pair` array over a table of `rows` rows: second leg → first leg."""
        out = np.full(rows, -1, np.int64)
        first = np.where(self.to_fiat, self.crypto, self.fiat)
        out[np.where(self.to_fiat, self.fiat, self.crypto)] = first
        return out

    def to_table(self, transfers: pa.Table) -> pa.Table:
        """The bridges with the transfer ids of both legs."""
        ids = transfers.column("transfer_id")
        return pa.table(
            {
                "fiat_transfer_id": ids.take(pa.array(self.fiat)),
                "crypto_transfer_id": ids.take(pa.array(self.crypto)),
                "direction": pa.array(
                    np.where(self.to_fiat, TO_FIAT, TO_CRYPTO).tolist(), pa.string()
                ),
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


def recurring(card: I64, wallet: I64, kept: I64, chance: F64 | None = None) -> F64:
    """A trader pays from the same wallets for the cards they are paid on: 0 when this card's
    holder (`card`: a code per trader) and wallet are not paired elsewhere more often than
    `chance` (how many times the first pass would pair them anyway, given how busy each is),
    1 when they are paired at least twice more than that (counted over the `kept` pairs of a
    first, one-to-one pass on timing and exclusivity)."""
    key = card * (int(wallet.max(initial=0)) + 1) + wallet
    values, counts = np.unique(key[kept], return_counts=True)
    if values.size == 0:
        return np.zeros(key.size, np.float64)
    at = np.clip(np.searchsorted(values, key), 0, values.size - 1)
    elsewhere = np.where(values[at] == key, counts[at], 0)
    elsewhere[kept] -= 1
    beyond = elsewhere - (chance if chance is not None else 0.0)
    return np.asarray(np.clip(beyond / 2.0, 0.0, 1.0), np.float64)


def match_bridges(
    transfers: pa.Table,
    rates: Mapping[date, float],
    rules: BridgeRules | None = None,
    services: Sequence[str] = (),
    span_us: int | None = None,
    bands: Bands | None = None,
) -> Bridges:
    """The bridges of a transfers table, both ways (`rates`: tenge per USDT by local day;
    `services`: instruments of services, such as an exchange's wallets, never a trader's).
    A trader (the holder of the card or account) and wallet count as paired again
    (`recurring`, beyond chance) over both directions; a leg already in a fiat→crypto bridge
    is not paired again crypto→fiat. Where the table is part of the data (at least every
    leg of a candidate pair), `span_us` is the data's time span and `bands` counts the
    band pairs on the data, asked once for the trader-wallet pairs of the first pass (by
    name: `Table.owner`, `Table.side`); otherwise both come from the table."""
    rules = rules or BridgeRules()
    if not rates:
        raise ValueError("bridges need the day's USDT rate: no rates given")
    table = Table.of(transfers)
    ways = [direction_candidates(transfers, table, rates, rules, way, services) for way in WAYS]
    # a first one-to-one pass per direction on timing and exclusivity, for `recurring`
    first_scores, passes, offset = [], [], 0
    for c in ways:
        score = WEIGHTS["timing"] * timing(c.gap)
        score += WEIGHTS["exclusive"] * exclusive(c.pays, c.gots)
        order = np.argsort(-score, kind="stable")
        first_scores.append(score)
        passes.append(one_to_one(c.pays, c.gots, order, *c.sizes) + offset)
        offset += c.first.size
    card, wallet = np.concatenate([c.card for c in ways]), np.concatenate([c.wallet for c in ways])
    kept = np.concatenate(passes)
    span = table.span if span_us is None else span_us
    chance = _chance(ways, card, wallet, kept, rules, span, _banded(table, bands))
    again = recurring(card, wallet, kept, chance)
    scores = np.split(
        np.concatenate(first_scores) + WEIGHTS["recurring"] * again, [ways[0].first.size]
    )
    to_crypto, to_fiat = (_keep(c, s, rules) for c, s in zip(ways, scores, strict=True))
    used = np.concatenate((to_crypto.fiat, to_crypto.crypto))
    fresh = ~(np.isin(to_fiat.fiat, used) | np.isin(to_fiat.crypto, used))
    parts = [to_crypto, _subset(to_fiat, fresh)]
    both = Bridges(*(np.concatenate([getattr(p, f) for p in parts]) for f in Bridges.__slots__))
    return _subset(both, np.argsort(both.fiat, kind="stable"))


def _banded(table: Table, bands: Bands | None) -> Callable[[I64], list[int]] | None:
    """`bands` by trader and wallet code (rows of an (n, 2) array); None: count on the
    table."""
    if bands is None:
        return None
    if table.names is None:
        raise ValueError("band pairs by name need the table's names (`Table.of`)")
    names = table.names

    def count(pairs: I64) -> list[int]:
        named = [(names[int(c)].as_py(), names[int(w)].as_py()) for c, w in pairs.tolist()]
        counted = bands(named)
        return [counted[pair] for pair in named]

    return count


def _chance(
    ways: Sequence[Candidates],
    card: I64,
    wallet: I64,
    kept: I64,
    rules: BridgeRules,
    span: int,
    banded: Callable[[I64], list[int]] | None = None,
) -> F64:
    """Per candidate, how often the first pass would pair its trader and wallet by chance:
    the pairs of their legs (both directions) whose values are in the band, times the
    chance that two legs fall within the window of each other, were their times spread
    evenly over the data's `span`. Only for the trader-wallet pairs the first pass kept (the
    others recur 0 times anyway); `banded` counts their band pairs where given."""
    within = rules.within_minutes * MINUTE_US
    share = within / max(span, within)
    pairs = np.unique(np.stack((card[kept], wallet[kept]), axis=1), axis=0)
    if banded is not None:
        counts = banded(pairs)
    else:
        counts = [
            sum(way.band_pairs(c, w, rules.spread) for way in ways) for c, w in pairs.tolist()
        ]
    expected = {
        (int(c), int(w)): share * n for (c, w), n in zip(pairs.tolist(), counts, strict=True)
    }
    return np.array(
        [expected.get(key, 0.0) for key in zip(card.tolist(), wallet.tolist(), strict=True)],
        np.float64,
    )


def _keep(c: Candidates, score: F64, rules: BridgeRules) -> Bridges:
    """A direction's candidates kept one-to-one, best first, at or above the threshold."""
    order = np.argsort(-score, kind="stable")
    order = order[score[order] >= rules.min_confidence]
    kept = one_to_one(c.pays, c.gots, order, *c.sizes)
    first, second, ratio = c.first[kept], c.second[kept], c.ratio[kept]
    fiat, crypto = (second, first) if c.way.coin_first else (first, second)
    return Bridges(
        fiat,
        crypto,
        np.full(kept.size, c.way.coin_first),
        np.asarray(score[kept], np.float64),
        c.gap[kept],
        np.asarray(1.0 - 1.0 / ratio if c.way.coin_first else ratio - 1.0, np.float64),
    )


def _subset(bridges: Bridges, rows: I64 | B) -> Bridges:
    """The given bridges, in the given order."""
    return Bridges(*(getattr(bridges, f)[rows] for f in Bridges.__slots__))


AT_RATE = BridgeRules(spread=(-0.03, 0.09))
"""The rules of `match_at_rate`: the spread band widened by 3 points each way for the rate's
daily moves."""


def match_at_rate(
    transfers: pa.Table,
    usdt_kzt: float,
    span_us: int | None = None,
    bands: Bands | None = None,
) -> Bridges:
    """Bridges with one rate for every day (`AT_RATE`; `span_us`, `bands` as for
    `match_bridges`)."""
    rates = {date(1970, 1, 1): usdt_kzt}
    return match_bridges(transfers, rates, AT_RATE, span_us=span_us, bands=bands)


def traced_bridges(bridges: Bridges, transfers: pa.Table, edges: I64) -> list[dict[str, Any]]:
    """The bridges a trace crossed, either way (`edges`: its traced rows), surest first."""
    kept = np.flatnonzero(np.isin(bridges.crypto, edges) & np.isin(bridges.fiat, edges))
    kept = kept[np.argsort(-bridges.confidence[kept], kind="stable")]
    table = bridges.to_table(transfers).take(pa.array(kept, pa.int64()))
    return [dict(r) for r in table.to_pylist()]
