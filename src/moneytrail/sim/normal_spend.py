"""Ordinary spending of one day: card payments, bills, ATM withdrawals, cash deposits.

Every function draws a whole day for the whole population with numpy; none loops over
people or transfers.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.transfers import Channel
from moneytrail.sim.country import Country
from moneytrail.sim.events import MCC_INDEX, REF, EventBlock, block, times
from moneytrail.sim.geo import CITIES
from moneytrail.sim.instruments import TENGE
from moneytrail.sim.mcc import FOREIGN_ONLINE, RETAIL, retail_medians, retail_sigmas, retail_weights
from moneytrail.sim.population import OTHER

I64 = NDArray[np.int64]
INFORMAL_DEPOSITS_PER_DAY = 0.06
ATM_AMOUNTS = np.array([5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 150_000, 200_000])
ATM_WEIGHTS = np.array([0.12, 0.22, 0.2, 0.14, 0.16, 0.1, 0.03, 0.03])


def lognormal_minor(
    rng: np.random.Generator,
    median: NDArray[np.float64] | float,
    sigma: NDArray[np.float64] | float,
    n: int,
    step: int = 10,
) -> I64:
    """Amounts in minor units, log-normal around `median` tenge, rounded to `step` tenge."""
    tenge = np.exp(rng.normal(np.log(median), sigma, n))
    return (np.maximum(step, np.round(tenge / step) * step) * TENGE).astype(np.int64)


def per_person(rng: np.random.Generator, rate: NDArray[np.float64]) -> I64:
    """Each event's person, for Poisson counts at `rate` per person."""
    counts = rng.poisson(rate)
    return np.repeat(np.arange(len(rate), dtype=np.int64), counts)


def payer_card(c: Country, rng: np.random.Generator, people: I64) -> I64:
    """Card endpoint used by each payer: the second card a quarter of the time."""
    second = c.inst.second_card[people]
    use_second = (second >= 0) & (rng.random(len(people)) < 0.25)
    return c.ep().card0 + np.where(use_second, second, people)


def retail(
    c: Country, rng: np.random.Generator, activity: NDArray[np.float64], day0: int
) -> EventBlock:
    """Card payments at shops, cafés, taxis, marketplaces; a few abroad."""
    ep = c.ep()
    people = per_person(rng, activity * c.config.normal.card_payments_per_day)
    n = len(people)
    cat = rng.choice(len(RETAIL), p=retail_weights(), size=n)
    outlet = pick_outlet(c, rng, cat, c.population.city[people])
    amount = lognormal_minor(rng, retail_medians()[cat], retail_sigmas()[cat], n)
    mcc = np.array([MCC_INDEX[r.mcc] for r in RETAIL], np.int16)[cat]
    dst = ep.outlet0 + outlet
    abroad = rng.random(n) < c.config.normal.foreign_card_share
    foreign_count = ep.size - ep.foreign_outlet0
    dst = np.where(abroad, ep.foreign_outlet0 + rng.integers(0, foreign_count, n), dst)
    mcc = np.where(abroad, MCC_INDEX[FOREIGN_ONLINE.mcc], mcc).astype(np.int16)
    ts = times(rng, n, "retail", day0)
    return block(ts, amount, Channel.CARD_PAYMENT, payer_card(c, rng, people), dst, mcc)


def pick_outlet(c: Country, rng: np.random.Generator, cat: I64, city: I64) -> I64:
    """An outlet of each category in each city, popular ones more often; else any city's."""
    eco = c.eco()
    slots = len(CITIES) + 1
    national = np.array([r.national for r in RETAIL])[cat]
    slot = cat * slots + np.where(national, len(CITIES), city)
    start, count = eco.slot_start[slot], eco.slot_start[slot + 1] - eco.slot_start[slot]
    empty = count == 0
    start = np.where(empty, eco.cat_start[cat], start)
    count = np.where(empty, eco.cat_start[cat + 1] - eco.cat_start[cat], count)
    grocery = eco.cat_start[0], eco.cat_start[1] - eco.cat_start[0]
    start = np.where(count == 0, grocery[0], start)
    count = np.where(count == 0, grocery[1], count)
    skew = rng.random(len(cat)) ** 1.8
    return eco.outlet_order[start + (skew * count).astype(np.int64)]


def bills(c: Country, rng: np.random.Generator, day_of_month: int, day0: int) -> EventBlock:
    """Monthly utilities (household heads) and mobile top-ups, on each person's bill day."""
    eco, ep = c.eco(), c.ep()
    due = np.flatnonzero(eco.bill_day == day_of_month)
    heads = due[eco.head[due] & (eco.utility_outlet[c.population.city[due]] >= 0)]
    utility = eco.utility_outlet[c.population.city[heads]]
    telecom = eco.telecom_outlets[due % len(eco.telecom_outlets)]
    people = np.concatenate((heads, due))
    outlets = np.concatenate((utility, telecom))
    amount = np.concatenate(
        (
            lognormal_minor(rng, 14_000, 0.5, len(heads)),
            lognormal_minor(rng, 3_000, 0.4, len(due), 500),
        )
    )
    cat = np.array([MCC_INDEX["4900"]] * len(heads) + [MCC_INDEX["4814"]] * len(due), np.int16)
    ts = times(rng, len(people), "retail", day0)
    return block(ts, amount, Channel.CARD_PAYMENT, ep.card0 + people, ep.outlet0 + outlets, cat)


def atm(
    c: Country, rng: np.random.Generator, activity: NDArray[np.float64], day0: int
) -> EventBlock:
    """Cash withdrawals of round sums at an ATM of the person's city."""
    people = per_person(rng, np.sqrt(activity) * c.config.normal.atm_per_day)
    amount = rng.choice(ATM_AMOUNTS, p=ATM_WEIGHTS, size=len(people)) * TENGE
    dst = c.ep().atm0 + atm_in_city(c, rng, c.population.city[people])
    ts = times(rng, len(people), "atm", day0)
    return block(ts, amount, Channel.ATM_CASH_OUT, payer_card(c, rng, people), dst)


def atm_in_city(c: Country, rng: np.random.Generator, city: I64) -> I64:
    """A random ATM of each city."""
    start = c.atms.city_start[city]
    count = np.maximum(1, c.atms.city_start[city + 1] - start)
    return np.asarray(start + (rng.random(len(city)) * count).astype(np.int64), dtype=np.int64)


def cash_deposits(c: Country, rng: np.random.Generator, day0: int) -> EventBlock:
    """Cash paid in at an ATM: weekly by the self-employed, now and then by others."""
    informal = c.population.status == OTHER
    rate = np.where(informal, INFORMAL_DEPOSITS_PER_DAY, c.config.normal.cash_deposit_per_day)
    people = per_person(rng, rate)
    amount = lognormal_minor(rng, 80_000, 0.9, len(people), 1000)
    src = c.ep().atm0 + atm_in_city(c, rng, c.population.city[people])
    dst = c.ep().acct0 + people
    ts = times(rng, len(people), "atm", day0)
    return block(ts, amount, Channel.CASH_DEPOSIT, src, dst, -1, REF["Пополнение счета"])
