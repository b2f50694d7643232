"""The people and instruments of the drug economy, as planned before the first day.

A `Drop` is one account with its card in a dropper's name, used by one shop over a span:
tier 1 (`t1`) receives buyers' payments, tier 2 (`t2`) aggregates, `cash_out` withdraws.
Acquisition says how the shop got it: `sold` (the owner's own card, with ordinary history,
then dormancy, then the spike), `rented` (the same, shorter dormancy) or `opened` (a new
card opened for sale, often several at one bank on one day).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim.drug.shops import ShopFace

I64 = NDArray[np.int64]


@dataclass(slots=True)
class Drop:
    """A dropper's account and card, used by a shop from `live_from` until `blocked_at`."""

    card: int
    acct: int
    person: int
    shop: int
    tier: str  # "t1" | "t2" | "cash_out"
    acquisition: str  # "sold" | "rented" | "opened"
    live_from: int  # microseconds since the epoch, UTC
    blocked_at: int
    dormant_from: int | None = None  # world day ordinary use of a sold card ended
    phone: bool = False  # the shop also publishes the holder's phone for transfers


@dataclass(slots=True)
class Shop:
    """One shop: its face, its people and its instruments."""

    face: ShopFace
    index: int
    active_from: int  # microseconds, UTC
    active_to: int
    organizer: int
    nominee: int
    nominee_acct: int
    couriers: list[int]
    t1: list[Drop] = field(default_factory=list)
    t2: list[Drop] = field(default_factory=list)
    cash_out: list[Drop] = field(default_factory=list)
    foreign_cards: list[int] = field(default_factory=list)  # endpoint numbers
    reserve: list[tuple[int, int]] = field(default_factory=list)  # opened, unused: (card, acct)


@dataclass(slots=True)
class Exchanger:
    """A P2P trader: cards at several banks and USDT wallets."""

    person: int
    accts: list[int]
    cards: list[int]


@dataclass(slots=True)
class DrugPlan:
    """Everything the drug economy is made of."""

    shops: list[Shop]
    exchangers: list[Exchanger]
    buyers: I64  # person numbers
    buyer_shop: I64  # the shop each buyer orders from
    buyer_rate: NDArray[np.float64]  # orders per day
    crypto_users: I64  # ordinary people who buy USDT from exchangers now and then
    roles: dict[int, tuple[str, int]]  # person -> (role, shop or -1)

    def drops(self) -> list[Drop]:
        """Every drop of every shop."""
        return [d for shop in self.shops for d in (*shop.t1, *shop.t2, *shop.cash_out)]


class Recruiter:
    """Picks people for roles, each person at most once.

    Each kind of role has its own weights; people are drawn by weight without replacement
    (Efraimidis-Spirakis keys, one sort per kind), so many small picks cost one sort.
    """

    def __init__(self, rng: np.random.Generator, people: int) -> None:
        self.rng = rng
        self.taken = np.zeros(people, dtype=bool)
        self._queues: dict[str, tuple[I64, list[int]]] = {}

    def pick(self, kind: str, weights: NDArray[np.float64], count: int) -> I64:
        """`count` people not yet taken, drawn by `weights` (the same weights for a `kind`)."""
        if kind not in self._queues:
            u = self.rng.random(len(weights))
            with np.errstate(divide="ignore"):
                keys = np.where(weights > 0, np.log(u) / np.where(weights > 0, weights, 1), -np.inf)
            self._queues[kind] = (np.lexsort((u, -keys)).astype(np.int64), [0])
        order, cursor = self._queues[kind]
        chosen: list[int] = []
        while len(chosen) < count and cursor[0] < len(order):
            person = int(order[cursor[0]])
            cursor[0] += 1
            if not self.taken[person]:
                self.taken[person] = True
                chosen.append(person)
        return np.array(chosen, dtype=np.int64)
