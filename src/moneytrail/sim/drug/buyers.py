"""Buyers' orders: a product and a weight at the shop's regional price, paid to the card
(or phone, or TRON address) the shop publishes that day."""

from __future__ import annotations

import numpy as np

from moneytrail.model.transfers import Channel
from moneytrail.sim.crypto.btc import SAT
from moneytrail.sim.crypto.tron import USDT
from moneytrail.sim.crypto.wallets import Holder
from moneytrail.sim.drug import chain, droppers, exchangers
from moneytrail.sim.drug.engine import Engine
from moneytrail.sim.drug.roles import Drop, Shop
from moneytrail.sim.drug.shops import per_piece, product_price
from moneytrail.sim.events import MINUTE_US, day_start_us, times
from moneytrail.sim.geo import CITIES
from moneytrail.sim.instruments import TENGE
from moneytrail.sim.labels import person_id

GRAMS = np.array([0.5, 1.0, 2.0, 3.0, 5.0, 10.0])
GRAMS_P = np.array([0.2, 0.38, 0.22, 0.1, 0.07, 0.03])
PIECES = np.array([1.0, 2.0, 5.0, 10.0])
PIECES_P = np.array([0.35, 0.35, 0.2, 0.1])
GRAMS_CUM = np.cumsum(GRAMS_P)[:-1]
PIECES_CUM = np.cumsum(PIECES_P)[:-1]
DIRECT_CRYPTO = 0.35  # of crypto orders: paid from the buyer's own wallet, not via a trader
BITCOIN_SHARE = 0.3  # of direct crypto orders at shops that publish a bitcoin address


def schedule_orders(e: Engine, day: int) -> None:
    """Queue the day's orders of every buyer (Poisson at each buyer's rate)."""
    rng = e.c.streams.get("orders", day)
    plan = e.plan
    counts = rng.poisson(plan.buyer_rate)
    buyers = np.repeat(np.arange(len(counts)), counts)
    ts = times(rng, len(buyers), "night", day_start_us(e.c.start_days, day))
    draws = rng.random((len(buyers), 5))
    for b, t, d in zip(buyers.tolist(), ts.tolist(), draws.tolist(), strict=True):
        e.at(t, order, b, d)


def order(e: Engine, ts: int, buyer: int, draws: list[float]) -> None:
    """One order: choose what and how much, then pay the way the buyer pays."""
    person = int(e.plan.buyers[buyer])
    shop = _open_shop(e, int(e.plan.buyer_shop[buyer]), ts, draws[0])
    if shop is None:
        return
    amount = _price(e, shop, draws[1], draws[4]) * TENGE
    cfg = e.c.config.drug
    if draws[2] < cfg.crypto_order_share:
        _pay_crypto(e, ts, person, shop, amount, draws[3])
        return
    live = [d for d in shop.t1 if d.live_from <= ts < d.blocked_at]
    if not live:
        return
    drop = live[int(draws[3] * len(live))]
    by_phone = draws[2] < cfg.crypto_order_share + cfg.phone_order_share
    _pay_fiat(e, ts, person, shop, drop, amount, by_phone)


def _open_shop(e: Engine, preferred: int, ts: int, draw: float) -> Shop | None:
    """The buyer's shop if open, else another open shop (of the same city if any)."""
    shops = e.plan.shops
    if shops[preferred].active_from <= ts < shops[preferred].active_to:
        return shops[preferred]
    open_ = [s for s in shops if s.active_from <= ts < s.active_to]
    local = [s for s in open_ if s.face.city == shops[preferred].face.city]
    pool = local or open_
    return pool[int(draw * len(pool))] if pool else None


def shop_price(e: Engine, shop: Shop) -> float:
    """The shop's base price per gram in tenge (drawn once, within the configured range)."""
    prices: dict[int, float] = e.state.setdefault("prices", {})
    if shop.index not in prices:
        low, high = e.c.config.drug.price_per_gram_kzt
        prices[shop.index] = float(e.rng.uniform(low, high))
    return prices[shop.index]


def _price(e: Engine, shop: Shop, what: float, how_much: float) -> int:
    """The order's total in tenge, rounded to 100: the product's regional price per gram
    (kept within the configured range) times the weight, or per piece for pills."""
    key = shop.face.products[int(what * len(shop.face.products))]
    low, high = e.c.config.drug.price_per_gram_kzt
    factor = CITIES[shop.face.city].drug_price * product_price(key)
    per_gram = min(high, max(low, shop_price(e, shop) * factor))
    if per_piece(key):
        units = float(PIECES[np.searchsorted(PIECES_CUM, how_much)])
        return int(round(units * per_gram * 0.6, -2))
    return int(round(float(GRAMS[np.searchsorted(GRAMS_CUM, how_much)]) * per_gram, -2))


def _pay_fiat(
    e: Engine, ts: int, person: int, shop: Shop, drop: Drop, amount: int, by_phone: bool
) -> None:
    """A card-to-card or phone-number transfer to a tier-1 drop; a path starts."""
    if e.ledger.balance[person] < amount:
        return
    e.ledger.balance[person] -= amount
    ep = e.c.ep()
    buyer_has_phone = ep.acct[ep.phone0 + person] >= 0
    dst = (
        ep.phone0 + drop.person
        if by_phone and drop.phone and buyer_has_phone
        else ep.card0 + drop.card
    )
    gseq = e.transfer(ts, amount, Channel.P2P, ep.card0 + person, dst, "buyer_payment", shop.index)
    path = e.new_path(gseq, shop.index, person, amount, ts)
    e.lots.put(drop.acct, [(path, amount)])
    e.sink.portion(gseq, path, amount)
    droppers.on_receipt(e, ts, drop)


def _pay_crypto(e: Engine, ts: int, person: int, shop: Shop, amount: int, draw: float) -> None:
    """Crypto to the shop: USDT through a P2P trader, USDT from the buyer's own wallet, or
    (at shops that publish one) bitcoin to the shop's bitcoin address."""
    address = e.crypto.receiving_address(shop.index, ts)
    if draw >= DIRECT_CRYPTO:
        exchangers.buyer_via_trader(e, ts, person, shop.index, amount, address)
        return
    if draw < DIRECT_CRYPTO * BITCOIN_SHARE and publishes_bitcoin(shop.index):
        _pay_bitcoin(e, ts, person, shop, amount, draw)
        return
    usdt = int(amount / TENGE / e.crypto.rate(ts) * 1.02 * USDT)
    wallet = e.crypto.wallet_of(person, "buyer")
    hot = e.crypto.exchanges[-1]
    txid = e.crypto.tron.send(ts, hot.tron_hot, wallet, usdt)
    if txid is None:
        return
    e.sink.crypto_label(txid, "tron", "buyer_wallet_funding", shop.index)
    later = ts + MINUTE_US * (1 + int(draw * 60))
    e.at(later, chain.tron_transfer, wallet, address, usdt, "buyer_crypto_payment", shop.index)


def publishes_bitcoin(shop: int) -> bool:
    """Whether a shop publishes a bitcoin address (every other shop)."""
    return shop % 2 == 0


def _pay_bitcoin(e: Engine, ts: int, person: int, shop: Shop, amount: int, draw: float) -> None:
    """Bitcoin bought at an exchange abroad, then paid to the shop's published address."""
    btc = e.crypto.btc
    usd = amount / TENGE / e.crypto.rate(ts)
    sats = int(usd / e.crypto.btc_usdt(ts) * SAT)
    wallet = f"buyer-{person}"
    if wallet not in btc.holder:
        btc.wallet(wallet, Holder("bitcoin", "person", person_id(person), "buyer"))
    funded = chain.btc_payment(
        e,
        ts,
        e.crypto.exchanges[-1].btc_wallet,
        [(btc.receive_address(wallet, 0.5), sats * 11 // 10)],
        "buyer_wallet_funding",
        shop.index,
    )
    if funded is None:
        return
    target = btc.addresses[e.crypto.shop_btc[shop.index]][0]
    later = ts + MINUTE_US * (20 + int(draw * 600))
    e.at(later, chain.btc_payment, wallet, [(target, sats)], "buyer_btc_payment", shop.index)
