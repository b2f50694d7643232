"""Price lists: a shop's price per product and city, by amount, written the way shops write it."""

from __future__ import annotations

import random

from moneytrail.sim.content.common import derive
from moneytrail.sim.content.draft import Draft, Slang, Slot
from moneytrail.sim.content.lexicon import (
    AMOUNTS_G,
    AMOUNTS_PCS,
    PHRASES,
    UNITS,
    Product,
    city_name,
)


def product_slot(draft: Draft, item: Product) -> Slang:
    """A slang name of the product in the draft's language; the draft notes the product."""
    if item.key not in draft.products:
        draft.products.append(item.key)
    names = item.en if draft.lang == "en" else item.ru
    return Slang(draft.rng.choice(names), item.emoji)


def unit_price(seed: int, shop_id: str, item: Product, city: str) -> int:
    """The shop's price per gram or piece in a city (named in any language), fixed for the seed."""
    low, high = item.price
    return derive(seed, "price", shop_id, item.key, city_name(city, "en")).randint(low, high)


def amount_price(unit: int, amount: float) -> int:
    """The price of an amount, cheaper per unit in bulk, rounded to 500 tenge."""
    factor = 1.0 if amount < 2 else 0.95 if amount < 5 else 0.9
    return max(500, round(unit * amount * factor / 500) * 500)


def show_price(value: int, lang: str, rng: random.Random) -> str:
    """`15 000`, `15000` or `15к`."""
    style = rng.randrange(3)
    if style == 0:
        return f"{value:,}".replace(",", " ")
    if style == 1 or value % 1000:
        return str(value)
    return f"{value // 1000}{'k' if lang == 'en' else 'к'}"


def show_amount(amount: float, lang: str) -> str:
    """`1`, `0.5` or, in Russian and Kazakh posts, `0,5`."""
    if amount == int(amount):
        return str(int(amount))
    return str(amount) if lang == "en" else str(amount).replace(".", ",")


def price_lines(
    seed: int, shop_id: str, draft: Draft, goods: tuple[Product, ...], city: str
) -> list[tuple[str, dict[str, Slot]]]:
    """Template and slots of each line of one city's price list."""
    rng = draft.rng
    lines: list[tuple[str, dict[str, Slot]]] = []
    for item in rng.sample(goods, min(len(goods), rng.randint(1, 3))):
        unit = unit_price(seed, shop_id, item, city)
        amounts = AMOUNTS_PCS if item.per_piece else AMOUNTS_G
        for amount in sorted(rng.sample(amounts, rng.randint(2, 3))):
            slots: dict[str, Slot] = {
                "prod": product_slot(draft, item),
                "amount": show_amount(amount, draft.lang),
                "unit": UNITS[draft.lang][item.per_piece],
                "price": show_price(amount_price(unit, amount), draft.lang, rng),
            }
            lines.append((rng.choice(PHRASES[draft.lang]["price"]), slots))
    return lines
