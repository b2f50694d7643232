"""Ordinary crypto activity: exchange withdrawals and deposits, users paying users, and the
exchanges' nightly sweep of deposit addresses into their hot wallets. None of it is labelled
as drug money; it is the background the drug flows hide in."""

from __future__ import annotations

import numpy as np

from moneytrail.sim.crypto.btc import SAT
from moneytrail.sim.crypto.tron import USDT
from moneytrail.sim.crypto.wallets import Holder
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.events import HOUR_US, day_start_us, times


def schedule_noise(e: Engine, day: int) -> None:
    """Queue the day's ordinary TRON and Bitcoin transfers and the nightly sweep."""
    rng = e.c.streams.get("crypto_noise", day)
    day0 = day_start_us(e.c.start_days, day)
    cfg = e.c.config.crypto
    for ts, draw in zip(
        times(rng, cfg.tron_noise_per_day, "p2p", day0).tolist(),
        rng.random((cfg.tron_noise_per_day, 4)).tolist(),
        strict=True,
    ):
        e.at(ts, tron_noise, draw)
    for ts, draw in zip(
        times(rng, cfg.btc_noise_per_day, "p2p", day0).tolist(),
        rng.random((cfg.btc_noise_per_day, 4)).tolist(),
        strict=True,
    ):
        e.at(ts, btc_noise, draw)
    e.at(day0 + 23 * HOUR_US + HOUR_US // 2, sweep)


def _amount(draw: float, median: float, sigma: float) -> float:
    """A log-normal amount from a uniform draw (inverse of the normal by a logistic fit)."""
    z = float(np.log(draw / (1 - draw)) / 1.702) if 0 < draw < 1 else 0.0
    return float(median * np.exp(sigma * z))


def tron_noise(e: Engine, ts: int, draw: list[float]) -> None:
    """A withdrawal, a deposit, or a payment between users."""
    crypto = e.crypto
    user = crypto.users[int(draw[1] * len(crypto.users))]
    exchange = crypto.exchanges[int(draw[2] * len(crypto.exchanges))]
    amount = int(_amount(draw[3], 200.0, 1.2) * USDT)
    if draw[0] < 0.4:
        crypto.tron.send(ts, exchange.tron_hot, user, amount)
        return
    amount = min(amount, crypto.tron.balance.get(user, 0))
    if draw[0] < 0.8:
        holder = Holder("tron", "exchange", exchange.name, "deposit", public_label=None)
        crypto.tron.send(ts, user, crypto.deposit(exchange, user, holder), amount)
        return
    other = crypto.users[int(draw[2] * len(crypto.users) * 0.999)]
    crypto.tron.send(ts, user, other, amount)


def btc_noise(e: Engine, ts: int, draw: list[float]) -> None:
    """A Bitcoin withdrawal, deposit, or payment between users, with change."""
    crypto = e.crypto
    wallet = crypto.btc_users[int(draw[1] * len(crypto.btc_users))]
    exchange = crypto.exchanges[int(draw[2] * len(crypto.exchanges))]
    feerate = 3 + int(draw[3] * 25)
    if draw[0] < 0.4:
        sats = int(_amount(draw[3], 0.01, 1.3) * SAT)
        target = crypto.btc.receive_address(wallet, 0.2)
        crypto.btc.pay(ts, exchange.btc_wallet, [(target, sats)], feerate)
        return
    sats = int(crypto.btc.balance(wallet) * (0.1 + 0.5 * draw[3]))
    if sats < 10_000:
        return
    if draw[0] < 0.75:
        target = crypto.btc.receive_address(exchange.btc_wallet, 0.1)
    else:
        other = crypto.btc_users[int(draw[2] * len(crypto.btc_users))]
        target = crypto.btc.receive_address(other, 0.3)
    crypto.btc.pay(ts, wallet, [(target, sats)], feerate)


def sweep(e: Engine, ts: int) -> None:
    """Each exchange moves the day's deposits into its hot wallet."""
    at = ts
    for exchange in e.crypto.exchanges:
        for address in exchange.deposits.values():
            held = e.crypto.tron.balance.get(address, 0)
            if held > 0:
                e.at(at, _send, address, exchange.tron_hot, held)
                at += 3_000_000


def _send(e: Engine, ts: int, src: str, dst: str, amount: int) -> None:
    """An unlabelled USDT transfer at its moment."""
    e.crypto.tron.send(ts, src, dst, amount)
