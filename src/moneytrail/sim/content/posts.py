"""Posts of a shop's storefront channel: price lists, payment details, delivery, contacts, jobs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from moneytrail.sim.content.common import as_utc, derive, overlap, pick_time
from moneytrail.sim.content.draft import Draft, Post, Slang, merged
from moneytrail.sim.content.idents import (
    handle_ident,
    handle_text_link,
    link_ident,
    payment_ident,
    site_ident,
)
from moneytrail.sim.content.lexicon import (
    CHANNEL_TITLE,
    CITIES,
    HEAD_EMOJI,
    LANGUAGES,
    PHRASES,
    Product,
    city_name,
    product,
)
from moneytrail.sim.content.obfuscate import swap_lookalikes
from moneytrail.sim.content.pricing import price_lines, product_slot
from moneytrail.sim.views import Requisite, ShopView

POST_KINDS = ("price", "payment", "delivery", "contacts", "jobs")
POST_WEIGHTS = (0.35, 0.3, 0.15, 0.1, 0.1)
LEVEL_WEIGHTS = (0.25, 0.3, 0.25, 0.2)
Span = tuple[datetime, datetime]


def shop_products(shop: ShopView) -> tuple[Product, ...]:
    """The shop's products from the lexicon; a shop must sell something we can name."""
    if not shop.products:
        raise ValueError(f"shop {shop.shop_id} lists no products")
    return tuple(product(name) for name in shop.products)


def shop_style(seed: int, shop: ShopView) -> tuple[str, int]:
    """The shop's usual language and obfuscation level."""
    rng = derive(seed, "style", shop.shop_id)
    return rng.choices(LANGUAGES, (0.6, 0.25, 0.15))[0], rng.choices(range(4), LEVEL_WEIGHTS)[0]


def channel_title(seed: int, shop: ShopView) -> str:
    """The display name of the shop's channel."""
    rng = derive(seed, "title", shop.shop_id)
    template = rng.choice(CHANNEL_TITLE)
    city = city_name(shop.city, "ru")
    return template.format(emo=rng.choice(HEAD_EMOJI), shop=shop.name, city=city)


def shop_posts(seed: int, shop: ShopView, count: int, window: Span) -> list[Post]:
    """`count` posts spread over the part of the window when the shop was active."""
    span = overlap((shop.active_from, shop.active_to), window)
    if span is None:
        return []
    return [shop_post(seed, shop, index, span) for index in range(count)]


def shop_post(seed: int, shop: ShopView, index: int, span: Span) -> Post:
    """One post of the shop."""
    rng = derive(seed, "post", shop.shop_id, index)
    main_lang, base_level = shop_style(seed, shop)
    lang = main_lang if rng.random() < 0.8 else rng.choice(LANGUAGES)
    level = min(max(base_level + rng.choice((-1, 0, 0, 1)), 0), 3)
    kind = rng.choices(POST_KINDS, POST_WEIGHTS)[0]
    moment, paid = plan(rng, shop, span, kind)
    kind = "delivery" if kind == "payment" and not paid else kind
    draft = Draft(rng, level, lang)
    goods = shop_products(shop)
    write_head(draft, shop, goods)
    write_body(seed, draft, shop, kind)
    if paid:
        write_payment(draft, shop, paid)
    write_contacts(draft, shop)
    if rng.random() < 0.25:
        write_hashtags(draft, shop, goods)
    truth = {
        "is_drug_ad": True,
        "shop_id": shop.shop_id,
        "category": "shop_ad",
        "post_kind": kind,
        "language": lang,
        "obfuscation_level": level,
        "products": draft.products,
        "requisites": draft.requisites,
        "contacts": draft.contacts,
        "clean_text": draft.clean_text().strip(),
    }
    photo = rng.choice(((1280, 960), (960, 1280))) if rng.random() < 0.4 else None
    edited = moment + timedelta(minutes=rng.randint(1, 120)) if rng.random() < 0.1 else None
    return Post(shop.channel_handle, moment, merged(draft.parts), truth, photo, edited)


def plan(
    rng: random.Random, shop: ShopView, span: Span, kind: str
) -> tuple[datetime, list[Requisite]]:
    """When the post goes out, and which requisites (valid at that moment) it prints."""
    usable = [r for r in shop.requisites if overlap((r.valid_from, r.valid_to), span)]
    if kind == "payment" and usable:
        chosen = rng.choice(usable)
        window = overlap((chosen.valid_from, chosen.valid_to), span)
        assert window is not None  # usable requisites overlap the span
        moment = pick_time(rng, window)
        return moment, [chosen, *pick_others(rng, shop, moment, chosen.kind)]
    moment = pick_time(rng, span)
    if kind == "price" and rng.random() < 0.5:
        return moment, pick_others(rng, shop, moment, None)
    return moment, []


def pick_others(
    rng: random.Random, shop: ShopView, moment: datetime, taken: str | None
) -> list[Requisite]:
    """At most one more requisite of each other kind valid at the moment."""
    valid = [r for r in shop.requisites if as_utc(r.valid_from) <= moment < as_utc(r.valid_to)]
    chosen: list[Requisite] = []
    for kind in ("card", "phone", "iban", "tron", "btc"):
        of_kind = [r for r in valid if r.kind == kind]
        if kind != taken and of_kind and rng.random() < 0.5:
            chosen.append(rng.choice(of_kind))
    return chosen


def write_head(draft: Draft, shop: ShopView, goods: tuple[Product, ...]) -> None:
    """The bold first line; its product word carries look-alike letters from level 1 on."""
    rng = draft.rng
    lead = product_slot(draft, goods[0])
    draft.line(
        rng.choice(PHRASES[draft.lang]["head"]),
        "bold",
        emo=rng.choice(HEAD_EMOJI),
        shop=shop.name,
        city=city_name(shop.city, draft.lang),
        prod=Slang(lead.word, lead=True),
        prod2=product_slot(draft, rng.choice(goods)),
    )


def write_body(seed: int, draft: Draft, shop: ShopView, kind: str) -> None:
    """The lines that make the post what it is."""
    phrases, goods = PHRASES[draft.lang], shop_products(shop)
    if kind == "price":
        cities = [shop.city, *draft.rng.sample([c[2] for c in CITIES], draft.rng.randint(0, 2))]
        for city in dict.fromkeys(city_name(c, draft.lang) for c in cities):
            draft.line(draft.rng.choice(phrases["price_head"]), "bold", city=city)
            for template, slots in price_lines(seed, shop.shop_id, draft, goods, city):
                draft.line(template, **slots)
    elif kind in ("delivery", "payment"):
        draft.line(draft.rng.choice(phrases["delivery"]))
    elif kind == "jobs":
        op = handle_ident(shop.operator_handle, draft.level, draft.rng, draft.lang)
        draft.line(draft.rng.choice(phrases["jobs"]), op=op)
    if kind == "price":
        draft.line(draft.rng.choice(phrases["delivery"]))


def write_payment(draft: Draft, shop: ShopView, paid: list[Requisite]) -> None:
    """The payment block with the requisites valid when the post goes out."""
    phrases, rng = PHRASES[draft.lang], draft.rng
    draft.line(rng.choice(phrases["pay_head"]), "bold")
    for item in paid:
        ident = payment_ident(item.kind, item.value, draft.level, rng, draft.lang)
        draft.line(rng.choice(phrases[item.kind]), **{item.kind: ident})
    if any(item.kind in ("card", "phone") for item in paid):
        draft.line(rng.choice(phrases["today"]), "bold" if rng.random() < 0.5 else "plain")
    if rng.random() < 0.5:
        op = handle_ident(shop.operator_handle, draft.level, rng, draft.lang)
        draft.line(rng.choice(phrases["after"]), op=op)


def write_contacts(draft: Draft, shop: ShopView) -> None:
    """Bot, operator and sometimes the channel link and the site mirror."""
    phrases, rng, level = PHRASES[draft.lang], draft.rng, draft.level
    if rng.random() < 0.3:
        draft.fill("👉 ")
        draft.ident(handle_text_link(shop.bot_handle, "Bot" if draft.lang == "en" else "Бот"))
        draft.add("\n")
    else:
        bot = handle_ident(shop.bot_handle, level, rng, draft.lang)
        draft.line(rng.choice(phrases["bot"]), bot=bot)
    draft.line(
        rng.choice(phrases["op"]), op=handle_ident(shop.operator_handle, level, rng, draft.lang)
    )
    if rng.random() < 0.3:
        draft.line(rng.choice(phrases["channel"]), link=link_ident(shop.channel_handle, level, rng))
    if shop.site and rng.random() < 0.4:
        draft.line(rng.choice(phrases["mirror"]), onion=site_ident(shop.site, level, rng))


def write_hashtags(draft: Draft, shop: ShopView, goods: tuple[Product, ...]) -> None:
    """A closing line of hashtags: the city and a product word (look-alikes from level 1)."""
    word = product_slot(draft, draft.rng.choice(goods)).word
    tags = [
        "".join(ch for ch in tag if ch.isalnum())
        for tag in (city_name(shop.city, draft.lang), word)
    ]
    for tag in tags:
        shown = swap_lookalikes(tag, draft.rng) if draft.level else tag
        draft.add("#" + shown, "hashtag", clean="#" + tag)
        draft.add(" ")
