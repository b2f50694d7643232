"""What a street photo shows: a shop's handle and product word, or ordinary tags and posters."""

from __future__ import annotations

import random
from dataclasses import dataclass

from moneytrail.sim.content.lexicon import product
from moneytrail.sim.content.requisites import fake_phone, normalize, show_phone
from moneytrail.sim.views import ShopView

TAGS = (
    "KRS",
    "ZOMBIE",
    "Love",
    "Алматы 2026",
    "Цой жив",
    "SK8",
    "Айгерим + Нурлан",
    "DRIP",
    "OG",
    "КАЙРАТ",
    "МЯУ",
    "SPEED",
    "FC Kairat",
    "Qazaqstan",
    "NO FUTURE",
    "ALFA TEAM",
)
POSTERS = (
    ("КОНЦЕРТ", "12 мая · Дворец Республики", "Билеты на ticketon.kz"),
    ("РЕМОНТ ТЕЛЕФОНОВ", "Замена экрана за 1 час", "{phone}"),
    ("СДАЁТСЯ КВАРТИРА", "2 комнаты, центр", "{phone}"),
    ("ПОТЕРЯЛСЯ КОТ", "Рыжий, отзывается на «мяу»", "{phone}"),
    ("ТРЕБУЮТСЯ КУРЬЕРЫ", "Оплата ежедневно", "{phone}"),
    ("КОФЕЙНЯ «ДӘМДІ»", "Наш Telegram:", "@{cafe}"),
    ("ЯРМАРКА ВЫХОДНОГО ДНЯ", "Суббота, 10:00", "Центральный рынок"),
)
CAFES = ("damdi_coffee", "kofe_almaty", "tandyr_cafe", "bauyrsak_bar")


@dataclass(frozen=True, slots=True)
class Content:
    """The lines on the wall, how they are put there, and the truth about them."""

    category: str  # shop_graffiti | tag | poster
    style: str  # spray | poster
    lines: tuple[str, ...]
    contacts: tuple[dict[str, str], ...]
    qr_payload: str | None


def handle_form(rng: random.Random, shop: ShopView) -> tuple[str, str, str]:
    """A handle as painted, with its kind and the raw username."""
    bot, channel, op = shop.bot_handle, shop.channel_handle, shop.operator_handle
    forms = (
        ("@" + bot, "telegram_bot", bot),
        ("t.me/" + channel, "telegram_link", channel),
        ("ТГ: " + op, "telegram", op),
        ("TG @" + bot, "telegram_bot", bot),
        ("ТЕЛЕГА @" + op, "telegram", op),
    )
    shown, kind, name = rng.choice(forms)
    return (shown.upper() if rng.random() < 0.25 else shown), kind, name


def shop_content(rng: random.Random, shop: ShopView) -> Content:
    """A shop's graffiti: a handle with a product word or the shop name, sometimes a QR code."""
    shown, kind, name = handle_form(rng, shop)
    word = rng.choice(product(rng.choice(shop.products)).ru).upper()
    lines = rng.choice(((word, shown), (shop.name, shown), (shown,), (word, shop.name, shown)))
    contact = {"kind": kind, "value": normalize(kind, name), "shown": shown}
    target = rng.choice((shop.bot_handle, shop.channel_handle))
    payload = f"https://t.me/{target}" if rng.random() < 0.35 else None
    return Content("shop_graffiti", "spray", lines, (contact,), payload)


def negative_content(rng: random.Random) -> Content:
    """An ordinary tag or a poster; posters may carry a phone, a cafe's handle or a QR code."""
    if rng.random() < 0.45:
        return Content("tag", "spray", tuple(rng.sample(TAGS, rng.randint(1, 2))), (), None)
    cafe = rng.choice(CAFES)
    phone = fake_phone(rng)
    shown_phone = show_phone(phone, rng)
    lines = tuple(line.format(phone=shown_phone, cafe=cafe) for line in rng.choice(POSTERS))
    contacts: list[dict[str, str]] = []
    if shown_phone in lines:
        contacts.append({"kind": "phone", "value": phone, "shown": shown_phone})
    if "@" + cafe in lines:
        contacts.append({"kind": "telegram", "value": cafe, "shown": "@" + cafe})
    links = (f"https://ticketon.kz/event/{rng.randint(10_000, 99_999)}", f"https://t.me/{cafe}")
    payload = rng.choice(links) if rng.random() < 0.3 else None
    return Content("poster", "poster", lines, tuple(contacts), payload)
