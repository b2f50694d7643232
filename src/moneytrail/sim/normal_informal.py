"""Informal trade: self-employed people paid by their customers' transfers, paying suppliers.

Home cooks, tutors, drivers and market sellers take payment by card-to-card or phone
transfer from many distinct people a day, then pay a supplier now and then: in from many,
out to one, the shape of a tier-1 drop card without its speed. Off unless
`normal.informal_sales_per_day` is above 0; its own random stream, so worlds without it
keep their bytes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.model.transfers import Channel
from moneytrail.sim.country import Country
from moneytrail.sim.events import REF, EventBlock, block, concat, times
from moneytrail.sim.normal_pay import p2p_payee
from moneytrail.sim.normal_spend import lognormal_minor, per_person
from moneytrail.sim.population import OTHER

SALE_MEDIAN_KZT = 5_000
RESTOCKS_PER_DAY = 0.3
RESTOCK_SHARE = 0.6
"""Share of takings spent on stock: each restock pays about the takings since the last."""


def informal_trade(c: Country, day: int, activity: NDArray[np.float64], day0: int) -> EventBlock:
    """Customers' payments to self-employed sellers and the sellers' payments to suppliers."""
    rate = c.config.normal.informal_sales_per_day
    rng = c.streams.get("informal", day)
    ep, pop = c.ep(), c.population
    sellers = np.flatnonzero(pop.status == OTHER)
    seller = sellers[per_person(rng, rate * activity[sellers])]
    n = len(seller)
    buyer = rng.integers(0, pop.size, n)
    buyer = np.where(buyer == seller, (buyer + 1) % pop.size, buyer)
    sales = block(
        times(rng, n, "retail", day0),
        lognormal_minor(rng, SALE_MEDIAN_KZT, 0.8, n, 100),
        Channel.P2P,
        ep.card0 + buyer,
        p2p_payee(c, buyer, seller),
    )
    payer = sellers[per_person(rng, np.full(len(sellers), RESTOCKS_PER_DAY))]
    m = len(payer)
    takings = RESTOCK_SHARE * SALE_MEDIAN_KZT * rate * activity[payer] / RESTOCKS_PER_DAY
    supplier = rng.integers(0, c.companies.count, m)
    restocks = block(
        times(rng, m, "office", day0),
        lognormal_minor(rng, np.maximum(takings, 1_000.0), 0.5, m, 100),
        Channel.BANK_TRANSFER,
        ep.acct0 + payer,
        ep.acct0 + c.inst.company_acct[supplier],
        -1,
        REF["Оплата по счету"],
    )
    return concat([sales, restocks])
