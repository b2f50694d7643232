"""Droppers at work: tier 1 forwards within minutes to hours, tier 2 aggregates and sends on
to exchangers, cash-out droppers and foreign cards, cash-out droppers empty cards at ATMs
near the daily limit, and tier 2 pays couriers. A blocked card's money stays frozen."""

from __future__ import annotations

from moneytrail.model.transfers import Channel
from moneytrail.sim.drug import exchangers
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.limits import parts
from moneytrail.sim.drug.roles import Drop, Shop
from moneytrail.sim.events import HOUR_US, MINUTE_US
from moneytrail.sim.instruments import TENGE

ATM_SINGLE_MAX = 500_000 * TENGE
MIN_FORWARD = 20_000 * TENGE


def live(drops: list[Drop], ts: int) -> list[Drop]:
    """The drops live at `ts`."""
    return [d for d in drops if d.live_from <= ts < d.blocked_at]


def on_receipt(e: Engine, ts: int, drop: Drop) -> None:
    """Plan tier 1's forward of what arrived, minutes to hours from now (once at a time)."""
    pending: set[int] = e.state.setdefault("pending", set())
    if drop.acct in pending:
        return
    pending.add(drop.acct)
    mean = e.c.config.drug.forward_delay_minutes * MINUTE_US
    e.at(ts + 2 * MINUTE_US + int(e.rng.exponential(mean)), forward_t1, drop)


def forward_t1(e: Engine, ts: int, drop: Drop) -> None:
    """Tier 1 sends everything on: mostly to tier 2, else to a trader or a cash-out card."""
    e.state["pending"].discard(drop.acct)
    amount = e.lots.total(drop.acct)
    if ts >= drop.blocked_at or amount == 0:
        return
    shop = e.plan.shops[drop.shop]
    draw = e.rng.random()
    t2, cash = live(shop.t2, ts), live(shop.cash_out, ts)
    if draw < 0.7 and t2:
        send_to_drop(e, ts, drop, t2[int(e.rng.integers(len(t2)))], amount, "t1_forward")
    elif draw < 0.9 or not cash:
        exchangers.from_dropper(e, ts, drop, amount)
    else:
        send_to_drop(e, ts, drop, cash[int(e.rng.integers(len(cash)))], amount, "t1_forward")


def send_to_drop(e: Engine, ts: int, src: Drop, dst: Drop, amount: int, stage: str) -> None:
    """Card-to-card transfers between drops, in parts under the transfer limit."""
    card0 = e.c.ep().card0
    for i, part in enumerate(parts(amount, e.c.config.drug.transfer_limit_kzt * TENGE)):
        at = ts + i * int(e.rng.integers(MINUTE_US // 2, 3 * MINUTE_US))
        gseq = e.transfer(
            at, part, Channel.P2P, card0 + src.card, card0 + dst.card, stage, src.shop
        )
        e.move_lots(gseq, src.acct, dst.acct, part)
    if dst.tier == "cash_out":
        schedule_cash_out(e, ts + int(e.rng.integers(20 * MINUTE_US, 3 * HOUR_US)), dst)


def tick_t2(e: Engine, ts: int, drop: Drop) -> None:
    """Tier 2 sends what it holds on every few hours: traders, cash-out, foreign cards."""
    if ts >= drop.blocked_at:
        return
    amount = e.lots.total(drop.acct)
    shop = e.plan.shops[drop.shop]
    if amount >= MIN_FORWARD:
        draw = e.rng.random()
        cash = live(shop.cash_out, ts)
        if draw < 0.55 or (draw < 0.85 and not cash):
            exchangers.from_dropper(e, ts, drop, amount)
        elif draw < 0.85:
            send_to_drop(e, ts, drop, cash[int(e.rng.integers(len(cash)))], amount, "t2_forward")
        else:
            to_foreign(e, ts, drop, shop, amount)
    e.at(ts + int(e.rng.integers(3 * HOUR_US, 9 * HOUR_US)), tick_t2, drop)


def to_foreign(e: Engine, ts: int, drop: Drop, shop: Shop, amount: int) -> None:
    """Transfers to a dropper's card at a bank abroad; the money leaves the country."""
    card = shop.foreign_cards[int(e.rng.integers(len(shop.foreign_cards)))]
    for part in parts(amount, e.c.config.drug.transfer_limit_kzt * TENGE):
        gseq = e.transfer(
            ts, part, Channel.P2P, e.c.ep().card0 + drop.card, card, "foreign_exit", shop.index
        )
        e.end_paths(e.move_lots(gseq, drop.acct, None, part), "foreign_exit", gseq)
        ts += int(e.rng.integers(MINUTE_US, 5 * MINUTE_US))


def schedule_cash_out(e: Engine, ts: int, drop: Drop) -> None:
    """Plan one cash-out session for the drop (at most one per day)."""
    day = ts // (24 * HOUR_US)
    planned: set[tuple[int, int]] = e.state.setdefault("cash_days", set())
    if (drop.acct, day) not in planned:
        planned.add((drop.acct, day))
        e.at(ts, cash_out, drop)


def cash_out(e: Engine, ts: int, drop: Drop) -> None:
    """Withdraw up to the daily limit at ATMs of the shop's city; come back tomorrow."""
    if ts >= drop.blocked_at:
        return
    limit = e.c.config.drug.atm_daily_limit_kzt * TENGE
    atm = _atm(e, e.plan.shops[drop.shop].face.city)
    while limit >= MIN_FORWARD and e.lots.total(drop.acct) >= MIN_FORWARD:
        amount = min(limit, ATM_SINGLE_MAX, e.lots.total(drop.acct))
        amount -= amount % (10_000 * TENGE)
        gseq = e.transfer(
            ts, amount, Channel.ATM_CASH_OUT, e.c.ep().card0 + drop.card, atm, "cash_out", drop.shop
        )
        e.end_paths(e.move_lots(gseq, drop.acct, None, amount), "cash_out", gseq)
        limit -= amount
        ts += int(e.rng.integers(2 * MINUTE_US, 12 * MINUTE_US))
    if e.lots.total(drop.acct) >= MIN_FORWARD:
        schedule_cash_out(e, ts + 20 * HOUR_US + int(e.rng.integers(0, 4 * HOUR_US)), drop)


def _atm(e: Engine, city: int) -> int:
    atms = e.c.atms
    start, end = int(atms.city_start[city]), int(atms.city_start[city + 1])
    if end == start:
        start, end = 0, len(atms.ids)
    return e.c.ep().atm0 + start + int(e.rng.integers(0, end - start))


def pay_couriers(e: Engine, ts: int, shop: Shop) -> None:
    """Tier 2 pays each courier who worked today a small sum to their own card."""
    t2 = [d for d in live(shop.t2, ts) if e.lots.total(d.acct) > 0]
    if not t2:
        return
    drop = max(t2, key=lambda d: e.lots.total(d.acct))
    card0 = e.c.ep().card0
    for courier in shop.couriers:
        pay = int(e.rng.integers(8, 45)) * 1000 * TENGE
        if e.rng.random() > 0.6 or e.lots.total(drop.acct) < pay:
            continue
        ts += int(e.rng.integers(MINUTE_US, 10 * MINUTE_US))
        gseq = e.transfer(
            ts, pay, Channel.P2P, card0 + drop.card, card0 + courier, "courier_pay", shop.index
        )
        e.end_paths(e.move_lots(gseq, drop.acct, None, pay), "courier_pay", gseq)
