"""P2P traders: the bridge between tenge on cards and USDT on TRON.

A trader receives tenge on one of their cards and, minutes later, sends USDT from one of
their wallets to the address the payer named, at the day's rate plus a spread: the two
legs have different parties and amounts. Traders also serve ordinary customers both ways,
buy USDT from a domestic exchange when their wallets run low, and pay tenge for USDT.
"""

from __future__ import annotations

from moneytrail.model.transfers import Channel
from moneytrail.sim.crypto.tron import USDT
from moneytrail.sim.drug import chain
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.limits import parts
from moneytrail.sim.drug.roles import Drop
from moneytrail.sim.events import MINUTE_US, REF
from moneytrail.sim.instruments import TENGE

CENT = USDT // 100


def cash(e: Engine) -> dict[int, int]:
    """Tenge held on accounts the engine keeps (traders', nominees'), minor units."""
    held: dict[int, int] = e.state.setdefault("cash", {})
    return held


def _pick(e: Engine) -> tuple[int, int, int]:
    """A trader and one of their cards: (trader number, card, account)."""
    xi = int(e.rng.integers(len(e.plan.exchangers)))
    ex = e.plan.exchangers[xi]
    k = int(e.rng.integers(len(ex.cards)))
    return xi, ex.cards[k], ex.accts[k]


def from_dropper(e: Engine, ts: int, drop: Drop, amount: int) -> None:
    """A drop pays a trader (the fiat leg); the trader sends USDT to the shop's address of
    the week (the crypto leg)."""
    card0 = e.c.ep().card0
    address = e.crypto.receiving_address(drop.shop, ts)
    for part in parts(amount, e.c.config.drug.transfer_limit_kzt * TENGE):
        xi, card, acct = _pick(e)
        gseq = e.transfer(
            ts, part, Channel.P2P, card0 + drop.card, card0 + card, "exchange_fiat_leg", drop.shop
        )
        portions = e.move_lots(gseq, drop.acct, None, part)
        e.end_paths(portions, "exchanger", gseq)
        cash(e)[acct] = cash(e).get(acct, 0) + part
        delay = MINUTE_US + int(e.rng.exponential(8 * MINUTE_US))
        e.at(
            ts + delay,
            crypto_leg,
            xi,
            part,
            gseq,
            drop.shop,
            portions,
            address,
            "exchange_crypto_leg",
        )
        ts += int(e.rng.integers(MINUTE_US, 4 * MINUTE_US))


def buyer_via_trader(e: Engine, ts: int, person: int, shop: int, amount: int, address: str) -> None:
    """A buyer pays a trader in tenge; the trader pays the shop in USDT."""
    if e.ledger.balance[person] < amount:
        return
    e.ledger.balance[person] -= amount
    xi, card, acct = _pick(e)
    card0 = e.c.ep().card0
    gseq = e.transfer(
        ts, amount, Channel.P2P, card0 + person, card0 + card, "buyer_crypto_fiat_leg", shop
    )
    cash(e)[acct] = cash(e).get(acct, 0) + amount
    delay = MINUTE_US + int(e.rng.exponential(6 * MINUTE_US))
    e.at(ts + delay, crypto_leg, xi, amount, gseq, shop, [], address, "buyer_crypto_leg")


def crypto_leg(
    e: Engine,
    ts: int,
    xi: int,
    kzt: int,
    gseq: int,
    shop: int,
    portions: list[tuple[int, int]],
    address: str,
    stage: str,
    retried: bool = False,
) -> None:
    """The trader's USDT leg for `kzt` received: day's rate plus a spread.

    A trader short of USDT buys some on an exchange first and sends two minutes later.
    """
    rate = e.crypto.rate(ts)
    low, high = e.c.config.drug.exchanger_spread
    spread = float(e.rng.uniform(low, high))
    usdt = int(kzt / TENGE / (rate * (1 + spread)) * USDT) // CENT * CENT
    wallets = e.crypto.exchanger_wallets[xi]
    wallet = next((w for w in wallets if e.crypto.tron.balance.get(w, 0) >= usdt), None)
    if wallet is None:
        if not retried:
            restock(e, ts, xi, wallets[int(e.rng.integers(len(wallets)))], usdt * 4)
            retry = (xi, kzt, gseq, shop, portions, address, stage, True)
            e.at(ts + 2 * MINUTE_US, crypto_leg, *retry)
        return
    txid = chain.tron_transfer(e, ts, wallet, address, usdt, stage, shop)
    if txid is None:
        return
    person = e.plan.exchangers[xi].person
    e.sink.bridge(gseq, txid, "fiat_to_crypto", person, rate, spread, kzt, usdt, shop)
    given = 0
    for i, (path, part) in enumerate(portions):
        share = usdt - given if i == len(portions) - 1 else usdt * part // kzt
        given += share
        e.sink.crypto_portion(txid, path, share)


def restock(e: Engine, ts: int, xi: int, wallet: str, usdt: int) -> None:
    """Buy USDT on a domestic exchange with tenge from the trader's richest account."""
    ex = e.plan.exchangers[xi]
    exchange = next((x for x in e.crypto.exchanges if x.company >= 0), None)
    if exchange is None:
        return
    acct = max(ex.accts, key=lambda a: cash(e).get(a, 0))
    rate = e.crypto.rate(ts) * 1.003
    kzt = min(cash(e).get(acct, 0), int(usdt / USDT * rate) * TENGE)
    if kzt <= 0:
        return
    ep = e.c.ep()
    company_acct = int(e.c.inst.company_acct[exchange.company])
    e.transfer(
        ts,
        kzt,
        Channel.BANK_TRANSFER,
        ep.acct0 + acct,
        ep.acct0 + company_acct,
        "exchanger_restock",
        -1,
        REF["Пополнение счета"],
    )
    cash(e)[acct] -= kzt
    bought = int(kzt / TENGE / rate * USDT)
    chain.tron_transfer(e, ts, exchange.tron_hot, wallet, bought, "exchanger_restock", -1)


def legit_trade(e: Engine, ts: int, person: int, buy: bool, draw: float) -> None:
    """An ordinary customer buys USDT from a trader, or sells USDT to one."""
    wallet = e.crypto.wallet_of(person, "crypto_user", kyc=True)
    xi, card, acct = _pick(e)
    card0 = e.c.ep().card0
    if buy:
        kzt = int(10_000 + draw * 150_000) // 1000 * 1000 * TENGE
        if e.ledger.balance[person] < kzt:
            return
        e.ledger.balance[person] -= kzt
        gseq = e.transfer(
            ts, kzt, Channel.P2P, card0 + person, card0 + card, "exchanger_legit_buy", -1
        )
        cash(e)[acct] = cash(e).get(acct, 0) + kzt
        e.at(
            ts + MINUTE_US * (2 + int(draw * 10)),
            crypto_leg,
            xi,
            kzt,
            gseq,
            -1,
            [],
            wallet,
            "exchanger_legit_buy",
        )
        return
    usdt = e.crypto.tron.balance.get(wallet, 0) // 2 // CENT * CENT
    target = e.crypto.exchanger_wallets[xi][0]
    txid = chain.tron_transfer(e, ts, wallet, target, usdt, "exchanger_legit_sell", -1)
    if txid is None:
        return
    spread = 0.01 + draw * 0.02
    rate = e.crypto.rate(ts) * (1 - spread)
    kzt = min(cash(e).get(acct, 0), int(usdt / USDT * rate) * TENGE)
    if kzt > 0:
        gseq = e.transfer(
            ts + 5 * MINUTE_US,
            kzt,
            Channel.P2P,
            card0 + card,
            card0 + person,
            "exchanger_legit_sell",
            -1,
        )
        cash(e)[acct] -= kzt
        e.sink.bridge(
            gseq, txid, "crypto_to_fiat", e.plan.exchangers[xi].person, rate, spread, kzt, usdt, -1
        )
