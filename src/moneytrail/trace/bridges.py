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

from collections.abc import Mapping, Sequence
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
B = npt.NDArray[np.bool_]
MINUTE_US = 60_000_000
DAY_US = 86_400_000_000
FIAT, COIN = "KZT", "USDT"
SIDES = ("src", "dst")
TO_CRYPTO, TO_FIAT = "fiat_to_crypto", "crypto_to_fiat"
EPOCH_DAY = date(1970, 1, 1).toordinal()
WEIGHTS = {"timing": 0.3, "exclusive": 0.2, "recurring": 0.5}
"""Weights of the confidence features; they sum to 1. With the default threshold, a pair
needs its card and wallet to be seen paired again: a one-off coincidence of time and amount
between strangers is not a bridge."""


@dataclass(frozen=True, slots=True)
class Way:
    """One direction: the channels of its tenge leg; which leg comes first; on which side of
    each leg the trader's card and wallet are."""

    fiat_channels: tuple[str, ...]
    coin_first: bool
    card_side: str
    wallet_side: str


WAYS = (
    Way((Channel.P2P.value,), False, "dst_instrument", "src_instrument"),
    Way((Channel.P2P.value, Channel.BANK_TRANSFER.value), True, "src_instrument", "dst_instrument"),
)
"""Fiat→crypto, then crypto→fiat (the trader pays the seller by P2P or by bank transfer)."""


@dataclass(frozen=True, slots=True)
class BridgeRules:
    """How a tenge leg and a USDT leg are paired (spread as a fraction of the rate)."""

    within_minutes: int = 60
    spread: tuple[float, float] = (0.0, 0.06)
    utc_offset_hours: int = 5
    min_confidence: float = 0.6


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


@dataclass(frozen=True, slots=True)
class _Legs:
    """One kind of leg of a direction (its tenge or its USDT legs), grouped by the trader's
    card holder or wallet (`code`), values (tenge) ascending within each."""

    code: I64
    value: F64

    @classmethod
    def of(cls, code: I64, value: F64) -> _Legs:
        order = np.lexsort((value, code))
        return cls(code[order], value[order])

    def values(self, code: int) -> F64:
        """The values of the legs of `code`, ascending."""
        lo, hi = np.searchsorted(self.code, [code, code + 1])
        return self.value[lo:hi]


def in_band(first: F64, second: F64, spread: tuple[float, float]) -> int:
    """How many (first, second) value pairs have the first over the second by a margin in
    `spread` (`second` ascending): the pairs that time alone would make candidates."""
    lo = np.searchsorted(second, first / (1.0 + spread[1]), side="left")
    hi = np.searchsorted(second, first / (1.0 + spread[0]), side="right")
    return int((hi - lo).sum())


def _codes(column: pa.ChunkedArray) -> I64:
    """Integer codes of a string column (null as its own code)."""
    encoded = pc.fill_null(column.cast(pa.string()), "").dictionary_encode().combine_chunks()
    return np.asarray(encoded.indices, np.int64)


def _owner(transfers: pa.Table, side: str, ends: pa.ChunkedArray) -> pa.ChunkedArray:
    """Who holds each instrument of a side: `party:<id>` where the table names the party
    (the holder of a card or account), else the instrument itself."""
    name = f"{side}_party"
    if name not in transfers.column_names:
        return ends
    party = transfers.column(name).cast(pa.string())
    return pc.coalesce(pc.binary_join_element_wise("party", party, ":"), ends)


def _day_rates(rates: Mapping[date, float], ts: I64, offset_us: int) -> F64:
    """Tenge per USDT on the local day of each time; the nearest earlier known day, else the
    first."""
    known = sorted(rates)
    days = np.array([d.toordinal() - EPOCH_DAY for d in known], np.int64)
    values = np.array([rates[d] for d in known], np.float64)
    local = (ts + offset_us) // DAY_US
    at = np.clip(np.searchsorted(days, local, side="right") - 1, 0, days.size - 1)
    return values[at]


def _rows(mask: pa.ChunkedArray) -> I64:
    """The rows where a boolean column is true."""
    return np.flatnonzero(np.asarray(mask.combine_chunks().fill_null(False)))


def _legs(transfers: pa.Table, way: Way, services: Sequence[str]) -> tuple[I64, I64]:
    """Rows of the tenge legs of a direction and of the USDT transfers whose trader's wallet
    is not a service's (an exchange's wallets are not a P2P trader's)."""
    currency, channel = transfers.column("currency"), transfers.column("channel")
    fiat = pc.and_(pc.equal(currency, FIAT), pc.is_in(channel, pa.array(way.fiat_channels)))
    coin = pc.and_(pc.equal(currency, COIN), pc.equal(channel, Channel.CRYPTO_TRANSFER.value))
    wallet = transfers.column(way.wallet_side).cast(pa.string())
    coin = pc.and_(coin, pc.invert(pc.is_in(wallet, pa.array(services, pa.string()))))
    return _rows(fiat), _rows(coin)


@dataclass(frozen=True, slots=True)
class _Table:
    """The columns matching reads: times (µs), minor amounts, the instruments of each side
    and their owners (the holder's party where the table names one, else the instrument), as
    codes of one vocabulary (a trader's card is a payee one way, a payer the other)."""

    ts: I64
    minor: I64
    src: I64
    dst: I64
    src_owner: I64
    dst_owner: I64

    @classmethod
    def of(cls, transfers: pa.Table) -> _Table:
        ts = transfers.column("ts").cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
        ends = [transfers.column(f"{side}_instrument").cast(pa.string()) for side in SIDES]
        owners = [_owner(transfers, side, end) for side, end in zip(SIDES, ends, strict=True)]
        columns = [*ends, *owners]
        codes = _codes(pa.chunked_array([c for col in columns for c in col.chunks], pa.string()))
        n = transfers.num_rows
        minor = np.asarray(transfers.column("amount_minor"), np.int64)
        return cls(np.asarray(ts), minor, *(codes[k * n : (k + 1) * n] for k in range(4)))

    def side(self, name: str) -> I64:
        """The instrument codes of a side, by column name."""
        return self.src if name == "src_instrument" else self.dst

    def owner(self, name: str) -> I64:
        """The owner codes of a side, by its instrument column's name."""
        return self.src_owner if name == "src_instrument" else self.dst_owner

    @property
    def span(self) -> int:
        """From the first transfer to the last (µs)."""
        return int(self.ts.max() - self.ts.min()) if self.ts.size else 0


@dataclass(frozen=True, slots=True)
class _Candidates:
    """One direction's candidate pairs: the rows of their first and second legs, the first
    leg's value over the second's, the gap between them (µs), the trader (the holder of the
    trader's card or account: `_Table.owner`) and the trader's wallet, the indices `pays`,
    `gots` of each leg among its direction's legs (for one-to-one), and all the direction's
    tenge legs by trader and USDT legs by wallet."""

    way: Way
    first: I64
    second: I64
    gap: I64
    ratio: F64
    card: I64
    wallet: I64
    pays: I64
    gots: I64
    fiat_legs: _Legs
    coin_legs: _Legs

    @property
    def sizes(self) -> tuple[int, int]:
        """How many legs of each kind `pays` and `gots` index."""
        return int(self.pays.max(initial=-1)) + 1, int(self.gots.max(initial=-1)) + 1

    def band_pairs(self, card: int, wallet: int, spread: tuple[float, float]) -> int:
        """How many pairs of this trader's tenge legs and this wallet's USDT legs (first leg,
        second leg) have values in the band, whenever they happened."""
        fiat, coin = self.fiat_legs.values(card), self.coin_legs.values(wallet)
        first, second = (coin, fiat) if self.way.coin_first else (fiat, coin)
        return in_band(first, second, spread)


def _candidates(
    transfers: pa.Table,
    table: _Table,
    rates: Mapping[date, float],
    rules: BridgeRules,
    way: Way,
    services: Sequence[str],
) -> _Candidates:
    """The candidates of one direction: second leg within the window, margin in the band."""
    fiat, coin = _legs(transfers, way, services)
    rate = _day_rates(rates, table.ts[coin], rules.utc_offset_hours * 3_600_000_000)
    coin_value = table.minor[coin] / 10 ** MINOR_UNITS[COIN] * rate
    fiat_value = table.minor[fiat] / 10 ** MINOR_UNITS[FIAT]
    (first, first_value), (second, second_value) = (coin, coin_value), (fiat, fiat_value)
    if not way.coin_first:
        (first, first_value), (second, second_value) = (second, second_value), (first, first_value)
    order = np.argsort(table.ts[second], kind="stable")
    second, second_value = second[order], second_value[order]
    pays, gots = candidates(
        table.ts[first],
        first_value,
        table.ts[second],
        second_value,
        rules.within_minutes * MINUTE_US,
        *rules.spread,
    )
    firsts, seconds = first[pays], second[gots]
    fiats, coins = (seconds, firsts) if way.coin_first else (firsts, seconds)
    return _Candidates(
        way,
        firsts,
        seconds,
        table.ts[seconds] - table.ts[firsts],
        first_value[pays] / second_value[gots],
        table.owner(way.card_side)[fiats],
        table.side(way.wallet_side)[coins],
        pays,
        gots,
        _Legs.of(table.owner(way.card_side)[fiat], fiat_value),
        _Legs.of(table.side(way.wallet_side)[coin], coin_value),
    )


def match_bridges(
    transfers: pa.Table,
    rates: Mapping[date, float],
    rules: BridgeRules | None = None,
    services: Sequence[str] = (),
) -> Bridges:
    """The bridges of a transfers table, both ways (`rates`: tenge per USDT by local day;
    `services`: instruments of services, such as an exchange's wallets, never a trader's).
    A trader (the holder of the card or account) and wallet count as paired again
    (`recurring`, beyond chance) over both directions; a leg already in a fiat→crypto bridge
    is not paired again crypto→fiat."""
    rules = rules or BridgeRules()
    if not rates:
        raise ValueError("bridges need the day's USDT rate: no rates given")
    table = _Table.of(transfers)
    ways = [_candidates(transfers, table, rates, rules, way, services) for way in WAYS]
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
    chance = _chance(ways, card, wallet, kept, rules, table.span)
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


def _chance(
    ways: Sequence[_Candidates], card: I64, wallet: I64, kept: I64, rules: BridgeRules, span: int
) -> F64:
    """Per candidate, how often the first pass would pair its trader and wallet by chance:
    the pairs of their legs (both directions) whose values are in the band, times the
    chance that two legs fall within the window of each other, were their times spread
    evenly over the data's `span`. Only for the trader-wallet pairs the first pass kept (the
    others recur 0 times anyway)."""
    within = rules.within_minutes * MINUTE_US
    share = within / max(span, within)
    pairs = np.unique(np.stack((card[kept], wallet[kept]), axis=1), axis=0)
    expected = {
        (int(c), int(w)): share * sum(way.band_pairs(c, w, rules.spread) for way in ways)
        for c, w in pairs.tolist()
    }
    return np.array(
        [expected.get(key, 0.0) for key in zip(card.tolist(), wallet.tolist(), strict=True)],
        np.float64,
    )


def _keep(c: _Candidates, score: F64, rules: BridgeRules) -> Bridges:
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


def match_at_rate(transfers: pa.Table, usdt_kzt: float) -> Bridges:
    """Bridges with one rate for every day: the spread band widened by 3 points each way for
    the rate's daily moves."""
    rules = BridgeRules(spread=(-0.03, 0.09))
    return match_bridges(transfers, {date(1970, 1, 1): usdt_kzt}, rules)


def traced_bridges(bridges: Bridges, transfers: pa.Table, edges: I64) -> list[dict[str, Any]]:
    """The bridges a trace crossed, either way (`edges`: its traced rows), surest first."""
    kept = np.flatnonzero(np.isin(bridges.crypto, edges) & np.isin(bridges.fiat, edges))
    kept = kept[np.argsort(-bridges.confidence[kept], kind="stable")]
    table = bridges.to_table(transfers).take(pa.array(kept, pa.int64()))
    return [dict(r) for r in table.to_pylist()]
