"""Legitimate posts that share words, numbers and wallets with shop posts (the negatives)."""

from __future__ import annotations

import random
from datetime import datetime

from moneytrail.sim.content.common import derive, pick_time
from moneytrail.sim.content.draft import Draft, Ident, Post, Slot, merged
from moneytrail.sim.content.idents import card_ident, handle_ident, phone_ident, wallet_ident
from moneytrail.sim.content.lexicon import CITIES, LANGUAGES
from moneytrail.sim.content.negative_lexicon import (
    CATEGORY_WEIGHTS,
    NEGATIVE_CHANNELS,
    NEGATIVE_PHRASES,
    NEWS_SITE,
    TRADER_NAMES,
    TRADER_TAILS,
)
from moneytrail.sim.content.requisites import fake_btc, fake_card, fake_phone, fake_tron
from moneytrail.sim.content.telegram_export import Channel, channel_id


def negative_channels(seed: int) -> list[Channel]:
    """The legitimate channels the negatives are posted in."""
    return [
        Channel(handle, title, channel_id(seed, handle)) for _, handle, title in NEGATIVE_CHANNELS
    ]


def build_negative_posts(seed: int, count: int, window: tuple[datetime, datetime]) -> list[Post]:
    """`count` legitimate posts spread over the window and the negative channels."""
    return [negative_post(seed, index, window) for index in range(count)]


def negative_post(seed: int, index: int, window: tuple[datetime, datetime]) -> Post:
    """One legitimate post."""
    rng = derive(seed, "negative", index)
    category, handle, _ = rng.choices(NEGATIVE_CHANNELS, CATEGORY_WEIGHTS)[0]
    lang = rng.choices(LANGUAGES, (0.7, 0.2, 0.1))[0]
    level = 1 if rng.random() < 0.1 else 0
    draft = Draft(rng, level, lang)
    template = rng.choice(NEGATIVE_PHRASES[category][lang])
    draft.line(template, **slots(rng, draft, template))
    truth = {
        "is_drug_ad": False,
        "shop_id": None,
        "category": category,
        "post_kind": category,
        "language": lang,
        "obfuscation_level": level,
        "products": [],
        "requisites": draft.requisites,
        "contacts": draft.contacts,
        "clean_text": draft.clean_text().strip(),
    }
    return Post(handle, pick_time(rng, window), merged(draft.parts), truth)


def slots(rng: random.Random, draft: Draft, template: str) -> dict[str, Slot]:
    """Values for the slots the template uses: numbers, wallets, handles, prices."""
    lang = draft.lang
    city = rng.choice(CITIES)[LANGUAGES.index(lang)]
    values: dict[str, Slot] = {"city": city}
    if "{phone}" in template:
        values["phone"] = phone_ident(fake_phone(rng), max(draft.level, 1), rng, lang)
    if "{card}" in template:
        values["card"] = card_ident(fake_card(rng), max(draft.level, 1), rng, lang)
    if "{tron}" in template:
        values["tron"] = wallet_ident("tron", fake_tron(rng), rng)
    if "{btc}" in template:
        values["btc"] = wallet_ident("btc", fake_btc(rng), rng)
    if "{op}" in template:
        handle = f"{rng.choice(TRADER_NAMES)}_{rng.choice(TRADER_TAILS)}{rng.randint(1, 99)}"
        values["op"] = handle_ident(handle, 0, rng, lang)
    if "{link}" in template:
        url = f"https://{NEWS_SITE}/{lang}/news/{rng.randint(100_000, 999_999)}"
        values["link"] = Ident("website", NEWS_SITE, url, "link", requisite=False)
    values["price"] = f"{rng.randint(20, 900) * 1000:,}".replace(",", " ")
    values["rate"] = str(rng.randint(470, 540))
    return values
