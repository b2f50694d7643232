"""Legitimate shop pages (pharmacy, hardware, currency exchange) that resemble storefronts."""

from __future__ import annotations

import random
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from moneytrail.sim.content.common import derive, iso_utc, pick_time
from moneytrail.sim.content.idents import card_ident, handle_ident, phone_ident, wallet_ident
from moneytrail.sim.content.lexicon import CITIES
from moneytrail.sim.content.requisites import fake_card, fake_phone, fake_tron
from moneytrail.sim.content.web import Page, section, write
from moneytrail.sim.content.web_lexicon import page

NEGATIVE_PAGE_KINDS = ("pharmacy", "hardware", "exchange")
GOODS = {
    "pharmacy": (
        ("Парацетамол 500 мг, 20 таб.", 450),
        ("Ибупрофен 200 мг, 50 таб.", 690),
        ("Витамин D3 2000 МЕ", 3200),
        ("Морская соль для ванн, 1 кг", 1200),
        ("Ароматические кристаллы для ванн", 1500),
        ("Тест на беременность", 900),
        ("Тонометр автоматический", 14500),
    ),
    "hardware": (
        ("Магниты неодимовые 10×3 мм", 150),
        ("Магнит поисковый, 20 кг", 4900),
        ("Весы ювелирные 0,01 г", 4500),
        ("Зип-пакеты 5×7 см, 100 шт", 900),
        ("Изолента ПВХ", 350),
        ("Лопата садовая (для прикопа саженцев)", 5200),
        ("Перчатки рабочие, опт от 50 пар", 400),
    ),
    "exchange": (("USDT TRC20 → KZT", 0), ("KZT → USDT TRC20", 0), ("BTC → KZT", 0)),
}
TITLES = {
    "pharmacy": ("Аптека «Денсаулық»", "Доставка лекарств по городу"),
    "hardware": ("Строймаркет «Шебер»", "Всё для дома, сада и мастерской — розница и опт"),
    "exchange": ("Обменник USDT ⇄ KZT", "Быстрый P2P-обмен, резерв 50 000 USDT"),
}
PREFIX = {"pharmacy": "apteka", "hardware": "stroymarket", "exchange": "obmen-usdt"}


def negative_pages(
    seed: int, count: int, window: tuple[datetime, datetime], folder: Path
) -> list[dict[str, Any]]:
    """Write `count` legitimate pages under `folder/<domain>/index.html`; return truth rows."""
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    for index in range(count):
        rng = derive(seed, "negative_page", index)
        kind = NEGATIVE_PAGE_KINDS[index % len(NEGATIVE_PAGE_KINDS)]
        domain = unique(f"{PREFIX[kind]}-{rng.choice(CITIES)[2].lower()}.kz", taken)
        rows.append(negative_page(rng, kind, domain, pick_time(rng, window), folder))
    return rows


def unique(domain: str, taken: set[str]) -> str:
    """The domain, numbered when it is already used."""
    name, number = domain, 2
    while name in taken:
        name = domain.replace(".kz", f"-{number}.kz")
        number += 1
    taken.add(name)
    return name


def negative_page(
    rng: random.Random, kind: str, domain: str, moment: datetime, folder: Path
) -> dict[str, Any]:
    """One legitimate page and its truth row."""
    sheet = Page(rng, 0, "ru")
    rate = rng.randint(470, 540)
    rows = []
    for name, price in GOODS[kind]:
        amount = price or quote(rng, name, rate)
        shown = f"{amount:,}".replace(",", " ")
        rows.append(f"<tr><td>{escape(name)}</td><td>{shown} ₸</td></tr>")
    table = "<table><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    sheet.sections.append(section("catalog", "Каталог" if kind != "exchange" else "Курсы", table))
    sheet.sections.append(section("payment", "Оплата и контакты", payment(rng, sheet, kind)))
    title, tagline = TITLES[kind]
    write(folder / domain / "index.html", page(title, "ru", tagline, sheet.sections, dark=False))
    return {
        "page_id": f"{domain}/index.html",
        "source": "web",
        "domain": domain,
        "snapshot": iso_utc(moment),
        "is_drug_ad": False,
        "shop_id": None,
        "category": kind,
        "language": "ru",
        "obfuscation_level": 0,
        "products": [],
        "requisites": sheet.requisites,
        "contacts": sheet.contacts,
    }


def quote(rng: random.Random, pair: str, rate: int) -> int:
    """The exchange's rate for a currency pair, in tenge."""
    if pair.startswith("BTC"):
        return rate * rng.randint(60_000, 70_000)
    return rate if pair.startswith("USDT") else rate + 8


def payment(rng: random.Random, sheet: Page, kind: str) -> str:
    """Phone, prepayment card and, for the exchange, its wallet and operator."""
    lines = [f"Телефон: {sheet.show(phone_ident(fake_phone(rng), 1, rng, 'ru'))}"]
    if kind != "exchange" and rng.random() < 0.5:
        lines.append(f"Предоплата на карту: {sheet.show(card_ident(fake_card(rng), 1, rng, 'ru'))}")
    if kind == "exchange":
        lines.append(
            f"Кошелёк резерва (TRC20): {sheet.show(wallet_ident('tron', fake_tron(rng), rng))}"
        )
        handle = f"obmen_operator{rng.randint(1, 99)}"
        lines.append(f"Оператор: {sheet.show(handle_ident(handle, 0, rng, 'ru'))}")
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
