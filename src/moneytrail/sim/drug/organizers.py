"""Organizers abroad: sweep the shops' weekly addresses, cash out at exchanges abroad, buy
bitcoin and move it on, pay precursor suppliers, and bring money home through a trader to a
relative who buys cars and flats."""

from __future__ import annotations

from moneytrail.model.transfers import Channel
from moneytrail.sim.crypto.btc import SAT
from moneytrail.sim.crypto.tron import USDT
from moneytrail.sim.crypto.wallets import Holder
from moneytrail.sim.drug import chain
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.exchangers import CENT, cash
from moneytrail.sim.drug.roles import Shop
from moneytrail.sim.events import HOUR_US, MINUTE_US, REF
from moneytrail.sim.instruments import TENGE

CAR_KZT = (4_000_000, 25_000_000)
FLAT_KZT = (22_000_000, 60_000_000)


def tick(e: Engine, ts: int, shop: Shop) -> None:
    """The organizer's daily round: sweep the weekly addresses, then spend; the next round."""
    main = e.crypto.shop_main[shop.index]
    at = ts
    for address in e.crypto.receiving[shop.index].values():
        held = e.crypto.tron.balance.get(address, 0)
        if held > 0:
            e.at(at, chain.tron_transfer, address, main, held, "organizer_sweep", shop.index)
            at += int(e.rng.integers(MINUTE_US, 20 * MINUTE_US))
    e.at(at + int(e.rng.integers(30 * MINUTE_US, 3 * HOUR_US)), spend, shop)
    _move_bitcoin(e, ts, shop)
    e.at(ts + int(e.rng.integers(18 * HOUR_US, 40 * HOUR_US)), tick, shop)


def spend(e: Engine, ts: int, shop: Shop) -> None:
    """Split the main wallet over the next hours: exchange abroad, bitcoin, suppliers, home,
    couriers (each step at its own time, so the ledger stays in time order)."""
    main = e.crypto.shop_main[shop.index]
    held = e.crypto.tron.balance.get(main, 0)
    if held <= 300 * USDT:
        return
    abroad = e.crypto.exchanges[-2]
    holder = Holder("tron", "exchange", abroad.name, "organizer_deposit", shop.index)
    deposit = e.crypto.deposit(abroad, f"org-{shop.index}", holder)
    shares = {"exchange": 0.35, "btc": 0.15, "supplier": 0.08, "home": 0.25}
    for what, share in shares.items():
        amount = int(held * share * float(e.rng.uniform(0.7, 1.0))) // CENT * CENT
        ts += int(e.rng.integers(5 * MINUTE_US, 90 * MINUTE_US))
        if what == "exchange":
            stage = "organizer_exchange_deposit"
            e.at(ts, chain.tron_transfer, main, deposit, amount, stage, shop.index)
        elif what == "btc":
            e.at(ts, _buy_bitcoin, shop, main, deposit, amount)
        elif what == "supplier":
            supplier = e.crypto.suppliers[shop.index % len(e.crypto.suppliers)]
            e.at(ts, chain.tron_transfer, main, supplier, amount, "precursor_purchase", shop.index)
        else:
            e.at(ts, _bring_home, shop, main, amount)
    for courier in shop.couriers[:2]:
        pay = int(e.rng.integers(50, 200)) * USDT
        wallet = e.crypto.wallet_of(courier, "courier", shop.index)
        e.at(ts + MINUTE_US, chain.tron_transfer, main, wallet, pay, "courier_pay_usdt", shop.index)


def _buy_bitcoin(e: Engine, ts: int, shop: Shop, main: str, deposit: str, usdt: int) -> None:
    """USDT in at an exchange abroad, bitcoin out to the organizer's wallet."""
    if (
        chain.tron_transfer(e, ts, main, deposit, usdt, "organizer_btc_purchase", shop.index)
        is None
    ):
        return
    sats = int(usdt / USDT / e.crypto.btc_usdt(ts) * 0.995 * SAT)
    hot = e.crypto.exchanges[-2].btc_wallet
    target = e.crypto.btc.address(e.crypto.shop_btc[shop.index])
    later = ts + int(e.rng.integers(10 * MINUTE_US, 3 * HOUR_US))
    e.at(later, chain.btc_payment, hot, [(target, sats)], "organizer_btc_purchase", shop.index)


def _move_bitcoin(e: Engine, ts: int, shop: Shop) -> None:
    """Now and then: part of the bitcoin to a fresh own address, or sold abroad."""
    wallet = e.crypto.shop_btc[shop.index]
    held = e.crypto.btc.balance(wallet)
    if held < SAT // 50 or e.rng.random() > 0.4:
        return
    amount = int(held * float(e.rng.uniform(0.3, 0.7)))
    if e.rng.random() < 0.5:
        chain.btc_payment(
            e,
            ts,
            wallet,
            [(e.crypto.btc.address(wallet), amount)],
            "organizer_btc_move",
            shop.index,
        )
        return
    exchange = e.crypto.exchanges[-1]
    target = e.crypto.btc.address(exchange.btc_wallet)
    chain.btc_payment(e, ts, wallet, [(target, amount)], "organizer_btc_exchange", shop.index)


def _bring_home(e: Engine, ts: int, shop: Shop, main: str, usdt: int) -> None:
    """USDT to a trader; the trader pays tenge to the organizer's relative."""
    xi = int(e.rng.integers(len(e.plan.exchangers)))
    ex = e.plan.exchangers[xi]
    wallet = e.crypto.exchanger_wallets[xi][0]
    txid = chain.tron_transfer(e, ts, main, wallet, usdt, "reverse_crypto_leg", shop.index)
    if txid is None:
        return
    spread = float(e.rng.uniform(0.01, 0.03))
    rate = e.crypto.rate(ts) * (1 - spread)
    acct = max(ex.accts, key=lambda a: cash(e).get(a, 0))
    kzt = min(cash(e).get(acct, 0), int(usdt / USDT * rate) * TENGE)
    if kzt <= 0:
        return
    ep = e.c.ep()
    at = ts + int(e.rng.integers(3 * MINUTE_US, 30 * MINUTE_US))
    gseq = e.transfer(
        at,
        kzt,
        Channel.BANK_TRANSFER,
        ep.acct0 + acct,
        ep.acct0 + shop.nominee_acct,
        "reverse_fiat_leg",
        shop.index,
        REF["Возврат займа"],
    )
    cash(e)[acct] -= kzt
    cash(e)[shop.nominee_acct] = cash(e).get(shop.nominee_acct, 0) + kzt
    e.sink.bridge(gseq, txid, "crypto_to_fiat", ex.person, rate, spread, kzt, usdt, shop.index)
    _maybe_buy(e, at + HOUR_US, shop)


def _maybe_buy(e: Engine, ts: int, shop: Shop) -> None:
    """The relative buys a car, or a flat, once enough tenge has come home."""
    targets: dict[int, tuple[str, int]] = e.state.setdefault("asset_targets", {})
    if shop.index not in targets:
        kind = "car" if e.rng.random() < 0.7 else "flat"
        low, high = CAR_KZT if kind == "car" else FLAT_KZT
        targets[shop.index] = (kind, int(e.rng.uniform(low, high)) // 1000 * 1000 * TENGE)
    kind, price = targets[shop.index]
    if cash(e).get(shop.nominee_acct, 0) < price:
        return
    seller_kind = "car_dealer" if kind == "car" else "developer"
    sellers = e.c.companies.by_kind[seller_kind]
    seller = sellers[int(e.rng.integers(len(sellers)))]
    ep = e.c.ep()
    ref = (
        "Оплата за автомобиль по договору купли-продажи"
        if kind == "car"
        else ("Оплата по договору купли-продажи квартиры")
    )
    gseq = e.transfer(
        ts,
        price,
        Channel.BANK_TRANSFER,
        ep.acct0 + shop.nominee_acct,
        ep.acct0 + int(e.c.inst.company_acct[seller]),
        "asset_purchase",
        shop.index,
        REF[ref],
    )
    cash(e)[shop.nominee_acct] -= price
    number = e.state["assets"] = e.state.get("assets", 0) + 1
    e.sink.asset(
        f"asset-{number:04d}",
        kind,
        shop.index,
        shop.nominee,
        shop.organizer,
        price,
        gseq,
        f"{kind} from {e.c.companies.name[seller]}",
    )
    del targets[shop.index]
