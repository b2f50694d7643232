"""Synthetic corpora for training and evaluation: made-up shops run through the sim generator.

Each seed gives different shop names, handles, products, cities and requisites, so a model
trained on one seed and evaluated on another never sees the same shop or card. Nothing is
downloaded; the generator is `moneytrail.sim.content.generate_content`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from moneytrail.model.ids.bitcoin import encode_p2pkh
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.ids.onion import make_onion
from moneytrail.model.ids.tron import encode_tron
from moneytrail.sim.content import generate_content
from moneytrail.sim.content.lexicon import CITIES, PRODUCTS
from moneytrail.sim.content.requisites import CARD_PREFIXES, fake_phone
from moneytrail.sim.views import Requisite, ShopView

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 3, 1, tzinfo=UTC)
_SYLLABLES = ("kri", "sta", "lo", "mar", "ket", "sno", "wi", "ra", "bit", "zu", "no", "ve")
_NAMES_RU = ("Белый", "Снежный", "Кристалл", "Кролик", "Лис", "Кот", "Город", "Север", "Ветер")


@dataclass(frozen=True, slots=True)
class CorpusSize:
    """How much to generate."""

    shops: int = 40
    posts_per_shop: int = 30
    negative_posts: int = 1200
    photos: int = 0
    negative_photos: int = 0


def make_shop(rng: random.Random, index: int) -> ShopView:
    """A made-up shop with valid requisites that rotate cards daily."""
    base = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    tag = rng.choice(("_kz", "_shop", "24", "_store", "", "_ast", "_almaty"))
    title = f"{rng.choice(_NAMES_RU)} {rng.choice(_NAMES_RU)}" if rng.random() < 0.5 else base
    keys = rng.sample([p.key for p in PRODUCTS], rng.randint(1, 4))
    forever = (START - timedelta(days=30), END + timedelta(days=30))
    return ShopView(
        shop_id=f"shop-{index:04d}",
        name=title.title(),
        city=rng.choice(CITIES)[rng.randrange(3)],
        products=tuple(keys),
        channel_handle=f"{base}{tag}",
        bot_handle=f"{base}{rng.choice(('_bot', 'Bot', '24bot'))}",
        operator_handle=f"{base}_{rng.choice(('op', 'operator', 'support', 'admin'))}",
        site=_site(rng, base),
        requisites=(*_cards(rng), *_others(rng, forever)),
        active_from=forever[0],
        active_to=forever[1],
    )


def _site(rng: random.Random, base: str) -> str | None:
    roll = rng.random()
    if roll < 0.3:
        return make_onion(rng.randbytes(32))
    return f"{base}-shop.com" if roll < 0.5 else None


def _cards(rng: random.Random) -> list[Requisite]:
    prefix = rng.choice(CARD_PREFIXES)
    out = []
    for day in range((END - START).days):
        body = "".join(rng.choice("0123456789") for _ in range(9))
        since = START + timedelta(days=day)
        out.append(Requisite("card", complete_pan(prefix + body), since, since + timedelta(1)))
    return out


def _others(rng: random.Random, span: tuple[datetime, datetime]) -> list[Requisite]:
    out = [Requisite("phone", fake_phone(rng), *span)]
    if rng.random() < 0.6:
        out.append(Requisite("tron", encode_tron(rng.randbytes(20)), *span))
    if rng.random() < 0.4:
        out.append(Requisite("btc", encode_p2pkh(rng.randbytes(20)), *span))
    return out


def make_shops(seed: int, count: int) -> list[ShopView]:
    """`count` made-up shops for the seed."""
    rng = random.Random(f"osint-corpus:{seed}")
    return [make_shop(rng, index) for index in range(count)]


def generate(seed: int, root: Path, size: CorpusSize) -> tuple[Path, Path]:
    """Write a corpus under root/out and its truth under root/truth; return both folders."""
    out, truth = root / "out", root / "truth"
    generate_content(
        seed,
        make_shops(seed, size.shops),
        out,
        truth,
        posts_per_shop=size.posts_per_shop,
        negative_posts=size.negative_posts,
        photos=size.photos,
        negative_photos=size.negative_photos,
        start=START,
        end=END,
    )
    return out, truth
