"""When each shop's drop cards live: slots filled one card after another as cards die.

A shop keeps `live_cards_per_shop` tier-1 cards live at any time; each lives a log-normal
number of days (median `card_life_days_median`, 1 to 35) until the bank blocks it, and the
next card takes the slot. Tier-2 and cash-out accounts live longer (medians 30 and 21
days). Sold and rented cards stop ordinary use some days before the shop starts using
them; opened cards come in bursts of two to four at one bank on one day.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim.country import Country
from moneytrail.sim.drug.roles import Drop, Recruiter, Shop
from moneytrail.sim.events import DAY_US, HOUR_US, day_start_us

ACQUISITION = ("sold", "rented", "opened")
ACQUISITION_P = (0.45, 0.2, 0.35)


class Scheduler:
    """Fills each shop's slots with drops, recruiting droppers as needed."""

    def __init__(
        self,
        c: Country,
        rng: np.random.Generator,
        recruiter: Recruiter,
        weights: NDArray[np.float64],
    ) -> None:
        self.c, self.rng, self.recruiter, self.weights = c, rng, recruiter, weights
        self.day0 = day_start_us(c.start_days, 0)

    def staff(self, shop: Shop, world: tuple[int, int]) -> None:
        """Tier-1, tier-2 and cash-out drops over the shop's active span."""
        cfg = self.c.config.drug
        span = (max(shop.active_from, world[0]), min(shop.active_to, world[1]))
        bursts: list[tuple[int, int, int]] = []
        for _ in range(cfg.live_cards_per_shop):
            for start, end in self._lives(span, cfg.card_life_days_median, 0.6, (1, 35)):
                kind = str(self.rng.choice(ACQUISITION, p=ACQUISITION_P))
                shop.t1.append(self._t1(shop.index, kind, start, end, bursts))
        for tier, count, median in (
            ("t2", cfg.tier2_per_shop, 30.0),
            ("cash_out", cfg.cash_out_per_shop, 21.0),
        ):
            for _ in range(count):
                for start, end in self._lives(span, median, 0.5, (7, 90)):
                    getattr(shop, tier).append(self._opened(shop.index, tier, start, end))
        shop.t1.sort(key=lambda d: d.live_from)
        shop.reserve = [(card, acct) for card, acct, _ in bursts]

    def _lives(
        self, span: tuple[int, int], median: float, sigma: float, bounds: tuple[int, int]
    ) -> list[tuple[int, int]]:
        """Consecutive [live, blocked) spans covering `span`, the first already under way."""
        out = []
        t = span[0] - int(self.rng.random() * median * DAY_US)
        while t < span[1]:
            days = float(np.clip(np.exp(self.rng.normal(np.log(median), sigma)), *bounds))
            end = min(t + int(days * DAY_US), span[1])
            if end > span[0]:
                out.append((max(t, span[0]), end))
            t = end + int(self.rng.integers(0, 4 * HOUR_US))
        return out

    def _t1(
        self, shop: int, kind: str, start: int, end: int, bursts: list[tuple[int, int, int]]
    ) -> Drop:
        if kind == "opened":
            if not bursts:
                bursts.extend(self._burst(start))
            card, acct, person = bursts.pop(0)
            return Drop(card, acct, person, shop, "t1", "opened", start, end)
        person = int(self.recruiter.pick("dropper", self.weights, 1)[0])
        quiet = (3, 21) if kind == "sold" else (1, 6)
        dormant = (start - self.day0) // DAY_US - int(self.rng.integers(*quiet))
        phone_bank = self.c.inst.acct_bank[person] == self.c.banks.phone_bank
        phone = bool(phone_bank and self.rng.random() < 0.7)
        return Drop(person, person, person, shop, "t1", kind, start, end, int(dormant), phone)

    def _burst(self, start: int) -> list[tuple[int, int, int]]:
        """Two to four new cards opened by one dropper at one bank on one day."""
        person = int(self.recruiter.pick("dropper", self.weights, 1)[0])
        count = int(self.rng.integers(2, 5))
        bank = int(self.rng.integers(len(self.c.banks.domestic)))
        opened = (start - self.day0) // DAY_US + self.c.start_days - int(self.rng.integers(2, 16))
        accts, cards = self.c.inst.add_person_accounts(
            np.full(count, person), np.full(count, bank), np.full(count, opened)
        )
        return [(int(card), int(acct), person) for card, acct in zip(cards, accts, strict=True)]

    def _opened(self, shop: int, tier: str, start: int, end: int) -> Drop:
        """A dedicated account opened for the shop a few days before use."""
        person = int(self.recruiter.pick("dropper", self.weights, 1)[0])
        bank = int(self.rng.integers(len(self.c.banks.domestic)))
        opened = (start - self.day0) // DAY_US + self.c.start_days - int(self.rng.integers(3, 30))
        accts, cards = self.c.inst.add_person_accounts(
            np.array([person]), np.array([bank]), np.array([opened])
        )
        return Drop(int(cards[0]), int(accts[0]), person, shop, tier, "opened", start, end)
