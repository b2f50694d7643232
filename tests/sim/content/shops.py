"""A few shops built by hand, with valid card numbers, phones, wallets and onion addresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from moneytrail.model.ids.bitcoin import encode_p2pkh
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.ids.onion import make_onion
from moneytrail.model.ids.tron import encode_tron
from moneytrail.sim.views import Requisite, ShopView

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 3, 1, tzinfo=UTC)


def daily_cards(first: datetime, days: int, bin6: str) -> tuple[Requisite, ...]:
    """One card a day, as shops rotate them ("карта актуальна только сегодня")."""
    cards = []
    for day in range(days):
        pan = complete_pan(f"{bin6}{day:09d}")
        since = first + timedelta(days=day)
        cards.append(Requisite("card", pan, since, since + timedelta(days=1)))
    return tuple(cards)


def make_shops() -> list[ShopView]:
    """Three shops: one with an onion site, one clearnet site, one Telegram only."""
    forever = (START - timedelta(days=30), END + timedelta(days=30))
    return [
        ShopView(
            shop_id="shop-001",
            name="Белый Кролик",
            city="Almaty",
            products=("mephedrone", "alpha_pvp", "cannabis"),
            channel_handle="white_rabbit_kz",
            bot_handle="white_rabbit_kz_bot",
            operator_handle="wr_operator",
            site=make_onion(bytes(range(32))),
            requisites=(
                *daily_cards(START, 60, "440043"),
                Requisite("phone", "+77011234567", *forever),
                Requisite("tron", encode_tron(bytes(20)), *forever),
                Requisite("btc", encode_p2pkh(bytes(range(20))), *forever),
            ),
            active_from=forever[0],
            active_to=forever[1],
        ),
        ShopView(
            shop_id="shop-002",
            name="Snow Market",
            city="Астана",
            products=("mdma", "lsd", "amphetamine", "hashish"),
            channel_handle="snowmarket_ast",
            bot_handle="SnowMarketBot",
            operator_handle="snow_support",
            site="snow-market-kz.com",
            requisites=(
                *daily_cards(START + timedelta(days=10), 30, "400303"),
                Requisite("iban", "KZ86125KZT5004100100", *forever),
                Requisite("phone", "87475550011", *forever),
            ),
            active_from=START + timedelta(days=10),
            active_to=START + timedelta(days=40),
        ),
        ShopView(
            shop_id="shop-003",
            name="Шымкент Кристалл",
            city="Shymkent",
            products=("alpha_pvp",),
            channel_handle="shym_kristall",
            bot_handle="shym_kristall_bot",
            operator_handle="kristall_op",
            site=None,
            requisites=(Requisite("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", *forever),),
            active_from=forever[0],
            active_to=forever[1],
        ),
    ]
