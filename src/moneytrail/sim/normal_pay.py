"""Ordinary transfers of one day: pay, pensions, state contracts, taxes, suppliers, family
and friends, remittances home and money from abroad."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.transfers import Channel
from moneytrail.sim.country import Country
from moneytrail.sim.events import REF, EventBlock, block, concat, times
from moneytrail.sim.normal_spend import lognormal_minor, per_person

I64 = NDArray[np.int64]
TAX_DAY = 25


def salaries(c: Country, day_of_month: int, rng: np.random.Generator, day0: int) -> EventBlock:
    """Salary (and advance, 15 days later) from each employer's account on its pay day."""
    eco, ep = c.eco(), c.ep()
    employed = np.flatnonzero(eco.employer >= 0)
    company = eco.employer[employed]
    full = eco.company_pay_day[company] == day_of_month
    advance = eco.company_advance[company] & (eco.company_pay_day[company] + 15 == day_of_month)
    paid = full | advance
    people, company = employed[paid], company[paid]
    share = np.where(eco.company_advance[company], np.where(full[paid], 0.6, 0.4), 1.0)
    amount = (eco.salary[people] * share).astype(np.int64)
    ref = np.where(full[paid], REF["Заработная плата"], REF["Аванс по заработной плате"])
    src = ep.acct0 + c.inst.company_acct[company]
    ts = times(rng, len(people), "office", day0)
    return block(
        ts, amount, Channel.BANK_TRANSFER, src, ep.acct0 + people, -1, ref.astype(np.int16)
    )


def pensions(c: Country, day_of_month: int, rng: np.random.Generator, day0: int) -> EventBlock:
    """State pensions from the benefits centre on each pensioner's day."""
    eco, ep = c.eco(), c.ep()
    people = np.flatnonzero((eco.pension > 0) & (eco.pay_day == day_of_month))
    centre = c.inst.company_acct[c.companies.by_kind["benefits"][0]]
    src = np.full(len(people), ep.acct0 + centre)
    ts = times(rng, len(people), "office", day0)
    return block(
        ts,
        eco.pension[people],
        Channel.BANK_TRANSFER,
        src,
        ep.acct0 + people,
        -1,
        REF["Пенсионная выплата"],
    )


def stipends(c: Country, day_of_month: int, rng: np.random.Generator, day0: int) -> EventBlock:
    """Students' stipends, paid by their university on the 25th."""
    eco, ep = c.eco(), c.ep()
    people = np.flatnonzero(eco.stipend > 0) if day_of_month == TAX_DAY else np.zeros(0, np.int64)
    src = ep.acct0 + c.inst.company_acct[eco.university[people]]
    ts = times(rng, len(people), "office", day0)
    return block(
        ts, eco.stipend[people], Channel.BANK_TRANSFER, src, ep.acct0 + people, -1, REF["Стипендия"]
    )


def state_flows(c: Country, day_of_month: int, rng: np.random.Generator, day0: int) -> EventBlock:
    """Monthly state contracts to companies (on their pay day) and taxes (on the 25th)."""
    eco, ep = c.eco(), c.ep()
    treasury = ep.acct0 + c.inst.company_acct[c.companies.by_kind["treasury"][0]]
    paid = np.flatnonzero((eco.contract > 0) & (eco.company_pay_day == day_of_month))
    blocks = [
        block(
            times(rng, len(paid), "office", day0),
            eco.contract[paid],
            Channel.BANK_TRANSFER,
            np.full(len(paid), treasury),
            ep.acct0 + c.inst.company_acct[paid],
            -1,
            REF["Оплата по договору государственных закупок"],
        )
    ]
    if day_of_month == TAX_DAY:
        payers = np.flatnonzero(eco.company_payroll > 0)
        tax = eco.company_payroll[payers] * 12 // 100
        blocks.append(
            block(
                times(rng, len(payers), "office", day0),
                tax,
                Channel.BANK_TRANSFER,
                ep.acct0 + c.inst.company_acct[payers],
                np.full(len(payers), treasury),
                -1,
                REF["ИПН и социальный налог"],
            )
        )
    return concat(blocks)


def suppliers(c: Country, rng: np.random.Generator, weekday: int, day0: int) -> EventBlock:
    """Payments between companies for goods, services and rent (few at weekends)."""
    eco, ep = c.eco(), c.ep()
    size = np.array(c.companies.size)
    rate = c.config.normal.b2b_per_company_day * size**0.3 * (1.0 if weekday < 5 else 0.1)
    payers = per_person(rng, rate)
    payees = np.searchsorted(eco.supplier_cum, rng.random(len(payers)) * eco.supplier_cum[-1])
    payees = np.where(payees == payers, (payees + 1) % c.companies.count, payees)
    amount = lognormal_minor(rng, 60_000, 1.0, len(payers), 1) * np.sqrt(size[payers]).astype(
        np.int64
    )
    refs = np.array(
        [
            REF["Оплата по счету"],
            REF["Оплата по договору поставки"],
            REF["Аренда нежилого помещения"],
        ],
        np.int16,
    )
    ref = rng.choice(refs, p=[0.5, 0.4, 0.1], size=len(payers))
    accts = c.inst.company_acct
    return block(
        times(rng, len(payers), "office", day0),
        amount,
        Channel.BANK_TRANSFER,
        ep.acct0 + accts[payers],
        ep.acct0 + accts[payees],
        -1,
        ref,
    )


def family_and_friends(
    c: Country, rng: np.random.Generator, activity: NDArray[np.float64], day0: int
) -> EventBlock:
    """Person-to-person transfers, by phone number inside the phone bank, else card to card."""
    ep, pop = c.ep(), c.population
    people = per_person(rng, np.sqrt(activity) * c.config.normal.p2p_per_day)
    n = len(people)
    family = rng.random(n) < 0.45
    column = np.where(family, rng.integers(0, 3, n), rng.integers(0, pop.friends.shape[1], n))
    payee = pop.friends[people, column]
    amount = np.where(
        family, lognormal_minor(rng, 15_000, 1.0, n, 500), lognormal_minor(rng, 6_000, 1.0, n, 100)
    )
    dst = p2p_payee(c, people, payee)
    return block(times(rng, n, "p2p", day0), amount, Channel.P2P, ep.card0 + people, dst)


def p2p_payee(c: Country, payers: I64, payees: I64) -> I64:
    """Where each person-to-person transfer lands: the payee's phone number when both use
    the phone bank, else the payee's card."""
    ep = c.ep()
    by_phone = (ep.acct[ep.phone0 + payers] >= 0) & (ep.acct[ep.phone0 + payees] >= 0)
    return np.where(by_phone, ep.phone0 + payees, ep.card0 + payees)


def abroad(c: Country, rng: np.random.Generator, day_of_month: int, day0: int) -> EventBlock:
    """Migrant workers' monthly remittances home, and money sent here from abroad."""
    eco, ep = c.eco(), c.ep()
    senders = np.flatnonzero((eco.migrant_recipient >= 0) & (eco.bill_day == day_of_month))
    out = block(
        times(rng, len(senders), "p2p", day0),
        lognormal_minor(rng, 90_000, 0.6, len(senders), 1000),
        Channel.P2P,
        ep.card0 + senders,
        eco.migrant_recipient[senders],
    )
    rate = np.full(c.population.size, c.config.normal.inbound_foreign_per_day)
    receivers = per_person(rng, rate)
    count = ep.foreign_outlet0 - ep.foreign0
    src = ep.foreign0 + rng.integers(0, count, len(receivers))
    inbound = block(
        times(rng, len(receivers), "p2p", day0),
        lognormal_minor(rng, 50_000, 0.8, len(receivers), 1000),
        Channel.P2P,
        src,
        ep.card0 + receivers,
    )
    return concat([out, inbound])
