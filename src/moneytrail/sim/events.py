"""A block of bank transfers as numpy columns, before it becomes an Arrow table.

Columns hold numbers only: endpoints index `Endpoints`, `channel` indexes `CHANNELS`,
`mcc` indexes `MCCS`, `ref` indexes `REFERENCES`, and `tag` names the drug-economy event
a row came from (-1 for ordinary activity), so labels can follow rows through sorting.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.transfers import Channel
from moneytrail.sim.companies import CATEGORIES
from moneytrail.sim.geo import UTC_OFFSET_HOURS
from moneytrail.sim.mcc import FOREIGN_ONLINE

CHANNELS: tuple[Channel, ...] = tuple(Channel)
CH = {channel: i for i, channel in enumerate(CHANNELS)}
MCCS: tuple[str, ...] = (*(c.mcc for c in CATEGORIES), FOREIGN_ONLINE.mcc)
MCC_INDEX = {mcc: i for i, mcc in enumerate(MCCS)}

REFERENCES: tuple[str, ...] = (
    "Заработная плата",
    "Аванс по заработной плате",
    "Пенсионная выплата",
    "Оплата коммунальных услуг",
    "Оплата по счету",
    "Оплата по договору поставки",
    "Аренда нежилого помещения",
    "ИПН и социальный налог",
    "Оплата по договору государственных закупок",
    "Перевод собственных средств",
    "Оплата за автомобиль по договору купли-продажи",
    "Оплата по договору купли-продажи квартиры",
    "Пополнение счета",
    "Возврат займа",
    "Оплата за услуги связи",
    "Стипендия",
)
REF = {text: i for i, text in enumerate(REFERENCES)}

US = 1_000_000
MINUTE_US = 60 * US
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US


@dataclass(slots=True)
class EventBlock:
    """Transfers of one kind or one day, column by column."""

    ts: NDArray[np.int64]  # microseconds since 1970-01-01 UTC
    amount: NDArray[np.int64]  # minor units of KZT
    channel: NDArray[np.int8]
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    mcc: NDArray[np.int16]
    ref: NDArray[np.int16]
    tag: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.ts)

    def select(self, mask: NDArray[np.bool_] | NDArray[np.int64]) -> EventBlock:
        """The rows chosen by a boolean mask or an index array."""
        return EventBlock(*(getattr(self, f.name)[mask] for f in fields(self)))


def block(
    ts: NDArray[np.int64],
    amount: NDArray[np.int64],
    channel: Channel,
    src: NDArray[np.int64],
    dst: NDArray[np.int64],
    mcc: NDArray[np.int16] | int = -1,
    ref: NDArray[np.int16] | int = -1,
) -> EventBlock:
    """An ordinary block of one channel (scalars broadcast)."""
    n = len(ts)
    return EventBlock(
        ts.astype(np.int64),
        amount.astype(np.int64),
        np.full(n, CH[channel], np.int8),
        src.astype(np.int64),
        dst.astype(np.int64),
        np.broadcast_to(np.asarray(mcc, np.int16), n).copy(),
        np.broadcast_to(np.asarray(ref, np.int16), n).copy(),
        np.full(n, -1, np.int64),
    )


def empty() -> EventBlock:
    """A block of no rows."""
    none = np.zeros(0, np.int64)
    return block(none, none, Channel.P2P, none, none)


def concat(blocks: list[EventBlock]) -> EventBlock:
    """One block of all rows, in the order given."""
    if not blocks:
        return empty()
    return EventBlock(
        *(np.concatenate([getattr(b, f.name) for b in blocks]) for f in fields(EventBlock))
    )


PROFILES: dict[str, tuple[float, ...]] = {
    # relative activity per local hour 0..23
    "retail": (
        1,
        0.5,
        0.3,
        0.2,
        0.2,
        0.4,
        1,
        2.5,
        4,
        5,
        6,
        7,
        8,
        7.5,
        7,
        7,
        7.5,
        8.5,
        9,
        9,
        8,
        6,
        4,
        2,
    ),
    "p2p": (2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5.5, 6, 6, 6, 6, 6.5, 7, 8, 9, 9, 8, 6, 3.5),
    "office": (0, 0, 0, 0, 0, 0, 0.1, 0.5, 3, 8, 10, 10, 8, 7, 9, 10, 9, 7, 3, 1, 0.3, 0, 0, 0),
    "atm": (0.5, 0.3, 0.2, 0.1, 0.1, 0.3, 1, 3, 5, 6, 7, 7, 7, 7, 6.5, 6.5, 7, 8, 8, 7, 5, 3, 2, 1),
    "night": (6, 5, 4, 3, 2, 1, 1, 1.5, 2, 3, 3.5, 4, 4.5, 5, 5, 5.5, 6, 7, 8, 9, 10, 10, 9, 8),
}


def day_start_us(start_days: int, day: int) -> int:
    """Local midnight (UTC+5) of world day `day` in microseconds since the epoch, UTC."""
    return ((start_days + day) * 86_400 - UTC_OFFSET_HOURS * 3600) * US


def times(rng: np.random.Generator, n: int, profile: str, day0_us: int) -> NDArray[np.int64]:
    """`n` instants of the day starting at `day0_us`, hours weighted by `profile`."""
    weights = np.array(PROFILES[profile], dtype=np.float64)
    hours = rng.choice(24, p=weights / weights.sum(), size=n)
    within = rng.integers(0, 3600 * US, n)
    return day0_us + hours.astype(np.int64) * 3600 * US + within
