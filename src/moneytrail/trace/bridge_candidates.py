"""Candidate pairs of bridge legs: for one direction, every tenge leg and USDT leg whose
second leg follows the first within the window with a margin in the spread band, with the
trader (the holder of the card or account) and the trader's wallet of each pair, and all the
direction's legs by trader and by wallet (for the chance correction of `trace.bridges`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.graph.kernels.match import candidates
from moneytrail.model.transfers import MINOR_UNITS, Channel

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
MINUTE_US = 60_000_000
DAY_US = 86_400_000_000
FIAT, COIN = "KZT", "USDT"
SIDES = ("src", "dst")
EPOCH_DAY = date(1970, 1, 1).toordinal()


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
class Legs:
    """One kind of leg of a direction (its tenge or its USDT legs), grouped by the trader's
    card holder or wallet (`code`), values (tenge) ascending within each."""

    code: I64
    value: F64

    @classmethod
    def of(cls, code: I64, value: F64) -> Legs:
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


def _codes(column: pa.ChunkedArray) -> tuple[I64, pa.Array]:
    """Integer codes of a string column (null as the empty string) and the name of each."""
    encoded = pc.fill_null(column.cast(pa.string()), "").dictionary_encode().combine_chunks()
    return np.asarray(encoded.indices, np.int64), encoded.dictionary


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
class Table:
    """The columns matching reads: times (µs), minor amounts, the instruments of each side
    and their owners (the holder's party where the table names one, else the instrument), as
    codes of one vocabulary (a trader's card is a payee one way, a payer the other), and the
    name of each code (null as the empty string)."""

    ts: I64
    minor: I64
    src: I64
    dst: I64
    src_owner: I64
    dst_owner: I64
    names: pa.Array | None = None

    @classmethod
    def of(cls, transfers: pa.Table) -> Table:
        ts = transfers.column("ts").cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
        ends = [transfers.column(f"{side}_instrument").cast(pa.string()) for side in SIDES]
        owners = [_owner(transfers, side, end) for side, end in zip(SIDES, ends, strict=True)]
        columns = [*ends, *owners]
        codes, names = _codes(
            pa.chunked_array([c for col in columns for c in col.chunks], pa.string())
        )
        n = transfers.num_rows
        minor = np.asarray(transfers.column("amount_minor"), np.int64)
        src, dst, src_owner, dst_owner = (codes[k * n : (k + 1) * n] for k in range(4))
        return cls(np.asarray(ts), minor, src, dst, src_owner, dst_owner, names)

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
class Candidates:
    """One direction's candidate pairs: the rows of their first and second legs, the first
    leg's value over the second's, the gap between them (µs), the trader (the holder of the
    trader's card or account: `Table.owner`) and the trader's wallet, the indices `pays`,
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
    fiat_legs: Legs
    coin_legs: Legs

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


def direction_candidates(
    transfers: pa.Table,
    table: Table,
    rates: Mapping[date, float],
    rules: BridgeRules,
    way: Way,
    services: Sequence[str],
) -> Candidates:
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
    return Candidates(
        way,
        firsts,
        seconds,
        table.ts[seconds] - table.ts[firsts],
        first_value[pays] / second_value[gots],
        table.owner(way.card_side)[fiats],
        table.side(way.wallet_side)[coins],
        pays,
        gots,
        Legs.of(table.owner(way.card_side)[fiat], fiat_value),
        Legs.of(table.side(way.wallet_side)[coin], coin_value),
    )
