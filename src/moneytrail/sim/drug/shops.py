"""The public face of each drug shop: name, city, products, Telegram handles, web site.

Products use the content generators' keys (`sim/content/lexicon.py`); `price` is the
product's price relative to the national retail price per gram, `per_piece` marks goods
sold by the piece (pills, blotters).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from moneytrail.model.ids.onion import make_onion
from moneytrail.model.ids.telegram import username_problem
from moneytrail.sim.geo import CITIES
from moneytrail.sim.romanize import romanize


@dataclass(frozen=True, slots=True)
class Product:
    """A product line: content key, relative price, whether sold by the piece."""

    key: str
    price: float
    per_piece: bool = False


PRODUCTS: tuple[Product, ...] = (
    Product("mephedrone", 1.15),
    Product("alpha_pvp", 0.95),
    Product("cannabis", 0.7),
    Product("hashish", 0.8),
    Product("amphetamine", 0.75),
    Product("mdma", 0.6, per_piece=True),
    Product("lsd", 0.5, per_piece=True),
)
PRODUCT_WEIGHTS = (0.35, 0.25, 0.15, 0.08, 0.08, 0.06, 0.03)

NAMES_RU = (
    "Белый Кот", "Снежный Барс", "Степной Волк", "Северное Сияние", "Мяу Экспресс", "Кристалл",
    "Химик", "Зелёный Свет", "Ночной Город", "Лунный Кот", "Алмаз", "Волшебный Лес",
)  # fmt: skip
NAMES_EN = (
    "Snow Leopard", "Crystal Road", "Chemical Dream", "Candy Shop", "Blue Sky", "Night Owl",
    "Golden Eagle", "Steppe Express", "Magic Market", "White Rabbit", "Ice Age", "Green Way",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ShopFace:
    """How a shop presents itself."""

    shop_id: str
    name: str
    city: int
    products: tuple[str, ...]
    channel: str
    bot: str
    operator: str
    site: str | None


def shop_cities(rng: np.random.Generator, count: int, city_people: np.ndarray) -> list[int]:
    """The three largest cities first, then cities drawn by population."""
    weights = city_people / city_people.sum()
    drawn = rng.choice(len(CITIES), p=weights, size=count).tolist()
    return [0, 1, 2, *drawn][:count]


def make_face(rng: np.random.Generator, index: int, city: int) -> ShopFace:
    """A shop's name, goods, handles and site, all fictional."""
    if rng.random() < 0.5:
        base = NAMES_RU[int(rng.integers(len(NAMES_RU)))]
        slug_base = romanize(base, "icao").lower()
    else:
        base = NAMES_EN[int(rng.integers(len(NAMES_EN)))]
        slug_base = base.lower()
    slug = "".join(ch if ch.isalnum() else "_" for ch in slug_base).strip("_").replace("__", "_")
    tag = f"{slug}_{CITIES[city].name.lower()[:3]}{index}"
    count = int(rng.integers(2, 5))
    chosen = rng.choice(len(PRODUCTS), p=PRODUCT_WEIGHTS, size=count, replace=False)
    products = tuple(PRODUCTS[i].key for i in sorted(chosen.tolist()))
    handles = (f"{tag}_shop", f"{tag}_bot", f"{tag}_op")
    for handle in handles:
        if username_problem(handle) is not None:
            raise ValueError(f"generated an invalid Telegram username {handle!r}")
    return ShopFace(
        shop_id=f"shop-{index:03d}",
        name=f"{base} {CITIES[city].name_ru}",
        city=city,
        products=products,
        channel=handles[0],
        bot=handles[1],
        operator=handles[2],
        site=_site(rng, slug),
    )


def _site(rng: np.random.Generator, slug: str) -> str | None:
    """An onion v3 address, a clearnet domain, or nothing."""
    draw = rng.random()
    if draw < 0.4:
        return make_onion(rng.bytes(32))
    if draw < 0.7:
        tld = (".shop", ".top", ".site", ".biz")[int(rng.integers(4))]
        return f"{slug.replace('_', '-')}{int(rng.integers(10, 99))}{tld}"
    return None


def product_price(key: str) -> float:
    """The relative price of a product key."""
    return next(p.price for p in PRODUCTS if p.key == key)


def per_piece(key: str) -> bool:
    """Whether the product is sold by the piece."""
    return next(p.per_piece for p in PRODUCTS if p.key == key)
