"""What the drug engine is given to do: once at the start, and every day."""

from __future__ import annotations

import numpy as np

from moneytrail.sim.crypto.noise import schedule_noise
from moneytrail.sim.drug import buyers, droppers, exchangers, organizers
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.events import HOUR_US, day_start_us
from moneytrail.sim.ledger import Ledger

LEGIT_TRADES_PER_DAY = 1 / 12


def hand_over(
    plan: DrugPlan,
    ledger: Ledger,
    foreign_cards: list[int],
    rng: np.random.Generator,
    organizers_accts: list[int],
) -> None:
    """End ordinary use of the accounts the drug economy runs; give shops foreign cards."""
    for drop in plan.drops():
        ledger.normal_until[drop.acct] = max(0, drop.dormant_from or 0)
    for ex in plan.exchangers:
        ledger.normal_until[ex.accts] = 0
    for shop in plan.shops:
        for _, acct in shop.reserve:
            ledger.normal_until[acct] = 0
    for shop in plan.shops:
        ledger.normal_until[shop.nominee_acct] = 0
        shop.foreign_cards = rng.choice(foreign_cards, size=2, replace=False).tolist()
    ledger.normal_until[organizers_accts] = 0


def start(e: Engine) -> None:
    """Traders' working capital, tier-2 rounds, organizers' rounds."""
    world0 = day_start_us(e.c.start_days, 0)
    cash = exchangers.cash(e)
    for ex in e.plan.exchangers:
        for acct in ex.accts:
            cash[acct] = int(e.c.inst.acct_balance0[acct])
    for shop in e.plan.shops:
        for drop in shop.t2:
            first = max(drop.live_from, world0) + int(e.rng.integers(0, 6 * HOUR_US))
            e.at(first, droppers.tick_t2, drop)
        e.at(
            max(shop.active_from, world0) + int(e.rng.integers(6, 30)) * HOUR_US,
            organizers.tick,
            shop,
        )


def schedule_day(e: Engine, day: int) -> None:
    """Orders, couriers' pay, ordinary customers of traders, background crypto activity."""
    buyers.schedule_orders(e, day)
    rng = e.c.streams.get("drug_day", day)
    day0 = day_start_us(e.c.start_days, day)
    for shop in e.plan.shops:
        if shop.active_from <= day0 < shop.active_to:
            e.at(day0 + int(rng.integers(20 * HOUR_US, 23 * HOUR_US)), droppers.pay_couriers, shop)
    users = e.plan.crypto_users
    trading = users[rng.random(len(users)) < LEGIT_TRADES_PER_DAY]
    for person in trading.tolist():
        at = day0 + int(rng.integers(9 * HOUR_US, 23 * HOUR_US))
        e.at(at, exchangers.legit_trade, person, bool(rng.random() < 0.7), float(rng.random()))
    schedule_noise(e, day)
