"""Companies (with BINs) and the merchant outlets through which people pay by card.

Special companies come first (the treasury, the benefits centre, mobile operators, taxi
apps, the marketplace, betting, utilities, crypto exchanges, car dealers, developers,
chemical importers), then national chains, then local outlets per city and category, then
ordinary employers up to the configured density.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.ids import kz
from moneytrail.sim import company_names as cn
from moneytrail.sim.config import SimConfig
from moneytrail.sim.geo import CITIES
from moneytrail.sim.mcc import CAR_DEALER, REAL_ESTATE, RETAIL, UTILITIES, Category
from moneytrail.sim.population import EPOCH, distinct_ints
from moneytrail.sim.rng import Streams

CATEGORIES: tuple[Category, ...] = (*RETAIL, UTILITIES, CAR_DEALER, REAL_ESTATE)
CATEGORY_INDEX = {c.mcc: i for i, c in enumerate(CATEGORIES)}
NATIONAL = -1

I64 = NDArray[np.int64]


@dataclass(slots=True)
class Companies:
    """Companies and their merchant outlets, as parallel lists."""

    kind: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    city: list[int] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    bin: list[str] = field(default_factory=list)
    registered: list[int] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    outlet_company: list[int] = field(default_factory=list)
    outlet_category: list[int] = field(default_factory=list)
    outlet_city: list[int] = field(default_factory=list)
    outlet_name: list[str] = field(default_factory=list)
    outlet_mid: list[str] = field(default_factory=list)

    def add(self, kind: str, name: str, city: int, size: float) -> int:
        """A new company; its number."""
        self.kind.append(kind)
        self.name.append(name)
        self.city.append(city)
        self.size.append(size)
        self.by_kind.setdefault(kind, []).append(len(self.kind) - 1)
        return len(self.kind) - 1

    def add_outlet(self, company: int, category: str, city: int, label: str) -> int:
        """A merchant outlet of `company`; its number."""
        self.outlet_company.append(company)
        self.outlet_category.append(CATEGORY_INDEX[category])
        self.outlet_city.append(city)
        where = "" if city == NATIONAL else CITIES[city].name
        self.outlet_name.append(cn.descriptor(label, where).strip())
        return len(self.outlet_company) - 1

    @property
    def count(self) -> int:
        """The number of companies."""
        return len(self.kind)


def build_companies(config: SimConfig, streams: Streams, city_people: I64) -> Companies:
    """Every company and outlet of the world, with BINs and merchant ids."""
    rng = streams.get("companies")
    companies = Companies()
    _specials(companies, rng)
    _outlets(companies, rng, city_people)
    target = int(config.population.companies_per_1000 * config.population.people / 1000)
    weights = city_people / max(1, city_people.sum())
    for _ in range(max(0, target - companies.count)):
        city = int(rng.choice(len(CITIES), p=weights))
        size = float(rng.pareto(1.3) * 8 + 2)
        companies.add("employer", cn.company_name(rng, "employer"), city, size)
    start = (config.start - EPOCH).days
    companies.registered = (start - rng.integers(200, 11_000, companies.count)).tolist()
    companies.bin = _bins(rng, companies.registered)
    mids = distinct_ints(rng, 10**14, 10**15, len(companies.outlet_company))
    companies.outlet_mid = [str(mid) for mid in mids.tolist()]
    return companies


def _specials(companies: Companies, rng: np.random.Generator) -> None:
    astana, almaty = 1, 0
    for key in ("treasury", "benefits"):
        companies.add(key, cn.SPECIAL_NAMES[key], astana, 400.0)
    national = (
        [("4814", name) for name in cn.TELECOMS]
        + [("4121", name) for name in cn.TAXIS]
        + [("5311", cn.MARKETPLACE), ("7995", cn.BETTING)]
    )
    for mcc, name in national:
        company = companies.add("platform", f"ТОО «{name}»", almaty, 150.0)
        companies.add_outlet(company, mcc, NATIONAL, name)
    for city in range(len(CITIES)):
        utility = companies.add("utility", cn.company_name(rng, "utility"), city, 60.0)
        companies.add_outlet(utility, "4900", city, companies.name[utility])
    for name in cn.EXCHANGES:
        companies.add("exchange", f"AIFC «{name} Ltd»", astana, 30.0)
    for city in range(8):
        dealer = companies.add("car_dealer", cn.company_name(rng, "car_dealer"), city, 40.0)
        companies.add_outlet(dealer, "5511", city, companies.name[dealer])
    for city in (0, 1, 2, 14):
        developer = companies.add("developer", cn.company_name(rng, "developer"), city, 120.0)
        companies.add_outlet(developer, "6513", city, companies.name[developer])
    for city in (0, 1, 2, 3, 4, 6, 14, 19):
        companies.add("chemicals", cn.company_name(rng, "chemicals"), city, 15.0)
    for city in (0, 1, 2, 3, 4):
        companies.add("university", cn.company_name(rng, "university"), city, 300.0)


def _outlets(companies: Companies, rng: np.random.Generator, city_people: I64) -> None:
    """Local outlets per city and category; chains own about a third where they exist."""
    chains = {
        mcc: companies.add("chain", f"ТОО «{name}»", 0, 500.0) for mcc, name in cn.CHAINS.items()
    }
    for city, people in enumerate(city_people.tolist()):
        if people == 0:
            continue
        for category in RETAIL:
            if category.national:
                continue
            expected = category.per_10k * people / 10_000
            count = max(1 if category.per_10k >= 8 else 0, int(rng.poisson(expected)))
            for _ in range(count):
                _one_outlet(companies, rng, chains, category, city)


def _one_outlet(
    companies: Companies,
    rng: np.random.Generator,
    chains: dict[str, int],
    category: Category,
    city: int,
) -> None:
    chain = chains.get(category.mcc)
    if chain is not None and rng.random() < 0.35:
        companies.add_outlet(chain, category.mcc, city, cn.CHAINS[category.mcc])
        return
    word = cn.WORDS_LAT[int(rng.integers(len(cn.WORDS_LAT)))]
    owner = companies.add("merchant", f"ТОО «{word} {category.word.title()}»", city, 3.0)
    companies.add_outlet(owner, category.mcc, city, f"{word} {category.word}")


def _bins(rng: np.random.Generator, registered: list[int]) -> list[str]:
    """Unique, valid BINs of resident legal entities (head offices)."""
    next_serial: dict[tuple[int, int], int] = {}
    out: list[str] = []
    for days in registered:
        day = EPOCH + timedelta(days=days)
        key = (day.year, day.month)
        serial = next_serial.get(key, int(rng.integers(0, 60_000)))
        value = kz.make_bin(day, 4, 0, serial)
        while value is None:
            serial += 1
            value = kz.make_bin(day, 4, 0, serial)
        next_serial[key] = serial + 1
        out.append(value)
    return out
