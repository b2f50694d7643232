"""The fixed structure of ordinary economic life: jobs, pay days, pensions, bills, shops.

Built once; `normal.py` draws each day's transfers from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim.companies import CATEGORIES, NATIONAL, Companies
from moneytrail.sim.config import SimConfig
from moneytrail.sim.endpoints import Endpoints
from moneytrail.sim.geo import CITIES
from moneytrail.sim.instruments import TENGE, Instruments
from moneytrail.sim.population import EMPLOYED, PENSIONER, STUDENT, Population

I64 = NDArray[np.int64]
PAYROLL_KINDS = (
    "employer",
    "university",
    "utility",
    "developer",
    "chemicals",
    "exchange",
    "car_dealer",
)
STIPEND_KZT = 45_000
"""Companies whose income is mostly contracts paid by the state (the rest sell to people)."""


@dataclass(frozen=True, slots=True)
class Economy:
    """Who works where, who is paid when, and where people shop."""

    employer: I64  # per person, -1 when none
    salary: I64  # per person, monthly, minor units
    pension: I64  # per person, monthly, minor units
    stipend: I64  # per person (students), monthly, minor units
    university: I64  # per person: the company paying the stipend, -1 when none
    pay_day: I64  # per person: day of month of salary or pension
    bill_day: I64  # per person
    head: NDArray[np.bool_]  # per person: pays the household's bills
    company_pay_day: I64
    company_advance: NDArray[np.bool_]
    company_payroll: I64
    contract: I64  # per company: monthly state contract, minor units
    outlet_order: I64  # outlets sorted by (category, city slot)
    slot_start: I64  # (categories, cities + 1 national slot + 1)
    cat_start: I64  # (categories + 1): all outlets of a category
    utility_outlet: I64  # per city
    telecom_outlets: I64
    migrant_recipient: I64  # per person, foreign card endpoint or -1
    supplier_cum: NDArray[np.float64]  # cumulative supplier weights over companies


def build_economy(
    config: SimConfig,
    population: Population,
    companies: Companies,
    inst: Instruments,
    endpoints: Endpoints,
    rng: np.random.Generator,
) -> Economy:
    """Jobs, pay and shopping structure; also sets companies' opening balances."""
    n = population.size
    employer = _employment(population, companies, rng)
    salary = np.where(
        employer >= 0,
        np.exp(rng.normal(np.log(config.normal.salary_median_kzt), 0.5, n)) * TENGE,
        0,
    ).astype(np.int64)
    pension = np.where(
        population.status == PENSIONER,
        np.exp(rng.normal(np.log(config.normal.pension_median_kzt), 0.3, n)) * TENGE,
        0,
    ).astype(np.int64)
    stipend, university = _stipends(population, companies, rng)
    payroll = np.bincount(employer[employer >= 0], salary[employer >= 0], companies.count)
    payroll = payroll.astype(np.int64)
    kinds = np.array(companies.kind)
    contract = np.where(np.isin(kinds, PAYROLL_KINDS), payroll * 1.15, 0).astype(np.int64)
    inst.acct_balance0[inst.company_acct] = (
        payroll * 3 + np.exp(rng.normal(np.log(2e6), 1.0, companies.count)) * TENGE
    ).astype(np.int64)
    for key in ("treasury", "benefits"):
        inst.acct_balance0[inst.company_acct[companies.by_kind[key][0]]] = 10**16
    order, slot_start, cat_start = _outlet_index(companies)
    head = np.ones(n, dtype=bool)
    head[1:] = population.household[1:] != population.household[:-1]
    return Economy(
        employer=employer,
        salary=salary,
        pension=pension,
        stipend=stipend,
        university=university,
        pay_day=rng.integers(1, 29, n),
        bill_day=rng.integers(1, 29, n),
        head=head,
        company_pay_day=rng.integers(1, 11, companies.count),
        company_advance=rng.random(companies.count) < 0.4,
        company_payroll=payroll,
        contract=contract,
        outlet_order=order,
        slot_start=slot_start,
        cat_start=cat_start,
        utility_outlet=_by_category(companies, "4900"),
        telecom_outlets=np.flatnonzero(np.array(companies.outlet_category) == _cat("4814")),
        migrant_recipient=_recipients(population, endpoints, rng),
        supplier_cum=np.cumsum(np.array(companies.size)) / sum(companies.size),
    )


def _cat(mcc: str) -> int:
    return next(i for i, c in enumerate(CATEGORIES) if c.mcc == mcc)


def _employment(population: Population, companies: Companies, rng: np.random.Generator) -> I64:
    """Each working person's employer: a company of their city, by size."""
    city = np.array(companies.city)
    size = np.array(companies.size)
    employer = np.full(population.size, -1, dtype=np.int64)
    working = population.status == EMPLOYED
    for c in range(len(CITIES)):
        people = np.flatnonzero(working[population.city_start[c] : population.city_start[c + 1]])
        local = np.flatnonzero(city == c)
        if len(local) == 0:
            local = np.arange(companies.count)
        chosen = rng.choice(local, p=size[local] / size[local].sum(), size=len(people))
        employer[population.city_start[c] + people] = chosen
    return employer


def _stipends(
    population: Population, companies: Companies, rng: np.random.Generator
) -> tuple[I64, I64]:
    """Students' monthly stipends and the university paying each."""
    students = population.status == STUDENT
    universities = np.array(companies.by_kind["university"], dtype=np.int64)
    university = np.where(students, rng.choice(universities, size=population.size), -1)
    stipend = np.where(students, STIPEND_KZT * TENGE, 0).astype(np.int64)
    return stipend, university.astype(np.int64)


def _outlet_index(companies: Companies) -> tuple[I64, I64, I64]:
    """Outlets sorted by category then city (national last), with range starts."""
    cats = np.array(companies.outlet_category, dtype=np.int64)
    cities = np.array(companies.outlet_city, dtype=np.int64)
    slots = len(CITIES) + 1
    slot = np.where(cities == NATIONAL, len(CITIES), cities)
    key = cats * slots + slot
    order = np.argsort(key, kind="stable").astype(np.int64)
    bounds = np.searchsorted(key[order], np.arange(len(CATEGORIES) * slots + 1))
    slot_start = bounds.astype(np.int64)
    cat_start = bounds[::slots].astype(np.int64)
    return order, slot_start, cat_start


def _by_category(companies: Companies, mcc: str) -> I64:
    """The outlet of category `mcc` in each city (-1 where none)."""
    found = np.full(len(CITIES), -1, dtype=np.int64)
    target = _cat(mcc)
    for outlet, (cat, city) in enumerate(
        zip(companies.outlet_category, companies.outlet_city, strict=True)
    ):
        if cat == target and city != NATIONAL:
            found[city] = outlet
    return found


def _recipients(population: Population, endpoints: Endpoints, rng: np.random.Generator) -> I64:
    """A foreign card at home for each migrant worker (-1 for everyone else)."""
    countries = np.array(endpoints.foreign_country)
    wanted = {1: "UZ", 2: "KG", 3: "RU"}
    out = np.full(population.size, -1, dtype=np.int64)
    for nat, country in wanted.items():
        cards = np.flatnonzero(countries == country)
        people = np.flatnonzero(population.nationality == nat)
        if len(cards) and len(people):
            out[people] = endpoints.foreign0 + rng.choice(cards, size=len(people))
    return out
