"""The people of the country: households, names, ages, statuses, IINs, phones, friends.

People are numbered so that each city's residents, and each household, are contiguous;
every attribute is a numpy array indexed by person, except the identifier strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.ids import kz
from moneytrail.sim.config import SimConfig
from moneytrail.sim.geo import CITIES, city_weights
from moneytrail.sim.names import NameBank, build_name_bank
from moneytrail.sim.rng import Streams

NATIONALITIES = ("KAZ", "UZB", "KGZ", "RUS")
EMPLOYED, PENSIONER, STUDENT, OTHER = 0, 1, 2, 3
STATUSES = ("employed", "pensioner", "student", "other")
MOBILE_PREFIXES = (700, 701, 702, 705, 707, 708, 747, 771, 775, 776, 777, 778)
EPOCH = date(1970, 1, 1)

I64 = NDArray[np.int64]


@dataclass(slots=True)
class Population:
    """Every person's attributes, one array element per person."""

    names: NameBank
    sex: I64  # 0 male, 1 female
    birth: I64  # days since 1970-01-01
    city: I64
    pool: I64
    nationality: I64
    first: I64
    last: I64
    patronymic: I64  # -1: none
    household: I64
    status: I64
    activity: NDArray[np.float64]
    friends: I64  # (people, friends) person numbers, family first
    city_start: I64  # people of city c are city_start[c]:city_start[c + 1]
    iin: list[str]
    passport: list[str]
    phone: list[str]

    @property
    def size(self) -> int:
        """The number of people."""
        return len(self.sex)


def build_population(config: SimConfig, streams: Streams) -> Population:
    """People for `config`, drawn from the `population` stream."""
    rng = streams.get("population")
    pc = config.population
    n = pc.people
    household, rank, size = _households(rng, n)
    hh_count = int(household[-1]) + 1
    hh_city = np.sort(rng.choice(len(CITIES), size=hh_count, p=city_weights()))
    city = hh_city[household]
    hh_nat, hh_pool = _origins(rng, hh_count, pc.migrant_share)
    sex = _sexes(rng, rank, size)
    age_days = _ages(rng, rank, size)
    start_days = (config.start - EPOCH).days
    birth = start_days - age_days
    bank = build_name_bank()
    first, last, patronymic = _names(rng, bank, hh_pool[household], sex, household, rank)
    status = _statuses(rng, age_days // 365, sex, pc.student_share_of_young, pc.employment_rate)
    sigma = config.normal.activity_sigma
    activity = np.exp(rng.normal(-sigma * sigma / 2, sigma, n))
    city_start = np.searchsorted(city, np.arange(len(CITIES) + 1)).astype(np.int64)
    friends = _friends(rng, household, rank, size, city, city_start, pc.friends)
    return Population(
        names=bank,
        sex=sex,
        birth=birth,
        city=city,
        pool=hh_pool[household],
        nationality=hh_nat[household],
        first=first,
        last=last,
        patronymic=patronymic,
        household=household,
        status=status,
        activity=activity,
        friends=friends,
        city_start=city_start,
        iin=_iins(rng, birth, sex),
        passport=_passports(rng, hh_nat[household]),
        phone=phone_numbers(rng, n),
    )


def _households(rng: np.random.Generator, n: int) -> tuple[I64, I64, I64]:
    """Household of each person, rank in it (0 head, 1 spouse, 2+ adult child), its size."""
    sizes = rng.choice(np.array([1, 2, 3, 4]), p=[0.27, 0.35, 0.24, 0.14], size=n)
    cum = np.cumsum(sizes)
    k = int(np.searchsorted(cum, n)) + 1
    sizes = sizes[:k].copy()
    sizes[-1] -= int(cum[k - 1]) - n
    household = np.repeat(np.arange(k, dtype=np.int64), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    rank = np.arange(n, dtype=np.int64) - np.repeat(starts, sizes)
    return household, rank, np.repeat(sizes, sizes).astype(np.int64)


def _origins(rng: np.random.Generator, count: int, migrant_share: float) -> tuple[I64, I64]:
    """Nationality and name pool of each household."""
    migrant = rng.random(count) < migrant_share
    nat = np.where(migrant, rng.choice(np.array([1, 2, 3]), p=[0.55, 0.35, 0.1], size=count), 0)
    pool = rng.choice(np.array([0, 1, 2]), p=[0.72, 0.23, 0.05], size=count)
    pool = np.where(migrant, np.where(nat == 3, 1, 2), pool)
    return nat.astype(np.int64), pool.astype(np.int64)


def _sexes(rng: np.random.Generator, rank: I64, size: I64) -> I64:
    head_male = rng.random(len(rank)) < np.where(size > 1, 0.85, 0.5)
    head_sex = np.where(head_male, 0, 1)
    head_of = head_sex[np.arange(len(rank)) - rank]
    other = rng.integers(0, 2, len(rank))
    return np.where(rank == 0, head_sex, np.where(rank == 1, 1 - head_of, other)).astype(np.int64)


def _ages(rng: np.random.Generator, rank: I64, size: I64) -> I64:
    """Age in days; adult children are 20-32 years younger than the head."""
    n = len(rank)
    general = rng.choice(np.arange(18, 86), p=_age_weights(), size=n)
    parent = np.where(size >= 3, rng.integers(42, 76, n), general)
    head_age = parent[np.arange(n) - rank]
    child = np.maximum(18, head_age - rng.integers(20, 33, n))
    spouse = np.clip(head_age + rng.integers(-6, 3, n), 18, 85)
    years = np.where(rank == 0, head_age, np.where(rank == 1, spouse, child))
    return np.asarray(years * 365 + rng.integers(0, 365, n), dtype=np.int64)


def _age_weights() -> NDArray[np.float64]:
    ages = np.arange(18, 86)
    weights = np.where(ages < 45, 1.0, np.where(ages < 65, 0.8, 0.45 * np.exp(-(ages - 65) / 10)))
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _statuses(
    rng: np.random.Generator, years: I64, sex: I64, young_students: float, employment: float
) -> I64:
    """Pensioners by age; students among the young; the rest employed or not."""
    retired = years >= np.where(sex == 0, 63, 61)
    student = (years <= 23) & (rng.random(len(years)) < young_students)
    employed = rng.random(len(years)) < employment
    status = np.where(
        retired, PENSIONER, np.where(student, STUDENT, np.where(employed, EMPLOYED, OTHER))
    )
    return status.astype(np.int64)


def _names(
    rng: np.random.Generator, bank: NameBank, pool: I64, sex: I64, household: I64, rank: I64
) -> tuple[I64, I64, I64]:
    """Rows of the first-name, surname and patronymic tables for each person."""
    n = len(pool)
    first, last, patr = (np.zeros(n, dtype=np.int64) for _ in range(3))
    head = np.arange(n) - rank
    for p, index in enumerate(bank.pools):
        mask = pool == p
        hh_draw = rng.integers(0, 1 << 30, int(household[-1]) + 1)
        spelling = np.where((p == 0) & (hh_draw % 5 < 3), 0, 1)[household]
        surname = (hh_draw // 5) % index.last.shape[1]
        name = rng.integers(0, index.first.shape[1], n)
        fathers = index.patronymic.shape[1]
        father = np.where(rank >= 2, name[head] % fathers, rng.integers(0, fathers, n))
        form = np.where((p == 0) & (rng.random(n) < 0.45), 1, 0)
        first = np.where(mask, index.first[sex, name, spelling], first)
        last = np.where(mask, index.last[sex, surname[household], spelling], last)
        patr = np.where(mask, index.patronymic[sex, father, spelling, form], patr)
    return first, last, patr


def _friends(
    rng: np.random.Generator,
    household: I64,
    rank: I64,
    size: I64,
    city: I64,
    city_start: I64,
    k: int,
) -> I64:
    """Family members first (up to 3), then friends: most in the same city."""
    n = len(household)
    people = np.arange(n)
    cols = []
    for j in range(k):
        lo, hi = city_start[city], city_start[city + 1]
        same_city = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
        anywhere = rng.integers(0, n, n)
        friend = np.where(rng.random(n) < 0.8, same_city, anywhere)
        if j < 3:
            family = people - rank + (rank + 1 + j) % size
            friend = np.where(j < size - 1, family, friend)
        cols.append(np.where(friend == people, (friend + 1) % n, friend))
    return np.stack(cols, axis=1).astype(np.int64)


def _iins(rng: np.random.Generator, birth: I64, sex: I64) -> list[str]:
    """Unique, valid IINs: serials counted per birth date and sex from a random start."""
    offsets = rng.integers(0, 4000, len(birth))
    next_serial: dict[tuple[int, int], int] = {}
    out: list[str] = []
    for days, s, offset in zip(birth.tolist(), sex.tolist(), offsets.tolist(), strict=True):
        key = (days, s)
        serial = next_serial.get(key, offset)
        born = EPOCH + timedelta(days=days)
        iin = kz.make_iin(born, "F" if s else "M", serial)
        while iin is None:
            serial += 1
            iin = kz.make_iin(born, "F" if s else "M", serial)
        next_serial[key] = serial + 1
        out.append(iin)
    return out


def _passports(rng: np.random.Generator, nationality: I64) -> list[str]:
    """Passport numbers in each country's pattern, unique per person."""
    numbers = distinct_ints(rng, 10**6, 10**7, len(nationality))
    prefix = ("N", "FA", "AC", "7")
    width = (8, 7, 7, 8)
    return [
        f"{prefix[nat]}{num:0{width[nat]}d}"
        for nat, num in zip(nationality.tolist(), numbers.tolist(), strict=True)
    ]


def distinct_ints(rng: np.random.Generator, low: int, high: int, n: int) -> I64:
    """`n` distinct integers drawn from [low, high), in random order (needs n << high - low)."""
    drawn = rng.integers(low, high, 2 * n + 16)
    _, first_seen = np.unique(drawn, return_index=True)
    if len(first_seen) < n:
        raise ValueError(f"cannot draw {n} distinct integers from [{low}, {high})")
    return drawn[np.sort(first_seen)[:n]]


def phone_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct Kazakh mobile numbers (+7 70x/747/77x) in E.164."""
    slots = distinct_ints(rng, 0, len(MOBILE_PREFIXES) * 10**7, n)
    prefixes = np.array(MOBILE_PREFIXES, dtype=np.int64)[slots // 10**7]
    return [f"+7{number}" for number in (prefixes * 10**7 + slots % 10**7).tolist()]
