"""The ordinary economy of one day: every kind of ordinary transfer, drawn at once."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim import normal_pay as pay
from moneytrail.sim import normal_spend as spend
from moneytrail.sim.country import Country
from moneytrail.sim.events import EventBlock, concat, day_start_us
from moneytrail.sim.instruments import TENGE
from moneytrail.sim.normal_informal import informal_trade
from moneytrail.sim.population import OTHER

MEDIAN_INCOME = 300_000 * TENGE
OTHER_INCOME = 130_000 * TENGE
DAILY_SPEND = 9_000 * TENGE
_WEEKDAY_ACTIVITY = (0.95, 0.95, 0.97, 1.0, 1.08, 1.12, 0.93)


class NormalEconomy:
    """Draws each day's ordinary transfers from its own random stream."""

    def __init__(self, country: Country) -> None:
        self.country = country
        eco = country.eco()
        income = eco.salary + eco.pension + eco.stipend
        income = np.where(country.population.status == OTHER, OTHER_INCOME, income)
        factor = np.clip(np.sqrt(income / MEDIAN_INCOME), 0.35, 2.5)
        self.activity: NDArray[np.float64] = country.population.activity * factor

    def day(self, day: int, balance: NDArray[np.int64]) -> EventBlock:
        """Candidate ordinary transfers of world day `day` (before balances are checked).

        People short of money spend less: activity falls with the balance of the primary
        account below about ten days of typical spending.
        """
        c = self.country
        rng = c.streams.get("normal", day)
        when = c.day_date(day)
        day0 = day_start_us(c.start_days, day)
        people = c.population.size
        cushion = self.activity * DAILY_SPEND * 10
        liquidity = np.clip(balance[:people] / cushion, 0.05, 1.0)
        activity = self.activity * liquidity * _WEEKDAY_ACTIVITY[when.weekday()]
        informal = (
            [informal_trade(c, day, activity, day0)]
            if c.config.normal.informal_sales_per_day > 0
            else []
        )
        return concat(
            [
                pay.salaries(c, when.day, rng, day0),
                pay.pensions(c, when.day, rng, day0),
                pay.stipends(c, when.day, rng, day0),
                pay.state_flows(c, when.day, rng, day0),
                pay.suppliers(c, rng, when.weekday(), day0),
                spend.retail(c, rng, activity, day0),
                spend.bills(c, rng, when.day, day0),
                spend.atm(c, rng, activity, day0),
                spend.cash_deposits(c, rng, day0),
                pay.family_and_friends(c, rng, activity, day0),
                pay.abroad(c, rng, when.day, day0),
                *informal,
            ]
        )
