"""Who does what in the drug economy, and which cards each shop uses when.

Called after the country is built and before identifiers are drawn: the accounts it opens
for droppers, exchangers and nominees are added to the country's instruments here.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim.country import Country
from moneytrail.sim.drug.roles import Drop, DrugPlan, Exchanger, Recruiter, Shop
from moneytrail.sim.drug.schedule import Scheduler
from moneytrail.sim.drug.shops import make_face, shop_cities
from moneytrail.sim.events import DAY_US, day_start_us
from moneytrail.sim.population import EMPLOYED, OTHER, STUDENT

F64 = NDArray[np.float64]
EXCHANGER_CAPITAL = 4_000_000 * 100
"""Tenge each trader account holds at the start, minor units."""


def plan_drug_world(c: Country) -> DrugPlan:
    """Shops with their people and drops, exchangers and buyers."""
    rng = c.streams.get("drug_plan")
    pop = c.population
    recruiter = Recruiter(rng, pop.size)
    years = (c.start_days - pop.birth) // 365
    weights = _Weights(years, pop.status, pop.sex, pop.city)
    world = (day_start_us(c.start_days, 0), day_start_us(c.start_days, c.config.days))
    scheduler = Scheduler(c, rng, recruiter, weights.dropper())
    roles: dict[int, tuple[str, int]] = {}
    shops = []
    cities = shop_cities(rng, c.config.drug.shops, np.diff(pop.city_start))
    for index, city in enumerate(cities):
        shop = _shop(c, rng, recruiter, weights, index, city, world)
        scheduler.staff(shop, world)
        shops.append(shop)
        _record_shop_roles(roles, shop)
    exchangers = _exchangers(c, rng, recruiter, weights.trader())
    for ex in exchangers:
        roles[ex.person] = ("exchanger", -1)
    buyers, buyer_shop, rate = _buyers(c, rng, recruiter, weights.buyer(), shops)
    for person in buyers.tolist():
        roles[person] = ("buyer", -1)
    crypto_users = recruiter.pick("crypto_user", weights.trader(), max(4, pop.size // 200))
    return DrugPlan(shops, exchangers, buyers, buyer_shop, rate, crypto_users, roles)


class _Weights:
    """Who is likely to take each role."""

    def __init__(
        self,
        years: NDArray[np.int64],
        status: NDArray[np.int64],
        sex: NDArray[np.int64],
        city: NDArray[np.int64],
    ) -> None:
        self.years, self.status, self.sex, self.city = years, status, sex, city

    def dropper(self) -> F64:
        young = np.where(self.years <= 25, 3.0, np.where(self.years <= 40, 1.0, 0.1))
        kind = np.select([self.status == STUDENT, self.status == OTHER], [4.0, 2.0], 0.5)
        return np.asarray(young * kind, dtype=np.float64)

    def organizer(self) -> F64:
        ok = (self.years >= 24) & (self.years <= 50)
        return np.where(ok, np.where(self.sex == 0, 1.0, 0.15), 0.0)

    def courier(self, city: int) -> F64:
        young = (self.years >= 17) & (self.years <= 30)
        return np.where(young & (self.city == city), np.where(self.sex == 0, 1.0, 0.3), 0.001)

    def trader(self) -> F64:
        ok = (self.years >= 22) & (self.years <= 45) & np.isin(self.status, (EMPLOYED, OTHER))
        return np.where(ok, np.where(self.city <= 2, 3.0, 1.0), 0.01)

    def buyer(self) -> F64:
        return np.where(self.years <= 40, 3.0, np.where(self.years <= 55, 1.0, 0.15))


def _shop(
    c: Country,
    rng: np.random.Generator,
    recruiter: Recruiter,
    weights: _Weights,
    index: int,
    city: int,
    world: tuple[int, int],
) -> Shop:
    """A shop's face, span, organizer, nominee and couriers."""
    span = world[1] - world[0]
    late = rng.random() < 0.15
    cut = rng.random() < 0.2
    active_from = world[0] + (int(rng.uniform(0.2, 0.6) * span) if late else -30 * DAY_US)
    active_to = world[0] + int(rng.uniform(0.5, 0.95) * span) if cut else world[1] + 30 * DAY_US
    active_to = max(active_to, active_from + 7 * DAY_US)
    organizer = int(recruiter.pick("organizer", weights.organizer(), 1)[0])
    nominee = _relative(c, recruiter, organizer, city, weights.courier(city))
    bank = np.array([int(rng.integers(len(c.banks.domestic)))])
    opened = np.array([c.start_days - int(rng.integers(60, 900))])
    accts, _ = c.inst.add_person_accounts(np.array([nominee]), bank, opened)
    couriers = recruiter.pick(
        f"courier-{city}", weights.courier(city), c.config.drug.couriers_per_shop
    )
    return Shop(
        face=make_face(rng, index + 1, city),
        index=index,
        active_from=active_from,
        active_to=active_to,
        organizer=organizer,
        nominee=nominee,
        nominee_acct=int(accts[0]),
        couriers=couriers.tolist(),
    )


def _relative(c: Country, recruiter: Recruiter, person: int, city: int, fallback: F64) -> int:
    """Someone of the organizer's household, else someone of the shop's city."""
    household = c.population.household
    members = np.flatnonzero(household == household[person])
    free = [int(m) for m in members if not recruiter.taken[m]]
    if free:
        recruiter.taken[free[0]] = True
        return free[0]
    return int(recruiter.pick(f"courier-{city}", fallback, 1)[0])


def _record_shop_roles(roles: dict[int, tuple[str, int]], shop: Shop) -> None:
    roles[shop.organizer] = ("organizer", shop.index)
    roles[shop.nominee] = ("nominee", shop.index)
    for courier in shop.couriers:
        roles[courier] = ("courier", shop.index)
    drops: list[Drop] = [*shop.t1, *shop.t2, *shop.cash_out]
    for drop in drops:
        role = {"t1": "dropper_t1", "t2": "dropper_t2", "cash_out": "cash_out"}[drop.tier]
        roles.setdefault(drop.person, (role, shop.index))


def _exchangers(
    c: Country, rng: np.random.Generator, recruiter: Recruiter, weights: F64
) -> list[Exchanger]:
    """P2P traders, each with three or four accounts at different banks."""
    out = []
    for person in recruiter.pick("exchanger", weights, c.config.drug.exchangers).tolist():
        count = int(rng.integers(3, 5))
        banks = rng.choice(len(c.banks.domestic), size=count, replace=False).astype(np.int64)
        opened = c.start_days - rng.integers(90, 1100, count)
        capital = np.full(count, EXCHANGER_CAPITAL, dtype=np.int64)
        accts, cards = c.inst.add_person_accounts(np.full(count, person), banks, opened, capital)
        out.append(Exchanger(person, accts.tolist(), cards.tolist()))
    return out


def _buyers(
    c: Country, rng: np.random.Generator, recruiter: Recruiter, weights: F64, shops: list[Shop]
) -> tuple[NDArray[np.int64], NDArray[np.int64], F64]:
    """Buyers, the shop each prefers (one of their city when there is one), their rates."""
    pop = c.population
    shop_city = np.array([shop.face.city for shop in shops])
    has_shop = np.isin(pop.city, shop_city)
    count = max(8, int(c.config.drug.buyer_share * pop.size))
    buyers = np.sort(recruiter.pick("buyer", weights * np.where(has_shop, 4.0, 1.0), count))
    choice = rng.integers(0, len(shops), count)
    local = [np.flatnonzero(shop_city == city) for city in pop.city[buyers].tolist()]
    preferred = np.array(
        [
            int(loc[choice[i] % len(loc)]) if len(loc) else int(choice[i])
            for i, loc in enumerate(local)
        ],
        dtype=np.int64,
    )
    weekly = c.config.drug.orders_per_buyer_week
    rate = weekly / 7 * np.exp(rng.normal(-0.245, 0.7, count))
    return buyers, preferred, rate
